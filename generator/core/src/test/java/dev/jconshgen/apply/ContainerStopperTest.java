package dev.jconshgen.apply;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.Namespace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerStopperTest {

    private static Process sleeper() throws IOException {
        return new ProcessBuilder("sleep", "600").start();
    }

    @Test
    void termAndKillReachTheProcess() throws Exception {
        Process term = sleeper();
        Process kill = sleeper();
        try {
            ContainerStopper.signal("TERM", term.pid());
            ContainerStopper.signal("KILL", kill.pid());
            assertThat(term.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(term.exitValue()).isEqualTo(128 + 15);
            assertThat(kill.exitValue()).isEqualTo(128 + 9);
        } finally {
            term.destroyForcibly();
            kill.destroyForcibly();
        }
    }

    @Test
    void onlyTermAndKillAreSent() {
        assertThatThrownBy(() -> ContainerStopper.signal("HUP", ProcessHandle.current().pid()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProcessThatIsGoneIsNoError() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ContainerStopper.signal("KILL", gone.pid());
    }

    @Test
    void theOverlaySearchIsSkippedOnlyForARecordedInitOfAPidNamespace() {
        var withPid = Container.named("a").buildUnvalidated();
        var withoutPid = Container.named("b").namespaces(Namespace.MOUNT, Namespace.UTS).buildUnvalidated();
        assertThat(ContainerStopper.needsSearchByOverlay(true, withPid)).isFalse();
        assertThat(ContainerStopper.needsSearchByOverlay(false, withPid)).isTrue();
        assertThat(ContainerStopper.needsSearchByOverlay(true, withoutPid)).isTrue();
        assertThat(ContainerStopper.needsSearchByOverlay(false, withoutPid)).isTrue();
    }
}
