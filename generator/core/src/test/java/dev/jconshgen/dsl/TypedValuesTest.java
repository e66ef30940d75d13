package dev.jconshgen.dsl;

import dev.jconshgen.model.ByteSize;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Probe;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jconshgen.model.Namespace.CGROUP;
import static dev.jconshgen.model.Namespace.IPC;
import static dev.jconshgen.model.Namespace.MOUNT;
import static dev.jconshgen.model.Namespace.PID;
import static dev.jconshgen.model.Namespace.USER;
import static dev.jconshgen.model.Namespace.UTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sizes, CPU shares and probes are written in Java as specs write them. */
class TypedValuesTest {

    @Test
    void theLimitsExampleInJavaIsTheSameSpec() {
        ContainerSpec java = Container.named("limits").hostname("limits-host").workdir("limits-demo").busyboxLayer().overlay("ovly")
                .namespaces(USER, PID, MOUNT, IPC, UTS, CGROUP)
                .cgroup(c -> c.name("limits_cgrp").parent("auto").pidsMax(16).memoryMax("32M").cpu("0.2"))
                .build();
        assertThat(java).isEqualTo(new YamlSpecLoader().load(Repo.examples().resolve("limits.yaml")).spec());
    }

    @Test
    void probesHaveFactoriesWithTheSpecsDefaults() {
        assertThat(Probe.tcp(80)).isEqualTo(new Probe.Tcp(80, null));
        assertThat(Probe.tcp(80, "hi")).isEqualTo(new Probe.Tcp(80, "hi"));
        assertThat(Probe.http(80, "/")).isEqualTo(new Probe.Http(80, "/", 200, null));
        assertThat(Probe.exec("hostname")).isEqualTo(new Probe.Exec(List.of("hostname"), null));
        assertThat(Probe.exec(List.of("cat", "/x"), "y")).isEqualTo(new Probe.Exec(List.of("cat", "/x"), "y"));
    }

    @Test
    void byteSizesAreWholeNumbersOrKMG() {
        assertThat(ByteSize.parse("512")).isEqualTo(512);
        assertThat(ByteSize.parse("64K")).isEqualTo(64L * 1024);
        assertThat(ByteSize.parse("64M")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("2G")).isEqualTo(2L << 30);
        assertThatThrownBy(() -> ByteSize.parse("64MB")).hasMessage(ByteSize.EXPECTED);
        assertThatThrownBy(() -> ByteSize.parse("-1")).hasMessage(ByteSize.EXPECTED);
        assertThatThrownBy(() -> ByteSize.parse("999999999999999G")).hasMessageContaining("is too large");
    }

    @Test
    void aWrongSizeOrShareInJavaSaysWhatIsExpected() {
        assertThatThrownBy(() -> Container.named("x").cgroup(c -> c.memoryMax("lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cgroup memoryMax 'lots': " + ByteSize.EXPECTED);
        assertThatThrownBy(() -> Container.named("x").cgroup(c -> c.cpu("half")))
                .hasMessage("cgroup cpu 'half': expected a number of CPUs, like 0.5 or 2");
    }
}
