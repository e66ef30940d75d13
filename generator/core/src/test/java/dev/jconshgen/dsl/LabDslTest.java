package dev.jconshgen.dsl;

import dev.jconshgen.model.LabSpec;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import dev.jconshgen.spec.YamlSpecLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Lab DSL: the same lab as the YAML, and the same errors (without locations). */
class LabDslTest {

    @Test
    void theDslBuildsTheSameLabAsTheYaml() {
        LabSpec dsl = Lab.named("trio").bridge("labbr0").address("10.0.10.1/24").defaultRoute(true)
                .container(Container.named("web").cgroup(c -> c))
                .container(Container.named("db").network(n -> n.netns("dbns").containerAddress("10.0.10.20/24")))
                .build();
        LabSpec yaml = new YamlSpecLoader().parseLab("lab.yaml", """
                kind: Lab
                name: trio
                network: {bridge: labbr0, address: 10.0.10.1/24, defaultRoute: true}
                containers:
                  - name: web
                    cgroup: {}
                  - name: db
                    network: {netns: dbns, containerAddress: 10.0.10.20/24}
                """);
        assertThat(dsl).isEqualTo(yaml);
    }

    @Test
    void aMemberWithItsOwnBridgeOrHostAddressIsAnError() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> Lab.named("x").bridge("labbr0").address("10.0.10.1/24")
                .container(Container.named("a").network(n -> n.bridge("other").hostAddress("10.0.10.1/24")))
                .container(Container.named("b"))
                .build());
        assertThat(e.errors()).extracting(SpecError::path)
                .containsExactly("containers[0].network.bridge", "containers[0].network.hostAddress");
        assertThat(e.errors().get(0).format()).startsWith("<java>: containers[0].network.bridge: a member joins the lab's bridge");
    }

    @Test
    void defaultAddressesFollowTheBridgesAndNoneForAnUnusableOne() {
        assertThat(Lab.defaultContainerAddress("10.0.10.1/24", 0)).isEqualTo("10.0.10.2/24");
        assertThat(Lab.defaultContainerAddress("10.0.10.100/24", 2)).isEqualTo("10.0.10.103/24");
        assertThat(Lab.defaultContainerAddress("nonsense", 0)).isEmpty();
        assertThat(Lab.defaultContainerAddress(null, 0)).isEmpty();
    }
}
