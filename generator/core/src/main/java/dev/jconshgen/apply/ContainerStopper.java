package dev.jconshgen.apply;

import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.run.Poll;
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

    private final ProcFs proc;
    private final HostInspector inspector;

    ContainerStopper(ProcFs proc, HostInspector inspector) {
        this.proc = proc;
        this.inspector = inspector;
    }

    /** TERM to PID 1 (its trap ends it, and the kernel ends the rest), KILL for what remains. */
    String stopContainer(Resources r, long pid, long startTime) {
        List<String> done = new ArrayList<>();
        boolean recordedRunning = proc.isAlive(pid, startTime);
        long launcher = recordedRunning ? proc.parentPid(pid).orElse(0) : 0;
        if (recordedRunning) {
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
        // A container that apply started but could not record (it was killed): found by its mounts,
        // which means reading every process's mount table. Not needed when the recorded init of a
        // PID namespace ran: the kernel ends every process of that namespace before its init
        // can end, so none is left to find.
        if (needsSearchByOverlay(recordedRunning, r.spec())) {
            waitUntil(() -> {
                List<Long> unrecorded = inspector.containerProcessesOf(r.overlayDir());
                for (long other : unrecorded) {
                    signal("KILL", other);
                    done.add("sent KILL to " + other + " (its root is the overlay in " + r.overlayDir() + ")");
                }
                return unrecorded.isEmpty();
            });
        }
        for (long other : inspector.cgroupProcesses(r)) {
            signal("KILL", other);
            done.add("sent KILL to " + other + " (in the container's cgroup)");
        }
        waitUntil(() -> inspector.cgroupProcesses(r).isEmpty());
        return done.isEmpty() ? "no process was running" : String.join("; ", done);
    }

    /** Whether processes of the container may remain that the recorded init does not account for. */
    static boolean needsSearchByOverlay(boolean recordedInitRan, ContainerSpec spec) {
        return !(recordedInitRan && spec.has(Namespace.PID));
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

    /**
     * kill(2) from here, not a kill(1) process per signal. ProcessHandle checks that the PID still
     * names the process it was looked up as (its start time) before it signals. Only TERM and
     * KILL are ever sent.
     */
    static void signal(String signal, long pid) {
        if (!signal.equals("TERM") && !signal.equals("KILL")) {
            throw new IllegalArgumentException("only TERM and KILL: " + signal);
        }
        ProcessHandle.of(pid).ifPresent(process -> {
            if (signal.equals("TERM")) {
                process.destroy();
            } else {
                process.destroyForcibly();
            }
        });
    }

    /** No event tells when another user's or a non-child process ends (see {@link Poll}). */
    private static boolean waitUntil(java.util.function.BooleanSupplier condition) {
        return Poll.until(condition, STOP_GRACE);
    }
}
