package dev.jconshgen.apply;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.Nsenter;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.render.GeneratedScript;
import dev.jconshgen.render.LabRenderer;
import dev.jconshgen.render.ScriptKind;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.state.ContainerState;
import dev.jconshgen.state.StateStore;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.NestedChecks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * apply and destroy of a lab member inside another ('inside: OUTER'). Its scripts are written into
 * the outer container through a shell in the outer's namespaces and root (never through
 * /proc/PID/root, where a symlink the container made would be followed on the host), and run
 * there as its root: consh_inner_setup.sh -d makes the tmpfs, the busybox layer and the inner
 * container, whose PID 1 it reports as the outer container sees it; the host PID is found by its
 * NSpid. destroy stops that PID 1 and runs consh_inner_cleanup.sh in the outer container, then
 * proves that nothing of the inner one is left there.
 */
public final class InnerContainers {
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    /** The file in an inner member's state that names its outer member. */
    static final String OUTER_FILE = "inside";

    private final StateStore store;
    private final ProcessRunner runner;
    private final ProcFs proc;

    public InnerContainers(StateStore store, ProcessRunner runner, ProcFs proc) {
        this.store = store;
        this.runner = runner;
        this.proc = proc;
    }

    /** The member a container's state says it runs inside, when it is an inner one. */
    public static Optional<String> outerOf(StateStore store, String name) {
        try {
            return Optional.of(Files.readString(store.dir(name).resolve(OUTER_FILE)).strip()).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @param claimed run right after the name is claimed (the lab records its member there)
     */
    public ApplyReport apply(Path labFile, LabSpec lab, ContainerSpec inner, List<GeneratedScript> scripts, boolean keepOnFailure,
                             Progress progress, Interruption interruption, Runnable claimed) {
        String name = inner.name();
        String outerName = lab.outerOf(name).orElseThrow();
        ContainerState outer = store.load(outerName).filter(s -> proc.isAlive(s.pid(), s.pidStartTime())).orElseThrow(() ->
                new JconshgenException(ExitCode.FAILURE, "container " + name + ": its outer container " + outerName + " is not running"
                        + " ('jconshgen destroy " + lab.name() + "', then apply the lab again)"));
        if (!store.claim(name)) {
            throw new JconshgenException(ExitCode.FAILURE, "container " + name + " exists already (state in " + store.dir(name)
                    + "): destroy it first");
        }
        claimed.run();
        ScriptSteps steps = new ScriptSteps(runner, progress);
        List<CheckResult> checks = new ArrayList<>();
        String failure = ApplyEnding.runSteps(() -> run(labFile, inner, outerName, outer, scripts, steps, checks, progress, interruption));
        if (interruption.happened() && failure == null) {
            failure = "interrupted";
        }
        long pid = store.load(name).map(ContainerState::pid).orElse(0L);
        if (failure != null && !interruption.happened() && keepOnFailure) {
            // the lab keeps it too, and says so ('jconshgen destroy LAB' removes it)
        } else if (failure != null) {
            DestroyReport undo = destroy(name, Progress.SILENT);
            List<String> left = ApplyEnding.notUndone(undo.ok(), undo.leftovers(), undo.steps());
            failure = failure + (left.isEmpty() ? "\neverything apply made of " + name + " was removed"
                    : "\nNOT removed: " + String.join("; ", left));
        } else {
            store.markApplyEnded(name);
        }
        return new ApplyReport(name, pid, steps.results(), checks, Optional.ofNullable(failure));
    }

    private String run(Path labFile, ContainerSpec inner, String outerName, ContainerState outer, List<GeneratedScript> scripts,
                       ScriptSteps steps, List<CheckResult> checks, Progress progress, Interruption interruption) {
        String name = inner.name();
        String dir = LabRenderer.innerScripts(name);
        try {
            Files.writeString(store.dir(name).resolve(OUTER_FILE), outerName + "\n");
            Files.copy(labFile, store.specCopy(name));
            store.save(new ContainerState(name, labFile.toAbsolutePath().normalize(), Path.of(LabRenderer.innerWorkdir(name)), false, false,
                    false, proc.selfUid(), 0, 0, List.of()));
            new GeneratorService().write(scripts, store.scriptsDir(name));
        } catch (IOException e) {
            return "cannot write the state of " + name + " in " + store.dir(name) + ": " + e.getMessage();
        }
        // Each script as an argument of one shell in the outer container: its root resolves every path.
        List<String> copy = new ArrayList<>(List.of("sh", "-c", "umask 022; dir=$1; shift; mkdir -p \"$dir\" || exit 1;"
                + " while [ \"$#\" -gt 1 ]; do printf '%s' \"$2\" >\"$dir/$1\" || exit 1; shift 2; done", "sh", dir));
        for (GeneratedScript script : scripts) {
            copy.add(script.fileName());
            copy.add(script.content());
        }
        StepResult copied = step(steps, progress, "copy the scripts into " + outerName, outer.pid(), copy);
        if (!copied.ok() || interruption.happened()) {
            return copied.ok() ? "interrupted" : failed(copied);
        }
        if (!proc.isAlive(outer.pid(), outer.pidStartTime())) {
            return "the outer container " + outerName + " stopped";
        }
        // -d: the PID file and the log go to the work directory (the tmpfs), where the cleanup looks
        StepResult setup = step(steps, progress, "inner setup", outer.pid(), List.of("sh", dir + "/" + ScriptKind.INNER_SETUP.fileName(),
                "-d"));
        if (!setup.ok()) {
            return failed(setup);
        }
        String pidFile = LabRenderer.innerWorkdir(name) + "/container.pid";
        ExecResult read = runner.run(Command.of(STEP_TIMEOUT, inOuter(outer.pid(), List.of("cat", pidFile))));
        String inOuter = read.stdout().strip();
        if (!read.ok() || !inOuter.matches("[0-9]{1,9}")) {
            return "cannot read the PID of " + name + "'s PID 1 from " + pidFile + " in " + outerName + ": "
                    + (read.ok() ? "it holds '" + inOuter + "'" : read.describe().strip());
        }
        Optional<Long> hostPid = hostPidOf(outer.pid(), inOuter);
        if (hostPid.isEmpty()) {
            return "no process in a PID namespace below " + outerName + "'s is its PID " + inOuter + " there: the PID 1 of " + name
                    + " is not running";
        }
        long startTime = proc.startTime(hostPid.get()).orElse(0);
        store.save(store.load(name).orElseThrow().withProcess(hostPid.get(), startTime, List.of()));
        if (interruption.happened()) {
            return "interrupted before verify";
        }
        progress.stepStarted("verify");
        long start = System.nanoTime();
        List<CheckResult> results = new NestedChecks().verify(inner, hostPid.get(), startTime, proc.selfUid(), outer.pid(),
                LabRenderer.innerWorkdir(name), proc, runner);
        results.forEach(progress::check);
        checks.addAll(results);
        List<String> failedChecks = results.stream().filter(CheckResult::failed)
                .map(c -> c.name() + ": expected " + c.expected() + ", saw " + c.actual()).toList();
        StepResult verify = steps.record(new StepResult("verify", Duration.ofNanos(System.nanoTime() - start), failedChecks.isEmpty(),
                String.join("\n", failedChecks)));
        return verify.ok() ? null : failed(verify);
    }

    /** verify of an inner member from its state: SPEC as applied (from the lab's spec copy). */
    public List<CheckResult> verify(String name, ContainerSpec spec) {
        ContainerState state = store.load(name).orElseThrow(() -> new JconshgenException(ExitCode.FAILURE, "no container " + name));
        String outerName = outerOf(store, name).orElse("");
        Optional<ContainerState> outer = store.load(outerName).filter(s -> proc.isAlive(s.pid(), s.pidStartTime()));
        if (outer.isEmpty()) {
            return List.of(CheckResult.of("outer container " + (outerName.isEmpty() ? "(not recorded)" : outerName) + " running", false,
                    "running", "not running: destroy the lab and apply it again"));
        }
        return new NestedChecks().verify(spec, state.pid(), state.pidStartTime(), state.uid(), outer.get().pid(),
                LabRenderer.innerWorkdir(name), proc, runner);
    }

    /**
     * destroy of an inner member: its PID 1 stopped (TERM, then KILL), consh_inner_cleanup.sh run
     * in the outer container, its scripts removed there, and the proof that its process, its
     * tmpfs and its scripts are gone. An outer container that is gone took all of it along.
     */
    public DestroyReport destroy(String name, Progress progress) {
        Optional<ContainerState> recorded = store.load(name);
        if (recorded.isEmpty()) {
            boolean claimed = Files.isDirectory(store.dir(name));
            store.remove(name);
            return new DestroyReport(name, claimed, List.of(), List.of());
        }
        ContainerState state = recorded.get();
        String outerName = outerOf(store, name).orElse("");
        Optional<ContainerState> outer = store.load(outerName).filter(s -> proc.isAlive(s.pid(), s.pidStartTime()));
        List<StepResult> results = new ArrayList<>();
        progress.stepStarted("stop processes");
        long start = System.nanoTime();
        List<String> stopped = new ArrayList<>(List.of(stop(state.pid(), state.pidStartTime())));
        // an apply killed during the setup recorded no PID: what runs of the container is found in the outer
        outer.ifPresent(o -> leftoversOf(name, o.pid()).forEach(pid -> stopped.add(stop(pid, proc.startTime(pid).orElse(0)))));
        StepResult stop = new StepResult("stop processes", Duration.ofNanos(System.nanoTime() - start), true, String.join("; ", stopped));
        progress.stepFinished(stop);
        results.add(stop);
        String dir = LabRenderer.innerScripts(name);
        String workdir = LabRenderer.innerWorkdir(name);
        List<String> leftovers = new ArrayList<>();
        if (outer.isPresent() && proc.isAlive(outer.get().pid(), outer.get().pidStartTime())) {
            long outerPid = outer.get().pid();
            results.add(step(null, progress, "inner cleanup", outerPid, List.of("sh", "-c",
                    "[ ! -e \"$1/$2\" ] || sh \"$1/$2\" -k || exit 1; rm -rf -- \"$1\"", "sh", dir, ScriptKind.INNER_CLEANUP.fileName())));
            if (MountInfo.parse(proc.read(outerPid, "mountinfo").orElse("")).at(workdir).isPresent()) {
                leftovers.add("a mount at " + workdir + " in " + outerName);
            }
            ExecResult look = runner.run(Command.of(STEP_TIMEOUT, inOuter(outerPid, List.of("sh", "-c",
                    "for f in \"$@\"; do [ ! -e \"$f\" ] || echo \"$f\"; done", "sh", dir, workdir))));
            look.stdout().lines().filter(l -> !l.isBlank()).forEach(l -> leftovers.add(l + " in " + outerName));
            leftoversOf(name, outerPid).forEach(pid -> leftovers.add("process " + pid + " of " + name + " in " + outerName));
        }
        if (proc.isAlive(state.pid(), state.pidStartTime())) {
            leftovers.add("process " + state.pid() + " (PID 1 of " + name + ")");
        }
        if (leftovers.isEmpty() && results.stream().allMatch(StepResult::ok)) {
            store.remove(name);
        }
        return new DestroyReport(name, true, results, leftovers);
    }

    private String stop(long pid, long startTime) {
        if (pid <= 0 || !proc.isAlive(pid, startTime)) {
            return "no process was running";
        }
        // ProcessHandle: kill(2) from here, for the process that still has its start time
        ContainerStopper.signal("TERM", pid);
        if (waitGone(pid, startTime)) {
            return "sent TERM to " + pid;
        }
        ContainerStopper.signal("KILL", pid);
        waitGone(pid, startTime);
        return "sent TERM, then KILL to " + pid;
    }

    private boolean waitGone(long pid, long startTime) {
        return dev.jconshgen.run.Poll.until(() -> !proc.isAlive(pid, startTime), ContainerStopper.STOP_GRACE);
    }

    /**
     * The host PID of the process that is PID INOUTER in the outer container's PID namespace, one
     * level below it: searched among the outer container's own descendants only, so that the
     * number the outer container wrote can never name a process of anybody else.
     */
    private Optional<Long> hostPidOf(long outerPid, String inOuter) {
        List<String> outerLevels = NestedChecks.nspid(proc, outerPid);
        if (outerLevels.isEmpty()) {
            return Optional.empty();
        }
        for (long pid : descendantsOf(outerPid)) {
            List<String> levels = NestedChecks.nspid(proc, pid);
            if (levels.size() == outerLevels.size() + 1 && levels.get(outerLevels.size() - 1).equals(inOuter)) {
                return Optional.of(pid);
            }
        }
        return Optional.empty();
    }

    /** The processes below ROOT in the process tree (by their parents), read from /proc. */
    private List<Long> descendantsOf(long root) {
        java.util.Map<Long, List<Long>> children = new java.util.HashMap<>();
        for (long pid : proc.pids()) {
            proc.parentPid(pid).ifPresent(parent -> children.computeIfAbsent(parent, p -> new ArrayList<>()).add(pid));
        }
        List<Long> found = new ArrayList<>();
        java.util.Deque<Long> todo = new java.util.ArrayDeque<>(children.getOrDefault(root, List.of()));
        while (!todo.isEmpty() && found.size() < 100_000) {
            long pid = todo.pop();
            found.add(pid);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return found;
    }

    /**
     * What is left of the inner container NAME in the outer: processes whose root is its overlay
     * (upper directory in its work directory), and its setup script, found among the outer
     * container's descendants. An apply killed during the setup leaves them unrecorded.
     */
    private List<Long> leftoversOf(String name, long outerPid) {
        String workdir = LabRenderer.innerWorkdir(name);
        String setup = LabRenderer.innerScripts(name) + "/" + ScriptKind.INNER_SETUP.fileName();
        List<Long> left = new ArrayList<>();
        for (long pid : descendantsOf(outerPid)) {
            String upper = MountInfo.parse(proc.read(pid, "mountinfo").orElse("")).at("/").flatMap(m -> m.option("upperdir")).orElse("");
            String cmdline = proc.read(pid, "cmdline").orElse("").replace('\0', ' ');
            if (upper.startsWith(workdir + "/") || cmdline.contains(setup)) {
                left.add(pid);
            }
        }
        return left;
    }

    private List<String> inOuter(long outerPid, List<String> command) {
        List<String> argv = new ArrayList<>(Nsenter.into(proc, outerPid));
        argv.addAll(command);
        return argv;
    }

    /** A command in the outer container, as a step (recorded in STEPS when given). */
    private StepResult step(ScriptSteps steps, Progress progress, String name, long outerPid, List<String> command) {
        progress.stepStarted(name);
        ExecResult result = runner.run(Command.of(STEP_TIMEOUT, inOuter(outerPid, command)));
        StepResult step = new StepResult(name, result.duration(), result.ok(), result.ok() ? result.stdout() : result.describe());
        if (steps != null) {
            return steps.record(step);
        }
        progress.stepFinished(step);
        return step;
    }

    private static String failed(StepResult step) {
        return "step '" + step.name() + "' failed:\n" + step.output().stripTrailing();
    }
}
