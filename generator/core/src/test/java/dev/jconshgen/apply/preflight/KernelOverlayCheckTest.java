package dev.jconshgen.apply.preflight;

import dev.jconshgen.model.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class KernelOverlayCheckTest {
    private final FakeHost host = new FakeHost();
    private final KernelOverlayCheck check = new KernelOverlayCheck();

    @ParameterizedTest
    @ValueSource(strings = {"5.10.0-28-amd64", "4.19.0", "5.4.0-generic"})
    void aKernelBefore511CannotMountTheOverlayInAUserNamespace(String release) {
        host.sysctls.put("kernel.osrelease", release);

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("Linux " + release, "5.11", "user namespace");
            assertThat(b.remedy()).contains("5.11", "apt-get install linux-image", "remove 'user' from namespaces");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.11.0", "5.15.0-91-generic", "6.1.0-18-amd64", "10.0"})
    void a511OrLaterKernelIsFine(String release) {
        host.sysctls.put("kernel.osrelease", release);

        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }

    @Test
    void withoutAUserNamespaceRootMountsTheOverlayOnAnyKernel() {
        host.sysctls.put("kernel.osrelease", "4.19.0");

        assertThat(host.run(check, FakeHost.box().namespaces(Namespace.MOUNT, Namespace.PID, Namespace.UTS))).isEmpty();
    }

    @Test
    void anUnknownReleaseIsNotJudged() {
        host.sysctls.put("kernel.osrelease", "unknown");
        assertThat(host.run(check, FakeHost.box())).isEmpty();
        host.sysctls.remove("kernel.osrelease");
        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }

    @Test
    void releasesParseToMajorAndMinor() {
        assertThat(KernelRelease.parse("6.18.44-fc-v595")).contains(new KernelRelease(6, 18));
        assertThat(KernelRelease.parse("5.10")).contains(new KernelRelease(5, 10));
        assertThat(KernelRelease.parse("x5.10")).isEmpty();
        assertThat(new KernelRelease(5, 9)).isLessThan(new KernelRelease(5, 11));
        assertThat(new KernelRelease(6, 0)).isGreaterThan(new KernelRelease(5, 11));
    }
}
