package dev.jconshgen.run;

import org.zeroturnaround.exec.InvalidExitValueException;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.StartedProcess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Every external command of jconshgen runs through here (zt-exec): with its timeout, its output
 * captured, and a log line for each failure.
 */
public class ProcessRunner {
    private final Consumer<String> failureLog;

    /** @param failureLog receives {@link ExecResult#describe()} of every failed command */
    public ProcessRunner(Consumer<String> failureLog) {
        this.failureLog = failureLog;
    }

    public ProcessRunner() {
        this(message -> { });
    }

    /** Runs the command to its end or its timeout; never throws for a non-zero exit. */
    public ExecResult run(Command command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exitCode;
        boolean timedOut = false;
        try {
            ProcessResult result = executor(command).redirectOutput(out).redirectError(err)
                    .timeout(command.timeout().toMillis(), TimeUnit.MILLISECONDS).execute();
            exitCode = result.getExitValue();
        } catch (TimeoutException e) {
            exitCode = -1;
            timedOut = true;
        } catch (InvalidExitValueException e) {
            exitCode = e.getExitValue();
        } catch (IOException e) {
            exitCode = 127;
            err.writeBytes(("cannot run " + command.argv().get(0) + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode = -1;
            timedOut = true;
        }
        ExecResult result = new ExecResult(command, exitCode, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start), timedOut);
        if (!result.ok()) {
            failureLog.accept(result.describe());
        }
        return result;
    }

    /**
     * Starts the command in the background, for a peer that must run while other commands do
     * (a listener in the container). Call {@link Background#await()} to collect it.
     */
    public Background start(Command command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            StartedProcess started = executor(command).redirectOutput(out).redirectError(err).destroyOnExit().start();
            return new Background(command, started, out, err, System.nanoTime());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.display() + ": " + e.getMessage(), e);
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

        /** Waits for the end (at most the command's timeout, then kills it) and returns the result. */
        public ExecResult await() {
            int exitCode;
            boolean timedOut = false;
            try {
                exitCode = started.getFuture().get(command.timeout().toMillis(), TimeUnit.MILLISECONDS).getExitValue();
            } catch (TimeoutException e) {
                started.getProcess().destroyForcibly();
                exitCode = -1;
                timedOut = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                started.getProcess().destroyForcibly();
                exitCode = -1;
                timedOut = true;
            } catch (java.util.concurrent.ExecutionException e) {
                exitCode = 127;
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
