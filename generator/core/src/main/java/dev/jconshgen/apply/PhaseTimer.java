package dev.jconshgen.apply;

import java.io.PrintStream;
import java.util.Map;

/**
 * Developers' aids at the phase boundaries of apply and destroy, off unless the environment asks
 * (a mark then costs one field read); hidden from the command line on purpose, not part of any
 * report:
 * <ul>
 *   <li>{@code JCONSHGEN_TIMINGS=1}: each phase prints "jconshgen timing: PHASE N ms" (the time
 *       since the previous mark) to stderr, to find where the time goes;</li>
 *   <li>{@code JCONSHGEN_PAUSE_AFTER='PHASE:MS'}: the process sleeps MS milliseconds when PHASE
 *       ends, to widen a window between two phases on purpose. The race tests use it: whatever
 *       another apply does in that window (between preflight and the claims, say), the claims
 *       must still pick exactly one winner.</li>
 * </ul>
 */
public final class PhaseTimer {
    public static final String ENV = "JCONSHGEN_TIMINGS";
    public static final String PAUSE_ENV = "JCONSHGEN_PAUSE_AFTER";

    /** The process's timer: apply and destroy mark their phases on it. */
    private static final PhaseTimer PROCESS = fromEnvironment(System.getenv(), System.err);

    private final PrintStream out;
    /** The phase after which to pause, or null; and for how long. */
    private final String pauseAfter;
    private final long pauseMillis;
    private long last = System.nanoTime();
    /** The last phase marked: where a signal finds the process (read by the shutdown hook's thread). */
    private volatile String lastPhase = "JVM start";

    private PhaseTimer(PrintStream out, String pauseAfter, long pauseMillis) {
        this.out = out;
        this.pauseAfter = pauseAfter;
        this.pauseMillis = pauseMillis;
    }

    /** Timings on when {@link #ENV} is "1"; a pause when {@link #PAUSE_ENV} is PHASE:MS (anything else: none). */
    public static PhaseTimer fromEnvironment(Map<String, String> env, PrintStream err) {
        String pause = env.getOrDefault(PAUSE_ENV, "");
        int colon = pause.lastIndexOf(':');
        String phase = null;
        long millis = 0;
        if (colon > 0) {
            try {
                millis = Long.parseLong(pause.substring(colon + 1));
                phase = millis > 0 ? pause.substring(0, colon) : null;
            } catch (NumberFormatException e) {
                // not PHASE:MS: no pause, as when the variable is not set
            }
        }
        return new PhaseTimer("1".equals(env.get(ENV)) ? err : null, phase, millis);
    }

    /** Marks a phase on the process's timer. */
    public static void phase(String phase) {
        PROCESS.mark(phase);
    }

    /**
     * Notes, with timings on, the last phase that ended before a signal came ("jconshgen timing:
     * signal after PHASE"): the phases still marked afterwards are the undo's way out, not where
     * the signal landed. Called by {@link Interruption}'s hook.
     */
    static void signal() {
        PROCESS.markSignal();
    }

    void markSignal() {
        if (out != null) {
            out.println("jconshgen timing: signal after " + lastPhase);
        }
    }

    /** Prints the time since the previous mark under the phase's name, and pauses after the phase asked for. */
    public void mark(String phase) {
        lastPhase = phase;
        if (out != null) {
            long now = System.nanoTime();
            out.println("jconshgen timing: " + phase + " " + (now - last) / 1_000_000 + " ms");
            last = now;
        }
        if (phase.equals(pauseAfter)) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
