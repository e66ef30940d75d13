package dev.jconshgen.dsl;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** build() validates like the YAML loader and names the source {@code <java>}. */
class DslValidationTest {

    @Test
    void invalidSpecIsRefusedWithEveryErrorAtOnce() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> Container.named("Box")
                .hostname("box")
                .workdir("/srv/box")
                .overlay("a,b")
                .network(n -> n.hostAddress("10.0.0.1/24").containerAddress("10.0.0.1/24"))
                .build());

        assertThat(e.errors()).extracting(SpecError::path)
                .containsExactly("name", "workdir", "rootfs.overlay", "network.containerAddress");
        assertThat(e.getMessage().lines()).hasSize(4).allMatch(line -> line.startsWith("<java>: "));
    }

    @Test
    void errorsHaveNoLineOrColumn() {
        assertThatThrownBy(() -> Container.named("box").hostname("box_1").build())
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("<java>: hostname: 'box_1' ");
    }

    @Test
    void buildUnvalidatedDoesNotThrow() {
        ContainerSpec spec = Container.named("Box").workdir("/abs").buildUnvalidated();

        assertThat(spec.workdir()).isEqualTo("/abs");
    }

    @Test
    void layersAreKeptLowestFirst() {
        ContainerSpec spec = Container.named("box").directoryLayer("a").directoryLayer("b").busyboxLayer().build();

        assertThat(spec.rootfs().layers()).extracting(l -> l.dir()).containsExactly("a", "b", "lower");
    }

    @Test
    void cgroupAndNetworkCanBeConfiguredInSteps() {
        ContainerSpec spec = Container.named("box")
                .cgroup(c -> c.pidsMax(10))
                .cgroup(c -> c.parent("apps"))
                .network(n -> n.netns("n1"))
                .network(n -> n.hostAddress("10.1.0.1/16").containerAddress("10.1.2.3/16"))
                .build();

        assertThat(spec.cgroup().orElseThrow().name()).isEqualTo("box_cgrp");
        assertThat(spec.cgroup().orElseThrow().pidsMax()).isEqualTo(10L);
        assertThat(spec.cgroup().orElseThrow().parent()).isEqualTo("apps");
        assertThat(spec.network().orElseThrow().netns()).isEqualTo("n1");
        assertThat(spec.network().orElseThrow().containerAddress()).isEqualTo("10.1.2.3/16");
    }
}
