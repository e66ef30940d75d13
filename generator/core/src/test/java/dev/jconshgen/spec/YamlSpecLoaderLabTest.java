package dev.jconshgen.spec;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.model.NetworkSpec;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/lab.yaml loads into the container the lab handout builds. */
class YamlSpecLoaderLabTest {

    private final YamlSpecLoader.LoadedSpec loaded = new YamlSpecLoader().load(Repo.labSpec());
    private final ContainerSpec lab = loaded.spec();

    @Test
    void identity() {
        assertThat(lab.name()).isEqualTo("consh");
        assertThat(lab.hostname()).isEqualTo("consh-host");
        assertThat(lab.workdir()).isEqualTo("demo");
    }

    @Test
    void rootFsIsOneBusyboxLayerAndTheOverlay() {
        assertThat(lab.rootfs().layers()).containsExactly(new Layer.Busybox("lower"));
        assertThat(lab.rootfs().overlay()).isEqualTo("ovly");
    }

    @Test
    void allSevenNamespacesWithRootMapped() {
        assertThat(lab.namespaces()).isEqualTo(EnumSet.of(Namespace.USER, Namespace.PID, Namespace.MOUNT,
                Namespace.NET, Namespace.IPC, Namespace.UTS, Namespace.CGROUP));
        assertThat(lab.mapRootUser()).isTrue();
    }

    @Test
    void cgroupWithoutLimits() {
        assertThat(lab.cgroup()).contains(new CgroupSpec("consh_cgrp", "auto", null, null));
    }

    @Test
    void vethPairBetweenHostAndContainer() {
        assertThat(lab.network()).contains(new NetworkSpec("consh", "10.0.0.1/24", "10.0.0.2/24"));
        NetworkSpec network = lab.network().orElseThrow();
        assertThat(List.of(network.hostVeth(), network.containerVeth())).containsExactly("consh-0", "consh-1");
    }

    @Test
    void workdirIsResolvedAgainstTheSpecFilesDirectory() {
        assertThat(loaded.workdir()).isEqualTo(Repo.examples().resolve("demo"));
        assertThat(loaded.workdir()).isAbsolute();
    }
}
