package dev.jconshgen.spec;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.model.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static dev.jconshgen.spec.YamlSpecs.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** What a spec gets for the fields it leaves out. */
class YamlSpecDefaultsTest {

    @Test
    void onlyNameGiven() {
        ContainerSpec spec = parse("name: box\n");

        assertThat(spec.name()).isEqualTo("box");
        assertThat(spec.hostname()).isEqualTo("box");
        assertThat(spec.workdir()).isEqualTo("box");
        assertThat(spec.rootfs().layers()).containsExactly(new Layer.Busybox("lower"));
        assertThat(spec.rootfs().overlay()).isEqualTo("ovly");
        assertThat(spec.namespaces()).isEqualTo(EnumSet.allOf(Namespace.class)).hasSize(7);
        assertThat(spec.mapRootUser()).isTrue();
        assertThat(spec.cgroup()).isEmpty();
        assertThat(spec.network()).isEmpty();
    }

    @Test
    void emptyCgroupGetsNamedAfterTheContainerUnderAuto() {
        ContainerSpec spec = parse("name: box\ncgroup: {}\n");

        assertThat(spec.cgroup()).contains(new CgroupSpec("box_cgrp", "auto", null, null));
    }

    @Test
    void emptyNetworkGetsTheLabAddressesAndTheNameAsNetns() {
        ContainerSpec spec = parse("name: box\nnetwork: {}\n");

        assertThat(spec.network()).contains(new NetworkSpec("box", "10.0.0.1/24", "10.0.0.2/24"));
    }

    @Test
    void withoutUtsNamespaceTheHostNameIsLeftAlone() {
        ContainerSpec spec = parse("name: box\nnamespaces: [user, mount]\n");

        assertThat(spec.hostname()).isNull();
        assertThat(spec.namespaces()).containsExactlyInAnyOrder(Namespace.USER, Namespace.MOUNT);
    }

    @Test
    void theDslGivesTheSameDefaults() {
        assertThat(parse("name: box\ncgroup: {}\nnetwork: {}\n"))
                .isEqualTo(dev.jconshgen.dsl.Container.named("box").cgroup(c -> c).network(n -> n).build());
    }
}
