package dev.jconshgen.apply;

import java.io.PrintStream;
import java.util.Map;

/**
 * A tracing aid for finding where apply and destroy spend their time: with the environment
 * variable {@code JCONSHGEN_TIMINGS=1}, each phase prints "jconshgen timing: PHASE N ms" (the
 * time since the previous mark) to stderr. Off, a mark costs one field read. Hidden from the
 * command line on purpose: it is for developers measuring, not part of any report.
 */
public final class PhaseTimer {
    public static final String ENV = "JCONSHGEN_TIMINGS";

    /** The process's timer: apply and destroy mark their phases on it. */
    private static final PhaseTimer PROCESS = fromEnvironment(System.getenv(), System.err);

    private final PrintStream out;
    private long last = System.nanoTime();

    private PhaseTimer(PrintStream out) {
        this.out = out;
    }

    /** On when the variable is "1"; a timer that prints nothing otherwise. */
    public static PhaseTimer fromEnvironment(Map<String, String> env, PrintStream err) {
        return new PhaseTimer("1".equals(env.get(ENV)) ? err : null);
    }

    /** Marks a phase on the process's timer. */
    public static void phase(String phase) {
        PROCESS.mark(phase);
    }

    /** Prints the time since the previous mark (or since this timer was made) under the phase's name. */
    public void mark(String phase) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        out.println("jconshgen timing: " + phase + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }
}
