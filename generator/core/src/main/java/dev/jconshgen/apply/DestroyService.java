package dev.jconshgen.apply;

import dev.jconshgen.core.FileTrees;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.render.ScriptKind;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.state.ContainerState;
import dev.jconshgen.state.StateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * destroy: stop every process of the container, run the generated cleanup, then prove from the
 * kernel's own view that nothing is left, and drop the state. Destroying what does not exist
 * succeeds and says so.
 */
public final class DestroyService {
    static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(60);

    private final StateStore store;
    private final ProcessRunner runner;
    private final ProcFs proc;

    public DestroyService(StateStore store, ProcessRunner runner, ProcFs proc) {
        this.store = store;
        this.runner = runner;
        this.proc = proc;
    }

    /**
     * @param nameOrSpec a container name, or the path of its spec file
     * @param force      without state (jconshgen did not apply it here), remove what carries the
     *                   spec's names anyway; otherwise such resources are only reported
     */
    public DestroyReport destroy(String nameOrSpec, boolean force, Progress progress) {
        PhaseTimer.phase("destroy: start");
        ContainerRef ref = ContainerRef.parse(nameOrSpec);
        String name = ref.name();
        Optional<ContainerState> recorded = store.load(name);
        if (recorded.isEmpty() && ref.spec().isEmpty()) {
            return new DestroyReport(name, false, List.of(), List.of());
        }
        if (recorded.isPresent() && InnerContainers.outerOf(store, name).isPresent()) {
            // a lab member inside another: everything it has is inside its outer container
            return new InnerContainers(store, runner, proc).destroy(name, progress);
        }
        ContainerSpec spec = recorded.map(s -> RunningContainer.appliedSpec(s, store)).orElseGet(() -> ref.spec().get().spec());
        Path workdir = recorded.map(ContainerState::workdir).orElseGet(() -> ref.spec().get().workdir());
        HostInspector inspector = new HostInspector(proc);
        ContainerStopper stopper = new ContainerStopper(proc, inspector);
        // An apply killed with SIGKILL may have left its script running and its container
        // unrecorded: the script is stopped first (TERM lets it roll back), then the container it
        // started is adopted, with the cgroups and the netns the kernel shows it in.
        List<String> stoppedScripts = new ArrayList<>();
        Optional<ContainerState> state = recorded.map(s -> {
            if (!store.applyEnded(name)) {
                stoppedScripts.addAll(stopper.stopLeftoverScripts(store.scriptsDir(name)));
            }
            return stopper.adoptUnrecordedContainer(s, Resources.of(spec, workdir, proc), store.pidFile(name));
        });
        PhaseTimer.phase("destroy: state, leftover scripts, adopt");
        Resources named = Resources.of(spec, workdir, proc)
                .withRecordedCgroups(state.map(ContainerState::cgroupDirs).orElse(List.of()));
        // What carries the names but is not this container's (the winner's netns when this apply
        // lost a race for the name) is neither stopped, removed nor counted as left over.
        Resources r = Ownership.owned(named, state);
        long pid = state.map(ContainerState::pid).orElse(0L);
        long startTime = state.map(ContainerState::pidStartTime).orElse(0L);

        if (state.isEmpty()) {
            List<String> found = new ArrayList<>(inspector.kernelResources(r));
            inspector.cgroupProcesses(r).forEach(p -> found.add("process " + p + " (in cgroup " + r.cgroupDirs() + ")"));
            if (found.isEmpty()) {
                return new DestroyReport(name, false, List.of(), List.of());
            }
            if (!force) {
                // Not applied by jconshgen here: these only carry the spec's names. Say so, touch nothing.
                return new DestroyReport(name, true, List.of(new StepResult("find " + name, Duration.ZERO, false,
                        "no state for " + name + " under " + store.root() + "; these carry its names but jconshgen did not"
                                + " make them here: " + String.join(", ", found)
                                + ". 'jconshgen destroy --force SPEC' stops and removes them.")), found);
            }
        }

        // The cgroup parents apply made, when the cgroup is this container's (see Ownership).
        List<Path> createdParents = r.cgroup().isPresent() ? state.map(ContainerState::createdCgroupParents).orElse(List.of()) : List.of();

        // Directories are removed only when apply recorded that it made them.
        List<Path> ourDirs = new ArrayList<>();
        state.ifPresent(s -> {
            if (s.createdWorkdir()) {
                ourDirs.add(workdir);
                return;
            }
            if (s.createdOverlay()) {
                ourDirs.add(r.overlayDir());
            }
            if (s.createdLayer()) {
                r.busyboxLayerDir().ifPresent(ourDirs::add);
            }
        });

        ScriptSteps steps = new ScriptSteps(runner, progress);
        progress.stepStarted("stop processes");
        long start = System.nanoTime();
        String stopped = String.join("; ", stoppedScripts) + (stoppedScripts.isEmpty() ? "" : "; ")
                + stopper.stopContainer(r, pid, startTime);
        PhaseTimer.phase("destroy: stop processes");
        steps.record(new StepResult("stop processes", Duration.ofNanos(System.nanoTime() - start), true, stopped));

        boolean ownScripts = state.isPresent() && Files.isRegularFile(store.scriptsDir(name).resolve(ScriptKind.CLEANUP.fileName()));
        Path scripts = ownScripts ? store.scriptsDir(name) : renderScripts(spec, name);
        try {
            Path cleanup = scripts.resolve(ScriptKind.CLEANUP.fileName());
            // With state, the cgroup is removed as recorded (the script's own rule could point
            // elsewhere for another user), and one apply did not record is not its own.
            List<String> options = new ArrayList<>();
            if (state.isPresent()) {
                options.addAll(List.of("-c", ""));
            }
            if (named.network().isPresent() && r.network().isEmpty()) {
                options.addAll(List.of("-n", ""));
            }
            if (ourDirs.isEmpty()) {
                // Network and cgroup only: the work directory argument names nothing.
                cleanup(steps, cleanup, "cleanup", options, workdir.resolve(".jconshgen-nothing-to-remove"));
            } else {
                for (Path dir : ourDirs) {
                    cleanup(steps, cleanup, "cleanup " + dir.getFileName(), options, dir);
                }
            }
            removeRecordedCgroups(r, steps);
            removeCreatedParents(createdParents, steps);
        } finally {
            if (!ownScripts) {
                FileTrees.deleteQuietly(scripts);
            }
        }

        PhaseTimer.phase("destroy: cleanup script, cgroups");
        progress.stepStarted("prove nothing is left");
        start = System.nanoTime();
        List<Path> dirs = new ArrayList<>(ourDirs);
        dirs.addAll(CgroupParents.leftOver(createdParents));
        List<String> leftovers = inspector.leftovers(r, pid, startTime, dirs);
        steps.record(new StepResult("prove nothing is left", Duration.ofNanos(System.nanoTime() - start), leftovers.isEmpty(),
                leftovers.isEmpty() ? "no process, veth, netns, cgroup, mount or directory of " + name + " is left"
                        : "left: " + String.join(", ", leftovers)));
        PhaseTimer.phase("destroy: prove nothing is left");
        if (leftovers.isEmpty()) {
            store.remove(name);
        }
        return new DestroyReport(name, true, steps.results(), leftovers);
    }

