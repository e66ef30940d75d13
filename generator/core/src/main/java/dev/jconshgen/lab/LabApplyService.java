package dev.jconshgen.lab;

import dev.jconshgen.apply.ApplyEnding;
import dev.jconshgen.apply.ApplyReport;
import dev.jconshgen.apply.ApplyService;
import dev.jconshgen.apply.Interruption;
import dev.jconshgen.apply.Progress;
import dev.jconshgen.apply.Resources;
import dev.jconshgen.apply.StepResult;
import dev.jconshgen.apply.preflight.Blocker;
import dev.jconshgen.apply.preflight.Preflight;
import dev.jconshgen.apply.preflight.PreflightException;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.render.ScriptKind;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.YamlSpecLoader.LoadedLab;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;
import dev.jconshgen.verify.CheckResult;

import dev.jconshgen.core.AtomicWrite;
import dev.jconshgen.state.AppliedImages;
import dev.jconshgen.apply.InnerContainers;
import dev.jconshgen.render.LabRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * apply of a lab: one preflight for every member and the bridge, then the lab's state (which
 * records the bridge before it is made), the bridge, each member as apply makes a container
 * (each with its own state and checks), and the checks that every member reaches every other
 * one. Any failure or signal undoes every member made so far and then the bridge.
 */
public final class LabApplyService {
    static final Duration BRIDGE_TIMEOUT = Duration.ofSeconds(30);

    private final LabStore labs;
    private final ProcessRunner runner;
    private final ProcFs proc;
    private final GeneratorService generator = new GeneratorService();

    public LabApplyService(LabStore labs, ProcessRunner runner, ProcFs proc) {
        this.labs = labs;
        this.runner = runner;
        this.proc = proc;
    }

