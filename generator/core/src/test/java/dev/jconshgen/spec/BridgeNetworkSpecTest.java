package dev.jconshgen.spec;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.NetworkSpec;
import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.jconshgen.spec.DslSpecs.box;
import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static dev.jconshgen.spec.YamlSpecs.onlyError;
import static dev.jconshgen.spec.YamlSpecs.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** network.bridge and network.defaultRoute: read from YAML, checked, located at line:column. */
class BridgeNetworkSpecTest {

    @Test
    void bridgeAndDefaultRouteAreRead() {
        ContainerSpec spec = parse("""
                name: bbr-a
                network: {netns: bbr-a, bridge: bbr0, hostAddress: 10.231.150.1/24, containerAddress: 10.231.150.11/24, defaultRoute: true}
                """);

        assertThat(spec.network()).contains(new NetworkSpec("bbr-a", "10.231.150.1/24", "10.231.150.11/24", "bbr0", true));
    }

    @Test
    void withoutThemTheNetworkIsThePlainVethPair() {
        NetworkSpec network = parse("name: box\nnetwork: {}\n").network().orElseThrow();

        assertThat(network.hasBridge()).isFalse();
        assertThat(network.defaultRoute()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"'bad;name'", "'-br'", "a-very-long-bridge", "'br 0'", "'..'"})
    void aBridgeThatIsNoInterfaceNameIsRefusedWhereItStands(String bridge) {
        String yaml = "name: box\nnetwork: {bridge: " + bridge + "}\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo("network.bridge");
        assertThat(error.message()).contains("is not a usable interface name");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, bridge));
    }

    @ParameterizedTest
    @ValueSource(strings = {"box-0", "box-1"})
    void theContainersOwnVethNameIsNoBridge(String bridge) {
        SpecError error = DslSpecs.onlyError(box().network(n -> n.bridge(bridge)));

        assertThat(error.path()).isEqualTo("network.bridge");
        assertThat(error.message()).contains("one of the container's own veth ends");
    }

    @Test
    void theContainerAddressIsNotTheBridgeAddress() {
        SpecError error = DslSpecs.onlyError(box().network(n -> n.bridge("br0").hostAddress("10.0.0.1/24").containerAddress("10.0.0.1/24")));

        assertThat(error.path()).isEqualTo("network.containerAddress");
        assertThat(error.message()).contains("same address as hostAddress");
    }

    @Test
    void theContainerIsInTheBridgeSubnet() {
        SpecError error = DslSpecs.onlyError(box().network(n -> n.bridge("br0").hostAddress("10.0.0.1/24").containerAddress("10.0.1.2/24")));

        assertThat(error.path()).isEqualTo("network.containerAddress");
        assertThat(error.message()).contains("not in the subnet of hostAddress");
    }

    @Test
    void defaultRouteIsABoolean() {
        String yaml = "name: box\nnetwork: {defaultRoute: sometimes}\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo("network.defaultRoute");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "sometimes"));
    }
}
