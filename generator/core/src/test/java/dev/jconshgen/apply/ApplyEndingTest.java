package dev.jconshgen.apply;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ApplyEndingTest {
    private final List<String> undone = new ArrayList<>();

    private Supplier<List<String>> undo(List<String> left) {
        return () -> {
            undone.add("undo");
            return left;
        };
    }

    @Test
    void stepsThatWorkEndWithNothingToSettle() {
        assertThat(ApplyEnding.runSteps(() -> null)).isNull();
        assertThat(ApplyEnding.settle(null, false, false, "c", Progress.SILENT, undo(List.of()))).isNull();
        assertThat(undone).isEmpty();
    }

    @Test
    void anExceptionOfTheStepsIsAFailure() {
        assertThat(ApplyEnding.runSteps(() -> {
            throw new IllegalStateException("boom");
        })).isEqualTo("apply stopped: boom");
    }

    @Test
    void aFailureIsUndoneAndSaysWhatIsLeft() {
        assertThat(ApplyEnding.settle("step 'x' failed", false, false, "c", Progress.SILENT, undo(List.of())))
                .isEqualTo("step 'x' failed\neverything apply made was removed");
        assertThat(ApplyEnding.settle("step 'x' failed", false, false, "c", Progress.SILENT, undo(List.of("cgroup /c"))))
                .endsWith("\nundo left: cgroup /c");
        assertThat(undone).hasSize(2);
    }

    @Test
    void aKeptFailureIsNotUndoneAndSaysHowToRemoveIt() {
        assertThat(ApplyEnding.settle("step 'x' failed", false, true, "c", Progress.SILENT, undo(List.of())))
                .endsWith("kept for debugging (--keep-on-failure): remove it with 'jconshgen destroy c'");
        assertThat(undone).isEmpty();
    }

    @Test
    void aSignalIsAlwaysUndoneEvenWhenFailuresAreKept() {
        assertThat(ApplyEnding.settle(null, true, true, "c", Progress.SILENT, undo(List.of())))
                .isEqualTo("interrupted by a signal\neverything apply made was removed");
        assertThat(ApplyEnding.settle("step 'x' failed\nits output", true, true, "c", Progress.SILENT, undo(List.of())))
                .startsWith("interrupted by a signal (step 'x' failed)");
        assertThat(undone).hasSize(2);
    }

    @Test
    void whatAnUndoDidNotManage() {
        StepResult failed = new StepResult("remove cgroup", Duration.ZERO, false, "");
        assertThat(ApplyEnding.notUndone(true, List.of(), List.of(failed))).isEmpty();
        assertThat(ApplyEnding.notUndone(false, List.of("veth c-0"), List.of(failed))).containsExactly("veth c-0");
        assertThat(ApplyEnding.notUndone(false, List.of(), List.of(failed))).containsExactly("step 'remove cgroup' failed");
    }
}
