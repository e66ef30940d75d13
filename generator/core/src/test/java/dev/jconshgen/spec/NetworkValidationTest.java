package dev.jconshgen.spec;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.NetworkSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.jconshgen.spec.DslSpecs.box;
import static dev.jconshgen.spec.DslSpecs.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

/** Addresses are strict IPv4 CIDRs of two hosts in one subnet; netns names fit veth names. */
class NetworkValidationTest {

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
            "10.0.0.1/24, 10.0.0.2/24",
            "192.168.7.9/28, 192.168.7.14/28",
            "172.16.0.1/30, 172.16.0.2/30",
            "10.255.255.254/8, 10.0.0.1/8",
            "0.0.0.1/1, 127.255.255.254/1",
            "255.255.255.253/30, 255.255.255.254/30"})
    void validAddressPair(String host, String container) {
        NetworkSpec network = addresses(host, container).build().network().orElseThrow();

        assertThat(network.hostAddress()).isEqualTo(host);
        assertThat(network.containerAddress()).isEqualTo(container);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "leading zero in an octet    | 010.0.0.1/24    | leading zero",
            "leading zero in last octet  | 10.0.0.01/24    | leading zero",
            "leading zero in the prefix  | 10.0.0.1/024    | leading zero",
            "octet above 255             | 10.0.256.1/24   | above 255",
            "octet far above 255         | 10.0.0.1000/24  | not a number",
            "prefix 0                    | 10.0.0.1/0      | below 1",
            "prefix 31                   | 10.0.0.1/31     | above 30",
            "prefix 32                   | 10.0.0.1/32     | above 30",
            "prefix 33                   | 10.0.0.1/33     | above 30",
            "no prefix                   | 10.0.0.1        | no /prefix",
            "empty prefix                | 10.0.0.1/       | not a number",
            "three octets                | 10.0.0/24       | four octets",
            "five octets                 | 10.0.0.1.5/24   | four octets",
            "empty octet                 | 10..0.1/24      | not a number",
            "signed octet                | 10.0.+0.1/24    | not a number",
            "letters                     | ten.0.0.1/24    | not a number",
            "network address             | 10.0.0.0/24     | network or broadcast",
            "broadcast address           | 10.0.0.255/24   | network or broadcast",
            "network address of a /30    | 10.0.0.4/30     | network or broadcast",
            "broadcast address of a /30  | 10.0.0.7/30     | network or broadcast"})
    void invalidHostAddress(String what, String host, String problem) {
        SpecError error = onlyError(addresses(host, "10.0.0.2/24"));

        assertThat(error.path()).isEqualTo("network.hostAddress");
        assertThat(error.message()).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.2/31", "10.0.0.2", "10.0.0.255/24"})
    void invalidContainerAddress(String container) {
        assertThat(onlyError(addresses("10.0.0.1/24", container)).path()).isEqualTo("network.containerAddress");
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
            "10.0.0.1/24, 10.0.1.2/24, not in the subnet",
            "10.0.0.1/24, 10.0.0.2/25, not in the subnet",
            "10.0.0.1/16, 10.0.0.2/24, not in the subnet",
            "10.0.0.1/24, 10.0.0.1/24, same address",
            "192.168.7.9/28, 192.168.7.9/28, same address"})
    void addressesThatCannotTalkToEachOther(String host, String container, String problem) {
        SpecError error = onlyError(addresses(host, container));

        assertThat(error.path()).isEqualTo("network.containerAddress");
        assertThat(error.message()).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"consh", "a", "box_net.1-x", "_x", "0", "abcdefghijklm"})
    void validNetns(String netns) {
        assertThat(netns(netns).build().network().orElseThrow().hostVeth()).isEqualTo(netns + "-0").hasSizeLessThanOrEqualTo(15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklmn", "a-very-long-network-name", "", "-x", ".x", "a b", "a/b", "a$b", "box'x"})
    void invalidNetns(String netns) {
        SpecError error = onlyError(netns(netns));

        assertThat(error.path()).isEqualTo("network.netns");
        assertThat(error.message()).contains("not a usable netns name", "13", "15");
    }

    private static Container addresses(String host, String container) {
        return box().network(n -> n.hostAddress(host).containerAddress(container));
    }

    private static Container netns(String netns) {
        return box().network(n -> n.netns(netns));
    }
}
