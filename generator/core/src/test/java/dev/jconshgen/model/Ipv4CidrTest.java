package dev.jconshgen.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Address arithmetic behind the network checks. */
class Ipv4CidrTest {

    @Test
    void parsesAddressAndPrefix() {
        Ipv4Cidr cidr = Ipv4Cidr.parse("192.168.7.9/28");

        assertThat(cidr.prefix()).isEqualTo(28);
        assertThat(cidr.address()).isEqualTo((192 << 24) | (168 << 16) | (7 << 8) | 9);
        assertThat(cidr.addressText()).isEqualTo("192.168.7.9");
        assertThat(cidr).hasToString("192.168.7.9/28");
    }

    @Test
    void highAddressesDoNotTurnNegativeInText() {
        assertThat(Ipv4Cidr.parse("255.254.253.252/8").addressText()).isEqualTo("255.254.253.252");
    }

    @ParameterizedTest(name = "{0}: network {1}, broadcast {2}")
    @CsvSource({
            "10.0.0.0/24, true, false",
            "10.0.0.255/24, false, true",
            "10.0.0.1/24, false, false",
            "192.168.7.0/28, true, false",
            "192.168.7.15/28, false, true",
            "192.168.7.16/28, true, false",
            "128.0.0.0/1, true, false",
            "127.255.255.255/1, false, true"})
    void networkAndBroadcastAddresses(String text, boolean network, boolean broadcast) {
        Ipv4Cidr cidr = Ipv4Cidr.parse(text);

        assertThat(cidr.isNetworkAddress()).isEqualTo(network);
        assertThat(cidr.isBroadcastAddress()).isEqualTo(broadcast);
    }

    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource({
            "10.0.0.1/24, 10.0.0.254/24, true",
            "10.0.0.1/24, 10.0.1.1/24, false",
            "10.0.0.1/24, 10.0.0.2/23, false",
            "192.168.7.9/28, 192.168.7.14/28, true",
            "192.168.7.9/28, 192.168.7.17/28, false"})
    void sameSubnet(String a, String b, boolean same) {
        assertThat(Ipv4Cidr.parse(a).sameSubnet(Ipv4Cidr.parse(b))).isEqualTo(same);
        assertThat(Ipv4Cidr.parse(b).sameSubnet(Ipv4Cidr.parse(a))).isEqualTo(same);
    }
}
