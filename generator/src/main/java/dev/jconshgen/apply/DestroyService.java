package dev.jconshgen.apply;

import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.render.ScriptKind;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.YamlSpecLoader;
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
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final StateStore store;
    private final ProcessRunner runner;
    private final ProcFs proc;

    public DestroyService(StateStore store, ProcessRunner runner, ProcFs proc) {
        this.store = store;
        this.runner = runner;
        this.proc = proc;
    }

    /** @param nameOrSpec a container name, or the path of its spec file */
    public DestroyReport destroy(String nameOrSpec, Progress progress) {
        String name = nameOrSpec;
        Optional<ContainerSpec> givenSpec = Optional.empty();
        Path givenWorkdir = null;
        if (Files.isRegularFile(Path.of(nameOrSpec))) {
            var loaded = new GeneratorService().load(Path.of(nameOrSpec));
            name = loaded.spec().name();
            givenSpec = Optional.of(loaded.spec());
            givenWorkdir = loaded.workdir();
        }
        Optional<ContainerState> state = store.load(name);
        if (state.isEmpty() && givenSpec.isEmpty()) {
            return new DestroyReport(name, false, List.of(), List.of());
        }
        ContainerSpec spec = state.map(s -> specOf(s)).orElseGet(givenSpec::get);
        Path workdir = state.map(ContainerState::workdir).orElse(givenWorkdir);
        Resources r = Resources.of(spec, workdir, proc);
        HostInspector inspector = new HostInspector(runner, proc);
        long pid = state.map(ContainerState::pid).orElse(0L);
        long startTime = state.map(ContainerState::pidStartTime).orElse(0L);

        // Without state (destroy by spec) only kernel resources are ours for sure; directories
        // are removed only when apply recorded that it made them.
        List<Path> ourDirs = new ArrayList<>();
        if (state.isPresent()) {
            ourDirs.add(r.overlayDir());
            if (state.get().createdLayer()) {
                r.busyboxLayerDir().ifPresent(ourDirs::add);
            }
            if (state.get().createdWorkdir()) {
                ourDirs.clear();
                ourDirs.add(workdir);
            }
        }
        if (state.isEmpty() && inspector.kernelResources(r).isEmpty() && inspector.cgroupProcesses(r).isEmpty()) {
            return new DestroyReport(name, false, List.of(), List.of());
        }

        ScriptSteps steps = new ScriptSteps(runner, progress);
        progress.stepStarted("stop processes");
        long start = System.nanoTime();
        String stopped = stopProcesses(r, inspector, pid, startTime);
        steps.record(new StepResult("stop processes", Duration.ofNanos(System.nanoTime() - start), true, stopped));

        Path scripts = state.isPresent() && Files.isRegularFile(store.scriptsDir(name).resolve(ScriptKind.CLEANUP.fileName()))
                ? store.scriptsDir(name) : renderScripts(spec, name);
        Path cleanup = scripts.resolve(ScriptKind.CLEANUP.fileName());
        if (ourDirs.isEmpty()) {
            // Network and cgroup only: WORKDIR is given as a path that does not exist.
            steps.run("cleanup", cleanup, Path.of("/"), CLEANUP_TIMEOUT, "-v", workdir.resolve(".jconshgen-nothing-to-remove").toString());
        } else {
            for (Path dir : ourDirs) {
                steps.run("cleanup " + dir.getFileName(), cleanup, Path.of("/"), CLEANUP_TIMEOUT, "-v", dir.toString());
            }
        }

        progress.stepStarted("prove nothing is left");
        start = System.nanoTime();
        List<String> leftovers = inspector.leftovers(r, pid, startTime, ourDirs);
        steps.record(new StepResult("prove nothing is left", Duration.ofNanos(System.nanoTime() - start), leftovers.isEmpty(),
                leftovers.isEmpty() ? "no process, veth, netns, cgroup, mount or directory of " + name + " is left"
                        : "left: " + String.join(", ", leftovers)));
        if (leftovers.isEmpty()) {
            store.remove(name);
        }
        if (!scripts.startsWith(store.root())) {
            deleteQuietly(scripts);
        }
        return new DestroyReport(name, true, steps.results(), leftovers);
    }

    private ContainerSpec specOf(ContainerState state) {
        try {
            String text = Files.readString(store.specCopy(state.name()));
            return new YamlSpecLoader().parse(store.specCopy(state.name()).toString(), text);
        } catch (IOException e) {
            return new GeneratorService().load(state.specFile()).spec();
        }
    }

    /** TERM to PID 1 (its trap ends it, and the kernel ends the rest), KILL for what remains. */
    private String stopProcesses(Resources r, HostInspector inspector, long pid, long startTime) {
        List<String> done = new ArrayList<>();
        long launcher = proc.isAlive(pid, startTime) ? proc.parentPid(pid).orElse(0) : 0;
        if (proc.isAlive(pid, startTime)) {
            signal("TERM", pid);
            done.add("sent TERM to " + pid);
            if (!waitUntil(() -> !proc.isAlive(pid, startTime))) {
                signal("KILL", pid);
                done.add("sent KILL to " + pid);
            }
        }
        // unshare, the init's parent, ends when the init does; make sure of it.
        if (launcher > 1 && proc.read(launcher, "comm").orElse("").strip().equals("unshare")) {
            long launcherStart = proc.startTime(launcher).orElse(0);
            if (!waitUntil(() -> !proc.isAlive(launcher, launcherStart))) {
                signal("KILL", launcher);
                done.add("sent KILL to unshare " + launcher);
            }
        }
        for (long other : inspector.cgroupProcesses(r)) {
            signal("KILL", other);
            done.add("sent KILL to " + other + " (in the container's cgroup)");
        }
        waitUntil(() -> inspector.cgroupProcesses(r).isEmpty());
        return done.isEmpty() ? "no process was running" : String.join("; ", done);
    }

    private void signal(String signal, long pid) {
        runner.run(Command.of(Duration.ofSeconds(5), "kill", "-" + signal, Long.toString(pid)));
    }

    private static boolean waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static Path renderScripts(ContainerSpec spec, String name) {
        try {
            Path dir = Files.createTempDirectory("jconshgen-" + name + "-");
            GeneratorService generator = new GeneratorService();
            generator.write(new dev.jconshgen.render.ScriptRenderer().render(spec), dir);
            return dir;
        } catch (IOException e) {
            throw new dev.jconshgen.core.JconshgenException(dev.jconshgen.core.ExitCode.FAILURE, "cannot render the cleanup script: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary directory; nothing depends on it
        }
    }
}
