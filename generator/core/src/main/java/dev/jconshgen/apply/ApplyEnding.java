package dev.jconshgen.apply;

import java.util.List;
import java.util.function.Supplier;

/**
 * How an apply ends, one rule for a container and for a lab: whatever its steps threw is a
 * failure like any other; a signal makes it "interrupted" and is always undone (--keep-on-failure
 * is for debugging a failure, not a stop); a failure is undone unless kept, and the report says
 * what the undo left or how to remove what was kept.
 */
public final class ApplyEnding {
    private ApplyEnding() {
    }

    /** Runs the steps. @return null when all worked, else what failed (an exception's message too) */
    public static String runSteps(Supplier<String> steps) {
        try {
            return steps.get();
        } catch (RuntimeException e) {
            // Whatever went wrong, what apply made so far must not stay behind unnoticed.
            // a message-less exception (a bug) still says what it was
            return "apply stopped: " + (e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /**
     * What an undo (a destroy) did not manage: nothing when it is proven clean, else what is
     * left on the host, or the steps that failed when the leftover check found nothing.
     */
    public static List<String> notUndone(boolean ok, List<String> leftovers, List<StepResult> steps) {
        if (ok) {
            return List.of();
        }
        if (!leftovers.isEmpty()) {
            return leftovers;
        }
        List<String> failed = steps.stream().filter(s -> !s.ok()).map(s -> "step '" + s.name() + "' failed").toList();
        return failed.isEmpty() ? List.of("the undo failed") : failed;
    }

    /**
     * Settles a failure: undone (by {@code undo}, which returns what it could not remove) or kept.
     *
     * @param failure     what {@link #runSteps} returned
     * @param interrupted whether a signal stopped the apply ({@link Interruption#happened()})
     * @param name    the container's or lab's name, for the destroy command the report suggests
     * @return the failure as the report tells it, or null when all worked and nothing was stopped
     */
    public static String settle(String failure, boolean interrupted, boolean keepOnFailure, String name, Progress progress,
                                Supplier<List<String>> undo) {
        if (interrupted) {
            // Whatever the step said, it failed because it was stopped.
            failure = "interrupted by a signal" + (failure == null ? "" : " (" + failure.lines().findFirst().orElse("") + ")");
            keepOnFailure = false;
        }
        if (failure == null) {
            return null;
        }
        if (keepOnFailure) {
            return failure + "\nkept for debugging (--keep-on-failure): remove it with 'jconshgen destroy " + name + "'";
        }
        progress.note("undoing what apply did");
        List<String> left = undo.get();
        return failure + (left.isEmpty() ? "\neverything apply made was removed" : "\nundo left: " + String.join(", ", left));
    }
}
