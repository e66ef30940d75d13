package dev.jconshgen.run;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that no event announces, by asking again after a short pause that
 * doubles from 1 ms up to {@link #MAX_PAUSE}: a condition that comes true at once costs about a
 * millisecond, one that takes long costs few checks. Use it only where there is nothing to
 * block on: Java has no pidfd for a process that is not its child (ProcessHandle.onExit polls
 * such a process itself, first after 300 ms), and a port that nothing listens on yet refuses
 * at once, with nothing to wait for.
 */
public final class Poll {
    static final long MAX_PAUSE_MILLIS = 32;
    public static final Duration MAX_PAUSE = Duration.ofMillis(MAX_PAUSE_MILLIS);

    private Poll() {
    }

    /** True once the condition holds; false when it still does not at the deadline, or on interrupt. */
    public static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (!pause(Math.min(pause, Math.max(1, left / 1_000_000)))) {
                return false;
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
        return true;
    }

    /** The pause before the next attempt of a retry loop that counts its own attempts (starting at 0). */
    public static long pauseMillis(int attempt) {
        return Math.min(1L << Math.min(attempt, 5), MAX_PAUSE_MILLIS);
    }

    /** Sleeps; false when interrupted (the interrupt stays set). */
    public static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
