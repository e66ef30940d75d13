package dev.jconshgen.run;

import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.StartedProcess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Every external command of jconshgen runs through here (zt-exec): with its timeout, its output
 * captured, and a log line for each failure.
 *
 * <p>Why the timeout and the kill are ours, not zt-exec's {@code timeout()} and destroyer: those
 * end only the process zt-exec started, and jconshgen's commands are scripts whose children
 * (unshare, setsid'd launchers, the container's own processes) would outlive them; a timeout here
 * kills the whole tree, by PID, and {@link #cancelRunning()} does the same for an interrupted
 * apply. {@link #runInteractive} uses a plain ProcessBuilder with inheritIO because an
 * interactive shell needs the real terminal, which zt-exec's stream pumping cannot give it.
 */
public class ProcessRunner {
    private final Consumer<String> failureLog;
    /** Commands running now, for {@link #cancelRunning()}. */
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    /** @param failureLog receives {@link ExecResult#describe()} of every failed command */
    public ProcessRunner(Consumer<String> failureLog) {
        this.failureLog = failureLog;
    }

    public ProcessRunner() {
        this(message -> { });
    }

    /**
     * Runs the command to its end or its timeout; never throws for a non-zero exit. On a timeout
     * the command and everything it started are killed (a script's children would outlive it).
     */
    public ExecResult run(Command command) {
        Background background;
        try {
            background = start(command);
        } catch (IllegalStateException e) {
            ExecResult result = new ExecResult(command, 127, "", e.getMessage(), Duration.ZERO, false);
            failureLog.accept(result.describe());
            return result;
        }
        return background.await();
    }

    /**
     * Starts the command in the background, for a peer that must run while other commands do
     * (a listener in the container). Call {@link Background#await()} to collect it.
     */
    public Background start(Command command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            // No destroyOnExit: its shutdown hook could not be added while the JVM shuts down, and
            // apply's own handler still runs commands then (to undo). cancelRunning() stops them.
            StartedProcess started = executor(command).redirectOutput(out).redirectError(err).start();
            running.add(started.getProcess());
            return new Background(command, started, out, err, System.nanoTime());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.argv().get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs an interactive command on this terminal (stdin, stdout and stderr inherited), for
     * {@code jconshgen exec}. The timeout still applies.
     */
    public int runInteractive(Command command) {
        try {
            Process process = new ProcessBuilder(command.argv()).inheritIO().start();
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                failureLog.accept("$ " + command.display() + "\ntimed out after " + command.timeout().toMillis() + " ms");
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            failureLog.accept("cannot run " + command.display() + ": " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Stops every command running now, with everything it started; each one's caller sees it end
     * like a timeout. For an interrupted apply: what runs must stop before its work is undone.
     * TERM first, to all of them, so that a script's trap can roll back what it made (its shell
     * runs the trap once its current child has ended); KILL for whatever is left after
     * {@link #CANCEL_GRACE}.
     */
    public void cancelRunning() {
        List<Process> processes = List.copyOf(running);
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroy);
            // Through the handle: Process.destroy() also closes the pipes of the command's output,
            // and a script writing its rollback messages would die of SIGPIPE before rolling back.
            process.toHandle().destroy();
        }
        long deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
        for (Process process : processes) {
            try {
                process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.forEach(ProcessRunner::killTree);
    }

    /** How long {@link #cancelRunning()} gives commands to end on TERM. */
    public static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    /** KILL a process and all its descendants, children first seen before the parent goes. */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessExecutor executor(Command command) {
        ProcessExecutor executor = new ProcessExecutor().command(command.argv()).exitValueAny();
        if (command.directory() != null) {
            executor.directory(command.directory().toFile());
        }
        return executor;
    }

    /** A command running in the background. */
    public final class Background {
        private final Command command;
        private final StartedProcess started;
        private final ByteArrayOutputStream out;
        private final ByteArrayOutputStream err;
        private final long start;

        private Background(Command command, StartedProcess started, ByteArrayOutputStream out, ByteArrayOutputStream err, long start) {
            this.command = command;
            this.started = started;
            this.out = out;
            this.err = err;
            this.start = start;
        }

        /**
         * Ends it now if it still runs (it and every process it started, by their PIDs), and
         * returns the result: for a peer whose work is done, or no longer wanted.
         */
        public ExecResult stop() {
            if (started.getProcess().isAlive()) {
                killTree(started.getProcess());
            }
            return await();
        }

        /** Waits for the end (at most the command's timeout, then kills it) and returns the result. */
        public ExecResult await() {
            int exitCode;
            boolean timedOut = false;
            try {
                exitCode = started.getFuture().get(command.timeout().toMillis(), TimeUnit.MILLISECONDS).getExitValue();
            } catch (TimeoutException e) {
                killTree(started.getProcess());
                exitCode = -1;
                timedOut = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killTree(started.getProcess());
                exitCode = -1;
                timedOut = true;
            } catch (java.util.concurrent.ExecutionException e) {
                exitCode = 127;
            } finally {
                running.remove(started.getProcess());
            }
            ExecResult result = new ExecResult(command, exitCode, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start), timedOut);
            if (!result.ok()) {
                failureLog.accept(result.describe());
            }
            return result;
        }
    }
}
