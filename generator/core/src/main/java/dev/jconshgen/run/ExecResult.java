package dev.jconshgen.run;

import java.time.Duration;

/** How a command ended: its exit code (-1 on timeout), what it printed, how long it took. */
public record ExecResult(Command command, int exitCode, String stdout, String stderr, Duration duration, boolean timedOut) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** A short account for error messages: command, outcome and output. */
    public String describe() {
        StringBuilder sb = new StringBuilder("$ ").append(command.display()).append('\n');
        sb.append(timedOut ? "timed out after " + command.timeout().toMillis() + " ms" : "exit code " + exitCode).append('\n');
        if (!stdout.isBlank()) {
            sb.append("--- stdout\n").append(stdout.stripTrailing()).append('\n');
        }
        if (!stderr.isBlank()) {
            sb.append("--- stderr\n").append(stderr.stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
