package dev.jconshgen.spec;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.jconshgen.spec.DslSpecs.box;
import static dev.jconshgen.spec.DslSpecs.onlyError;
import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Cgroup names and parents are plain relative cgroup paths; limits are sane. */
class CgroupValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"consh_cgrp", "a", "team/box", "a.b-c/d_e", "_x", "0"})
    void validName(String name) {
        assertThat(box().cgroup(c -> c.name(name)).build().cgroup().orElseThrow().name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a/", "a//b", "..", "a/../b", ".hidden", "a/.b", "-x", "a b", "a$b", "a'b", "a\nb", "a:b"})
    void invalidName(String name) {
        SpecError error = onlyError(box().cgroup(c -> c.name(name)));

        assertThat(error.path()).isEqualTo("cgroup.name");
        assertThat(error.message()).contains("not a cgroup path").doesNotContain("'auto'");
    }

    @Test
    void nameOver255Characters() {
        assertThat(box().cgroup(c -> c.name("a".repeat(255))).build().cgroup()).isPresent();
        assertThat(onlyError(box().cgroup(c -> c.name("a".repeat(256)))).path()).isEqualTo("cgroup.name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "apps", "user.slice/user-1000.slice"})
    void validParent(String parent) {
        assertThat(box().cgroup(c -> c.parent(parent)).build().cgroup().orElseThrow().parent()).isEqualTo(parent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/sys/fs/cgroup", "..", "apps/", "a b", "$(id)"})
    void invalidParent(String parent) {
        SpecError error = onlyError(box().cgroup(c -> c.parent(parent)));

        assertThat(error.path()).isEqualTo("cgroup.parent");
        assertThat(error.message()).contains("'auto'");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void pidsBelowOne(long pids) {
        SpecError error = onlyError(box().cgroup(c -> c.pidsMax(pids)));

        assertThat(error.path()).isEqualTo("cgroup.limits.pids");
        assertThat(error.message()).contains("below 1");
    }

    @Test
    void onePidIsALimit() {
        assertThat(box().cgroup(c -> c.pidsMax(1)).build().cgroup().orElseThrow().pidsMax()).isEqualTo(1L);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1024 * 1024 - 1, -1})
    void memoryBelowOneMebibyte(long bytes) {
        SpecError error = onlyError(box().cgroup(c -> c.memoryMax(bytes)));

        assertThat(error.path()).isEqualTo("cgroup.limits.memory");
        assertThat(error.message()).contains("below 1M");
    }

    @Test
    void oneMebibyteIsALimit() {
        assertThat(box().cgroup(c -> c.memoryMax(1024 * 1024)).build().cgroup().orElseThrow().memoryMax()).isEqualTo(1048576L);
    }

    @ParameterizedTest(name = "memory: {0} -> {1} bytes")
    @CsvSource({
            "1048576, 1048576",
            "'\"1048576\"', 1048576",
            "1024K, 1048576",
            "64M, 67108864",
            "1G, 1073741824",
            "2G, 2147483648",
            "3000M, 3145728000"})
    void memorySizesWithSuffix(String yamlValue, long bytes) {
        CgroupSpec cgroup = YamlSpecs.parse("name: box\ncgroup:\n  limits:\n    memory: " + yamlValue + "\n").cgroup().orElseThrow();

        assertThat(cgroup.memoryMax()).isEqualTo(bytes);
        assertThat(cgroup.pidsMax()).isNull();
    }

    @ParameterizedTest(name = "memory: {0}")
    @ValueSource(strings = {"64m", "64MB", "64 M", "1.5G", "-1", "M", "64T", "0x100000", "[64M]"})
    void memoryThatIsNotASize(String yamlValue) {
        String yaml = "name: box\ncgroup:\n  limits:\n    memory: " + yamlValue + "\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("cgroup.limits.memory");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, yamlValue));
        assertThat(error.message()).contains("K, M or G");
    }

    @ParameterizedTest(name = "memory: {0}")
    @ValueSource(strings = {"512K", "1048575"})
    void memoryParsedButBelowOneMebibyte(String yamlValue) {
        String yaml = "name: box\ncgroup: {limits: {memory: " + yamlValue + "}}\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("cgroup.limits.memory");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, yamlValue));
        assertThat(error.message()).contains("below 1M");
    }

    @ParameterizedTest(name = "memory: {0}")
    @ValueSource(strings = {"17179869185G", "999999999999999G", "9223372036854775807K", "999999999999999999999"})
    void memoryTooLargeForALongIsRejectedNotWrappedAround(String yamlValue) {
        String yaml = "name: box\ncgroup: {limits: {memory: " + yamlValue + "}}\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("cgroup.limits.memory");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, yamlValue));
    }

    @Test
    void limitsInYaml() {
        CgroupSpec cgroup = YamlSpecs.parse("name: box\ncgroup: {name: web, parent: apps, limits: {pids: 64, memory: 256M}}\n")
                .cgroup().orElseThrow();

        assertThat(cgroup).isEqualTo(new CgroupSpec("web", "apps", 64L, 256L * 1024 * 1024));
    }
}
