package dev.jconshgen.apply;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseTimerTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);

    private static long millisOf(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void printsEachPhaseOnlyWhenAskedTo() {
        PhaseTimer.fromEnvironment(Map.of(), stderr).mark("apply: preflight");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        PhaseTimer.fromEnvironment(Map.of(PhaseTimer.ENV, "1"), stderr).mark("apply: preflight");
        assertThat(err.toString(StandardCharsets.UTF_8)).matches("jconshgen timing: apply: preflight [0-9]+ ms\\R");
    }

    @Test
    void aSignalNamesTheLastPhaseThatEndedBeforeIt() {
        PhaseTimer quiet = PhaseTimer.fromEnvironment(Map.of(), stderr);
        quiet.mark("apply: preflight");
        quiet.markSignal();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        PhaseTimer timer = PhaseTimer.fromEnvironment(Map.of(PhaseTimer.ENV, "1"), stderr);
        timer.markSignal();
        timer.mark("apply: preflight");
        timer.mark("apply: lower layer");
        timer.markSignal();
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("signal")))
                .containsExactly("jconshgen timing: signal after JVM start", "jconshgen timing: signal after apply: lower layer");
    }

    @Test
    void pausesAfterTheNamedPhaseOnly() {
        PhaseTimer timer = PhaseTimer.fromEnvironment(Map.of(PhaseTimer.PAUSE_ENV, "apply: preflight:300"), stderr);
        assertThat(millisOf(() -> timer.mark("apply: preflight"))).isGreaterThanOrEqualTo(300);
        assertThat(millisOf(() -> timer.mark("apply: load spec"))).isLessThan(300);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMalformedPauseIsNoPause() {
        for (String value : new String[] {"apply: preflight", "apply: preflight:soon", ":300", "apply: preflight:-5"}) {
            PhaseTimer timer = PhaseTimer.fromEnvironment(Map.of(PhaseTimer.PAUSE_ENV, value), stderr);
            assertThat(millisOf(() -> timer.mark("apply: preflight"))).as(value).isLessThan(300);
        }
    }
}