    private void cleanup(ScriptSteps steps, Path script, String stepName, List<String> options, Path target) {
        List<String> args = new ArrayList<>(List.of("-v"));
        args.addAll(options);
        args.add(target.toString());
        steps.run(stepName, script, Path.of("/"), CLEANUP_TIMEOUT, args.toArray(String[]::new));
    }

    /** rmdir of the cgroups apply recorded and any made below them, deepest first; all are empty now. */
    private void removeRecordedCgroups(Resources r, ScriptSteps steps) {
        if (r.recordedCgroupDirs().isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        for (Path top : r.recordedCgroupDirs()) {
            for (Path dir : HostInspector.cgroupTree(top)) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    problems.add(dir + ": " + e.getMessage());
                }
            }
        }
        steps.record(new StepResult("remove the cgroup", Duration.ofNanos(System.nanoTime() - start), problems.isEmpty(),
                problems.isEmpty() ? "removed " + r.recordedCgroupDirs() : String.join("; ", problems)));
    }

    /** rmdir of the cgroup parents apply made, deepest first, unless another cgroup is in one now. */
    private static void removeCreatedParents(List<Path> parents, ScriptSteps steps) {
        if (parents.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<String> problems = CgroupParents.remove(parents);
        steps.record(new StepResult("remove the cgroup parents apply made", Duration.ofNanos(System.nanoTime() - start), problems.isEmpty(),
                problems.isEmpty() ? "removed what no other cgroup uses of " + parents : String.join("; ", problems)));
    }

    private static Path renderScripts(ContainerSpec spec, String name) {
        try {
            Path dir = Files.createTempDirectory("jconshgen-" + name + "-");
            GeneratorService generator = new GeneratorService();
            generator.write(generator.render(spec), dir);
            return dir;
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot render the cleanup script: " + e.getMessage(), e);
        }
    }
}
