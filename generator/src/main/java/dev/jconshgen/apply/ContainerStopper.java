package dev.jconshgen.apply;

import dev.jconshgen.host.ProcFs;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.state.ContainerState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * destroy's first step: every process of the container ends. The container's PID 1 gets TERM
 * (KILL after a grace period); what is left in its cgroups is KILLed. For an apply that was
 * killed halfway, the scripts it left running are stopped first, and the container it started
 * without recording it is found by its overlay.
 */
final class ContainerStopper {
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final ProcessRunner runner;
    private final ProcFs proc;
    private final HostInspector inspector;

    ContainerStopper(ProcessRunner runner, ProcFs proc, HostInspector inspector) {
        this.runner = runner;
        this.proc = proc;
        this.inspector = inspector;
    }

    /** TERM to PID 1 (its trap ends it, and the kernel ends the rest), KILL for what remains. */
    String stopContainer(Resources r, long pid, long startTime) {
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
        // A container that apply started but could not record (it was killed): found by its mounts.
        waitUntil(() -> {
            List<Long> unrecorded = inspector.containerProcessesOf(r.overlayDir());
            for (long other : unrecorded) {
                signal("KILL", other);
                done.add("sent KILL to " + other + " (its root is the overlay in " + r.overlayDir() + ")");
            }
            return unrecorded.isEmpty();
        });
        for (long other : inspector.cgroupProcesses(r)) {
            signal("KILL", other);
            done.add("sent KILL to " + other + " (in the container's cgroup)");
        }
        waitUntil(() -> inspector.cgroupProcesses(r).isEmpty());
        return done.isEmpty() ? "no process was running" : String.join("; ", done);
    }

    /**
     * Scripts of this container still running (an apply killed with SIGKILL leaves its current
     * one): TERM to each and to what it runs, so that its trap rolls back what it made; KILL
     * after the grace period.
     */
    List<String> stopLeftoverScripts(Path scriptsDir) {
        List<String> done = new ArrayList<>();
        List<Long> scripts = inspector.scriptsRunningFrom(scriptsDir);
        List<Long> all = new ArrayList<>(scripts);
        for (long script : scripts) {
            ProcessHandle.of(script).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid).forEach(all::add);
        }
        if (all.isEmpty()) {
            return done;
        }
        List<Long> children = all.subList(scripts.size(), all.size());
        children.forEach(child -> signal("TERM", child));
        scripts.forEach(script -> signal("TERM", script));
        done.add("sent TERM to " + scripts + " (scripts of an interrupted apply)" + (children.isEmpty() ? "" : " and to " + children));
        if (!waitUntil(() -> scripts.stream().noneMatch(p -> proc.isAlive(p, proc.startTime(p).orElse(0))))) {
            all.forEach(p -> signal("KILL", p));
            done.add("sent KILL to " + all);
        }
        return done;
    }

    /**
     * The container an interrupted apply started but did not record: found by its overlay (the
     * PID file its script wrote names which of its processes is PID 1). Its cgroups and netns,
     * as the kernel shows them, are then this container's own, like recorded ones.
     */
    ContainerState adoptUnrecordedContainer(ContainerState state, Resources r, Path pidFile) {
        if (state.pid() > 0 && proc.isAlive(state.pid(), state.pidStartTime())) {
            return state;
        }
        List<Long> processes = inspector.containerProcessesOf(r.overlayDir());
        if (processes.isEmpty()) {
            return state;
        }
        // PID 1 is the child of unshare (which is in the container's mount namespace too).
        long init = readPidFile(pidFile).filter(processes::contains).orElseGet(() -> processes.stream()
                .filter(p -> proc.parentPid(p).stream().mapToObj(parent -> proc.read(parent, "comm").orElse(""))
                        .anyMatch(comm -> comm.strip().equals("unshare")))
                .findFirst().orElse(processes.get(0)));
        long netns = r.network().isPresent() ? proc.namespace(init, "net").map(Ownership::namespaceInode).orElse(0L) : 0;
        return state.withProcess(init, proc.startTime(init).orElse(0), inspector.cgroupDirsOf(r, init)).withNetnsInode(netns);
    }

    private static Optional<Long> readPidFile(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
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
}
