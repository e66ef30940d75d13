package dev.jconshgen.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PollTest {

    @Test
    void returnsTrueOnTheCheckThatFindsTheConditionTrue() {
        AtomicInteger checks = new AtomicInteger();
        assertThat(Poll.until(() -> checks.incrementAndGet() == 3, Duration.ofSeconds(30))).isTrue();
        assertThat(checks).hasValue(3);
    }

    @Test
    void returnsFalseAtTheDeadline() {
        assertThat(Poll.until(() -> false, Duration.ofMillis(20))).isFalse();
    }

    @Test
    void pausesStartAtOneMillisecondAndDoubleUpToTheCap() {
        List<Long> pauses = new ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            pauses.add(Poll.pauseMillis(attempt));
        }
        assertThat(pauses).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 32L, 32L);
        assertThat(Poll.pauseMillis(Integer.MAX_VALUE)).isEqualTo(Poll.MAX_PAUSE.toMillis());
    }
}
