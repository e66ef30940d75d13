package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** br_netfilter with bridge-nf-call-iptables = 1 and a FORWARD policy of DROP: bridged containers cannot talk. */
class BridgeNetfilterCheckTest {
    final FakeHost host = new FakeHost();
    final Subject bridged = FakeHost.subject(FakeHost.box().network(n -> n.bridge("labbr0").hostAddress("10.0.10.1/24").containerAddress("10.0.10.2/24")));

    List<Blocker> blockers(Subject subject) {
        return new BridgeNetfilterCheck().check(subject, host);
    }

    @Test
    void netfilterOnBridgesWithAForwardPolicyOfDropIsABlockerWithItsRemedy() {
        host.sysctls.put("net.bridge.bridge-nf-call-iptables", "1");
        host.forwardPolicy = "DROP";
        List<Blocker> blockers = blockers(bridged);
        assertThat(blockers).hasSize(1);
        assertThat(blockers.get(0).problem()).contains("net.bridge.bridge-nf-call-iptables = 1").contains("FORWARD policy is DROP")
                .contains("bridge labbr0");
        assertThat(blockers.get(0).remedy()).isEqualTo("let the bridge forward: iptables -I FORWARD -i labbr0 -o labbr0 -j ACCEPT"
                + " (or, if nothing on this host needs it, sysctl -w net.bridge.bridge-nf-call-iptables=0), then jconshgen apply /work/box.yaml");
    }

    @Test
    void anAcceptPolicyAnUnknownOneOrTheSysctlOffIsNoBlocker() {
        host.sysctls.put("net.bridge.bridge-nf-call-iptables", "1");
        host.forwardPolicy = "ACCEPT";
        assertThat(blockers(bridged)).isEmpty();
        host.forwardPolicy = null;
        assertThat(blockers(bridged)).isEmpty();
        host.forwardPolicy = "DROP";
        host.sysctls.put("net.bridge.bridge-nf-call-iptables", "0");
        assertThat(blockers(bridged)).isEmpty();
        host.sysctls.remove("net.bridge.bridge-nf-call-iptables");
        assertThat(blockers(bridged)).isEmpty();
    }

    @Test
    void aContainerWithoutABridgeIsNotConcerned() {
        host.sysctls.put("net.bridge.bridge-nf-call-iptables", "1");
        host.forwardPolicy = "DROP";
        assertThat(blockers(FakeHost.subject(FakeHost.box().network(n -> n)))).isEmpty();
        assertThat(blockers(FakeHost.subject(FakeHost.box()))).isEmpty();
    }

    @Test
    void thePolicyIsReadFromTheChainListing() {
        assertThat(LiveHostFacts.forwardPolicy("-P FORWARD DROP\n-A FORWARD -j DOCKER-USER\n")).contains("DROP");
        assertThat(LiveHostFacts.forwardPolicy("-P FORWARD ACCEPT\n")).contains("ACCEPT");
        assertThat(LiveHostFacts.forwardPolicy("")).isEmpty();
        assertThat(LiveHostFacts.forwardPolicy("-A FORWARD -j DROP\n")).isEmpty();
    }
}