    public LabReport apply(Path labFile, boolean keepOnFailure, Progress progress, Interruption interruption) {
        LoadedLab loaded = generator.loadLab(labFile);
        LabSpec lab = loaded.lab();
        List<Blocker> blockers = blockers(labFile, loaded, runner, proc);
        if (!blockers.isEmpty()) {
            throw new PreflightException("lab " + lab.name(), blockers);
        }
        List<String> conflicts = new BridgeHost(runner).conflicts(lab.bridge(), lab.address());
        if (!conflicts.isEmpty()) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot apply lab " + lab.name() + ": " + String.join("; ", conflicts)
                    + "; nothing was changed");
        }
        if (!labs.claim(lab.name())) {
            throw new JconshgenException(ExitCode.FAILURE, "lab " + lab.name() + " exists already (state in " + labs.dir(lab.name())
                    + "): run 'jconshgen destroy " + lab.name() + "' first");
        }
        LabState state = new LabState(lab.name(), labFile.toAbsolutePath().normalize(), lab.bridge(), LabState.Bridge.NONE, List.of());
        labs.save(state);
        List<StepResult> steps = new ArrayList<>();
        List<CheckResult> checks = new ArrayList<>();
        String stepsFailure = ApplyEnding.runSteps(() -> run(labFile, loaded, state, steps, checks, keepOnFailure, progress, interruption));
        String failure = ApplyEnding.settle(stepsFailure, interruption.happened(), keepOnFailure, lab.name(), progress,
                () -> {
                    LabReport undo = new LabDestroyService(labs, runner, proc).destroy(lab.name(), Progress.SILENT);
                    return ApplyEnding.notUndone(undo.ok(), undo.leftovers(), undo.steps());
                });
        return new LabReport(lab.name(), true, steps, checks, List.of(), Optional.ofNullable(failure));
    }

    /**
     * Every member's blockers and the lab's, each once: what apply checks before anything is
     * made, and what 'jconshgen preflight' reports.
     */
    public static List<Blocker> blockers(Path labFile, LoadedLab loaded, ProcessRunner runner, ProcFs proc) {
        Preflight preflight = Preflight.onThisHost(proc);
        Set<Blocker> blockers = new LinkedHashSet<>();
        for (LoadedSpec member : loaded.members()) {
            // a member inside another has nothing on the host: its outer container holds it all
            if (!loaded.lab().isInner(member.spec().name())) {
                blockers.addAll(preflight.blockers(labFile, Resources.of(member.spec(), member.workdir(), proc)));
            }
        }
        if (!loaded.lab().inside().isEmpty()) {
            // verify tells an inner container's parent namespaces by lsns's PNS column (util-linux 2.38)
            ExecResult lsns = runner.run(new Command(List.of("lsns", "-p", "1", "-o", "PNS", "-n"), BRIDGE_TIMEOUT, Path.of("/")));
            if (!lsns.ok()) {
                blockers.add(new Blocker("lsns cannot show a namespace's parent (its PNS column), which verify needs for a container"
                        + " inside another: " + lsns.describe().strip(), "install util-linux 2.38 or newer (Debian 12, Ubuntu 24.04)"));
            }
        }
        return List.copyOf(blockers);
    }

    /** The steps; null when all worked, else what failed. */
    private String run(Path labFile, LoadedLab loaded, LabState initial, List<StepResult> steps, List<CheckResult> checks,
                       boolean keepOnFailure, Progress progress, Interruption interruption) {
        LabSpec lab = loaded.lab();
        Path scripts = labs.scriptsDir(lab.name());
        try {
            AtomicWrite.write(labs.imagesFile(lab.name()), AppliedImages.json(lab.containers()).getBytes(StandardCharsets.UTF_8));
            Files.copy(labFile, labs.specCopy(lab.name()));
        } catch (IOException e) {
            return "cannot copy the spec into " + labs.dir(lab.name()) + ": " + e.getMessage();
        }
        LabRenderer.LabScripts rendered = generator.renderLab(lab);
        generator.writeLab(rendered, scripts);

        // Recorded before the bridge is made: after a kill -9 halfway, destroy still knows the
        // bridge may be the lab's (its name was free when apply checked it).
        LabState[] state = {initial.withBridge(LabState.Bridge.CREATING)};
        labs.save(state[0]);
        StepResult bridge = runScript("bridge " + lab.bridge(), scripts.resolve(ScriptKind.BRIDGE_SETUP.fileName()), progress);
        steps.add(bridge);
        if (!bridge.ok()) {
            return "step '" + bridge.name() + "' failed:\n" + bridge.output().stripTrailing();
        }
        state[0] = state[0].withBridge(LabState.Bridge.CREATED);
        labs.save(state[0]);

        ApplyService containers = new ApplyService(labs.containers(), runner, proc);
        for (LoadedSpec member : loaded.members()) {
            if (interruption.happened()) {
                return "interrupted before " + member.spec().name();
            }
            String name = member.spec().name();
            Runnable claimed = () -> {
                labs.markMember(name, lab.name());
                state[0] = state[0].withMember(name);
                labs.save(state[0]);
            };
            ApplyReport report = lab.isInner(name)
                    ? new InnerContainers(labs.containers(), runner, proc).apply(labFile, lab, member.spec(), rendered.members().get(name),
                            keepOnFailure, MemberProgress.of(name, progress), interruption, claimed)
                    : containers.applyMember(labFile, member, keepOnFailure, MemberProgress.of(name, progress), interruption, claimed);
            report.steps().forEach(s -> steps.add(new StepResult(name + ": " + s.name(), s.duration(), s.ok(), s.output())));
            report.checks().forEach(c -> checks.add(MemberProgress.named(name, c)));
            if (!report.ok()) {
                return "container " + name + ": " + report.failure().orElse("failed");
            }
        }
        if (interruption.happened()) {
            return "interrupted before the lab's network checks";
        }
        progress.stepStarted("lab network");
        long start = System.nanoTime();
        List<CheckResult> reach = new LabVerifyService(labs, runner, proc).reachability(lab);
        reach.forEach(progress::check);
        checks.addAll(reach);
        List<String> failed = reach.stream().filter(CheckResult::failed).map(c -> c.name() + ": expected " + c.expected() + ", saw " + c.actual()).toList();
        StepResult network = new StepResult("lab network", Duration.ofNanos(System.nanoTime() - start), failed.isEmpty(), String.join("\n", failed));
        steps.add(network);
        progress.stepFinished(network);
        return network.ok() ? null : "step 'lab network' failed:\n" + network.output();
    }

    private StepResult runScript(String stepName, Path script, Progress progress) {
        progress.stepStarted(stepName);
        ExecResult result = runner.run(new Command(List.of("sh", script.toString(), "-v"), BRIDGE_TIMEOUT, Path.of("/")));
        StepResult step = new StepResult(stepName, result.duration(), result.ok(), result.ok() ? result.stdout() : result.describe());
        progress.stepFinished(step);
        return step;
    }
}
