package dev.jconshgen.verify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bridge a veth is a port of, read from 'ip -o link show'. */
class BridgeNetworkChecksTest {

    @Test
    void theMasterIsTheWordAfterMaster() {
        assertThat(NetworkChecks.master("12: blb-a-0@if11: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master blbbr0 state UP mode DEFAULT"))
                .isEqualTo("blbbr0");
    }

    @Test
    void anInterfaceOnNoBridgeHasNoMaster() {
        assertThat(NetworkChecks.master("12: blb-a-0@if11: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT")).isEmpty();
        assertThat(NetworkChecks.master("")).isEmpty();
    }
}
