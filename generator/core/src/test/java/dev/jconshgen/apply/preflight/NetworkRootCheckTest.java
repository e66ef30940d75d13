package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkRootCheckTest {
    private final FakeHost host = new FakeHost();
    private final NetworkRootCheck check = new NetworkRootCheck();

    @Test
    void rootMayHaveANetwork() {
        assertThat(host.run(check, FakeHost.labLike())).isEmpty();
    }

    @Test
    void aNetworkAsAnotherUserIsABlockerWhoseRemedyIsSudo() {
        host.uid = 1000;

        assertThat(host.run(check, FakeHost.labLike())).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("network", "uid 1000");
            assertThat(b.remedy()).isEqualTo("run apply as root: sudo jconshgen apply /work/box.yaml (or remove 'network:' from the spec);"
                    + " to run all but the network step as yourself: sudo jconshgen apply --user 1000 /work/box.yaml");
        });
    }

    @Test
    void withoutANetworkAnotherUserIsNotHeldBackHere() {
        host.uid = 1000;

        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }
}
