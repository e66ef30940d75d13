package dev.jconshgen.apply;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What apply does when it is interrupted (Ctrl-C, SIGTERM, a closed terminal): the JVM runs its
 * shutdown hooks, and this one stops the command running now and then holds the JVM open until
 * apply has undone its work, so an interrupted apply leaves the host as it found it. SIGKILL
 * cannot be caught: after one, 'jconshgen destroy NAME' removes what was made.
 *
 * <p>The command opens it around the work and its report (try-with-resources), so the report
 * is printed before {@link #close()} lets the JVM go.
 */
public final class Interruption implements AutoCloseable {
    /** How long the JVM waits for the undo; longer than any cleanup step's timeout. */
    static final Duration UNDO_GRACE = Duration.ofSeconds(120);

    /** Whether any watch of this process saw a signal: the JVM is then shutting down. */
    private static volatile boolean signalled;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean happened;

    private Interruption(Runnable stopRunningWork) {
        hook = new Thread(() -> {
            happened = true;
            signalled = true;
            PhaseTimer.signal();
            stopRunningWork.run();
            try {
                finished.await(UNDO_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jconshgen-interrupted");
    }

    /** Watches for an interruption until {@link #close()}; on one, runs {@code stopRunningWork}. */
    public static Interruption watch(Runnable stopRunningWork) {
        Interruption interruption = new Interruption(stopRunningWork);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /**
     * Whether a signal started the JVM's shutdown while a watch was open: the process's exit
     * status is then the signal's, which the caller must not race with its own System.exit.
     */
    public static boolean signalled() {
        return signalled;
    }

    /** Blocks until the JVM halts: for the main thread once {@link #signalled()}. */
    public static void awaitHalt() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the halt ends this thread; an interrupt does not
            }
        }
    }

    /** Whether the JVM is shutting down because of a signal: start nothing new, undo. */
    public boolean happened() {
        return happened;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs already; counting down above is what it waits for.
        }
    }
}
