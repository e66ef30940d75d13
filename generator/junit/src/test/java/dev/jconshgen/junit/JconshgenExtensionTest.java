package dev.jconshgen.junit;

import dev.jconshgen.api.AppliedContainer;
import dev.jconshgen.api.Jconshgen;
import dev.jconshgen.dsl.Container;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension as a user's test class meets it, run through JUnit's own engine: the container is
 * applied and injected, destroyed after the tests (after a failed one too), and a host that
 * cannot run it skips the test with the preflight's reason.
 */
class JconshgenExtensionTest {
    static Path state;
    static Path cache;
    static long seenPid;

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    private static boolean canRunContainers() {
        return ProcFs.host().selfUid() != 0 ? false
                : java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "busybox")));
    }

    /** A user's test class: one container for the class, a test that uses it and one that fails. */
    static class UsesOneContainer {
        @RegisterExtension
        static JconshgenExtension jconshgen = new JconshgenExtension(Jconshgen.onThisHost().withStateDir(state).withLayerCache(cache));

        @JconshgenContainer
        static ContainerSpec box = Container.named("jgext").hostname("jgext-host").workdir("w").busyboxLayer().build();

        @Test
        void runsInIt(AppliedContainer box) {
            seenPid = box.pid();
            assertThat(box.exec("hostname").stdout().strip()).isEqualTo("jgext-host");
        }

        @Test
        void failsOnPurpose(AppliedContainer box) {
            assertThat(box.exec("hostname").stdout().strip()).isEqualTo("not-its-name");
        }
    }

    /** A container this host cannot run: its directory layer does not exist. */
    static class CannotRunHere {
        @RegisterExtension
        static JconshgenExtension jconshgen = new JconshgenExtension(Jconshgen.onThisHost().withStateDir(state).withLayerCache(cache));

        @JconshgenContainer
        static ContainerSpec box = Container.named("jgext-none").workdir("w").directoryLayer("no-such-layer").build();

        @Test
        void neverRuns(AppliedContainer box) {
            throw new AssertionError("ran without its container");
        }
    }

    @Test
    void theContainerIsInjectedAndDestroyedAfterTheTestsEvenAFailedOne(@TempDir Path stateDir, @TempDir Path cacheDir) {
        assumeTrue(canRunContainers(), "needs root and busybox on PATH");
        state = stateDir;
        cache = cacheDir;
        seenPid = 0;
        Events events = run(UsesOneContainer.class);
        events.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(seenPid).as("the test got the running container").isPositive();
        assertThat(ProcFs.host().read(seenPid, "stat")).as("destroyed after the class's tests").isEmpty();
        assertThat(stateDir.resolve("jgext")).as("no state left").doesNotExist();
    }

    @Test
    void aHostThatCannotRunItSkipsTheTestWithThePreflightsReason(@TempDir Path stateDir, @TempDir Path cacheDir) {
        state = stateDir;
        cache = cacheDir;
        Events events = run(CannotRunHere.class);
        // beforeAll aborted: JUnit reports the class's tests as skipped (aborted), not failed
        assertThat(EngineTestKit.engine("junit-jupiter").selectors(selectClass(CannotRunHere.class)).execute().containerEvents()
                .aborted().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("")))
                .singleElement().asString().startsWith("this host cannot run container jgext-none: ").contains("no-such-layer");
        events.assertStatistics(stats -> stats.failed(0).succeeded(0));
        assertThat(stateDir.resolve("jgext-none")).doesNotExist();
    }
}
