package dev.jconshgen.api;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.verify.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Java API end to end: a spec built in Java is applied, verified, entered and destroyed, from one JVM. */
class JconshgenApiTest {

    private static boolean canRunContainers() {
        if (ProcFs.host().selfUid() != 0) {
            return false;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "busybox"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSpecBuiltInJavaIsAppliedVerifiedEnteredAndDestroyed(@TempDir Path state, @TempDir Path cache, @TempDir Path work) throws Exception {
        assumeTrue(canRunContainers(), "needs root and busybox on PATH (the bats suites cover the rest)");
        ContainerSpec spec = Container.named("jgapi").hostname("jgapi-host").workdir("w").busyboxLayer()
                .cgroup(c -> c.name("jgapi-cg").pidsMax(32)).build();
        Jconshgen jconshgen = Jconshgen.onThisHost().withStateDir(state).withLayerCache(cache);
        long pid;
        try (AppliedContainer container = jconshgen.apply(spec, work)) {
            pid = container.pid();
            assertThat(container.applyChecks().ok()).isTrue();
            container.verify().assertAllPassed();
            ExecResult hostname = container.exec("hostname");
            assertThat(hostname.ok()).isTrue();
            assertThat(hostname.stdout().strip()).isEqualTo("jgapi-host");
            assertThat(Files.readString(work.resolve("jgapi.yaml"))).startsWith("apiVersion: jconshgen/v1\nkind: Container\nname: jgapi\n");
        }
        assertThat(ProcFs.host().read(pid, "stat")).as("the container's PID 1 is gone").isEmpty();
        assertThat(Files.exists(state.resolve("jgapi"))).as("its state is gone").isFalse();
        assertThat(Files.exists(work.resolve("w/ovly"))).as("its overlay is gone").isFalse();
    }

    @Test
    void aFailedCheckFailsTheTestWithBothSides() {
        Verification verification = new Verification(List.of(CheckResult.of("hostname", false, "a", "b"), CheckResult.of("x", true, "1", "1")));
        assertThat(verification.ok()).isFalse();
        assertThatThrownBy(verification::assertAllPassed).isInstanceOf(AssertionError.class)
                .hasMessage("1 check(s) FAILED:\n  hostname: expected a; saw b");
        new Verification(List.of(CheckResult.skip("network", "none"))).assertAllPassed();
    }
}
