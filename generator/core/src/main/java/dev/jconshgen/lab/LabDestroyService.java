package dev.jconshgen.lab;

import dev.jconshgen.core.FileTrees;
import dev.jconshgen.apply.DestroyReport;
import dev.jconshgen.apply.DestroyService;
import dev.jconshgen.apply.Progress;
import dev.jconshgen.apply.StepResult;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.render.ScriptKind;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.state.AppliedImages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * destroy of a lab: every member as destroy removes a container (last applied first, each with
 * its own proof that nothing of it is left), then the bridge, only when the lab made it, and the
 * proof that the bridge is gone. Works on what an apply killed with SIGKILL left: the members it
 * recorded and a bridge whose creation it recorded before starting it.
 */
public final class LabDestroyService {
    static final Duration BRIDGE_TIMEOUT = Duration.ofSeconds(30);

    private final LabStore labs;
    private final ProcessRunner runner;
    private final ProcFs proc;
    private final BridgeHost host;

    public LabDestroyService(LabStore labs, ProcessRunner runner, ProcFs proc) {
        this(labs, runner, proc, new BridgeHost(runner));
    }

    LabDestroyService(LabStore labs, ProcessRunner runner, ProcFs proc, BridgeHost host) {
        this.labs = labs;
        this.runner = runner;
        this.proc = proc;
        this.host = host;
    }

    public LabReport destroy(String labName, Progress progress) {
        Optional<LabState> recorded = labs.load(labName);
        if (recorded.isEmpty()) {
            // Claimed by an apply killed before it wrote anything: nothing was made yet.
            boolean claimed = labs.claimedWithoutState(labName);
            labs.remove(labName);
            return new LabReport(labName, claimed, List.of(), List.of(), List.of(), Optional.empty());
        }
        LabState state = recorded.get();
        List<StepResult> steps = new ArrayList<>();
        List<String> leftovers = new ArrayList<>();
        DestroyService containers = new DestroyService(labs.containers(), runner, proc);
        List<String> lastFirst = new ArrayList<>(state.members());
        java.util.Collections.reverse(lastFirst);
        for (String member : lastFirst) {
            if (labs.containers().load(member).isEmpty()) {
                // Claimed, then killed before its state was written: only the directory is left.
                if (labs.labOf(member).filter(labName::equals).isPresent()) {
                    labs.containers().remove(member);
                }
                continue;
            }
            DestroyReport report = containers.destroy(member, false, MemberProgress.of(member, progress));
            report.steps().forEach(s -> steps.add(new StepResult(member + ": " + s.name(), s.duration(), s.ok(), s.output())));
            report.leftovers().forEach(l -> leftovers.add(member + ": " + l));
            if (!report.ok() && report.leftovers().isEmpty()) {
                leftovers.add(member + ": destroy failed");
            }
        }

        String bridge = state.bridgeName();
        boolean ours = state.bridge() != LabState.Bridge.NONE;
        if (ours && host.exists(bridge)) {
            steps.add(removeBridge(state, progress));
        }
        if (ours) {
            progress.stepStarted("prove the bridge is gone");
            boolean gone = !host.exists(bridge);
            StepResult proof = new StepResult("prove the bridge is gone", Duration.ZERO, gone,
                    gone ? "no interface " + bridge : "bridge " + bridge + " is still there, with ports " + host.ports(bridge));
            steps.add(proof);
            progress.stepFinished(proof);
            if (!gone) {
                leftovers.add("bridge " + bridge);
            }
        }
        if (leftovers.isEmpty() && steps.stream().allMatch(StepResult::ok)) {
            labs.remove(labName);
        }
        return new LabReport(labName, true, steps, List.of(), leftovers, Optional.empty());
    }

    /** The lab's own consh_bridge_cleanup.sh, which refuses a bridge that still has ports. */
    private StepResult removeBridge(LabState state, Progress progress) {
        Path script = labs.scriptsDir(state.name()).resolve(ScriptKind.BRIDGE_CLEANUP.fileName());
        Path rendered = null;
        if (!Files.isRegularFile(script)) {
            // Killed before the scripts were written: render them again from the spec copy.
            try {
                GeneratorService generator = new GeneratorService();
                rendered = Files.createTempDirectory("jconshgen-lab-");
                var lab = AppliedImages.loader(labs.imagesFile(state.name())).parseLab(labs.specCopy(state.name()).toString(), Files.readString(labs.specCopy(state.name())));
                generator.writeLab(generator.renderLab(lab), rendered);
                script = rendered.resolve(ScriptKind.BRIDGE_CLEANUP.fileName());
            } catch (java.io.IOException | RuntimeException e) {
                return new StepResult("remove bridge " + state.bridgeName(), Duration.ZERO, false, "cannot render its cleanup script: " + e.getMessage());
            }
        }
        String name = "remove bridge " + state.bridgeName();
        progress.stepStarted(name);
        ExecResult result = runner.run(new Command(List.of("sh", script.toString(), "-v", state.bridgeName()), BRIDGE_TIMEOUT, Path.of("/")));
        StepResult step = new StepResult(name, result.duration(), result.ok(), result.ok() ? result.stdout() : result.describe());
        progress.stepFinished(step);
        if (rendered != null) {
            FileTrees.deleteQuietly(rendered);
        }
        return step;
    }
}
