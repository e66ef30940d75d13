package dev.jconshgen.oci;

import dev.jconshgen.core.Json;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** config.json has the spec's namespaces, maps, mounts, cgroup path and limits, as the scripts make them. */
class OciConfigTest {
    private static final OciConfig.Options ROOT = new OciConfig.Options(0, 0, Optional.of("/consh_cgrp"), false);

    private static ContainerSpec example(String name) {
        return new YamlSpecLoader().load(Repo.examples().resolve(name + ".yaml")).spec();
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> map, String... path) {
        Object value = map;
        for (String key : path) {
            value = ((Map<String, Object>) value).get(key);
        }
        return (T) value;
    }

    @Test
    void theLabsContainerHasItsNamespacesHostnameMapsAndCgroupPath() {
        Map<String, Object> config = OciConfig.of(example("lab"), new OciConfig.Options(1000, 1000, Optional.of("/consh_cgrp"), false));
        assertThat((String) at(config, "ociVersion")).startsWith("1.0.");
        assertThat((String) at(config, "hostname")).isEqualTo("consh-host");
        List<Map<String, Object>> namespaces = at(config, "linux", "namespaces");
        assertThat(namespaces).extracting(n -> n.get("type")).containsExactly("user", "pid", "mount", "network", "ipc", "uts", "cgroup");
        assertThat(namespaces).allSatisfy(n -> assertThat(n).doesNotContainKey("path"));
        assertThat((List<Object>) at(config, "linux", "uidMappings")).containsExactly(Map.of("containerID", 0, "hostID", 1000L, "size", 1));
        assertThat((List<Object>) at(config, "linux", "gidMappings")).containsExactly(Map.of("containerID", 0, "hostID", 1000L, "size", 1));
        assertThat((String) at(config, "linux", "cgroupsPath")).isEqualTo("/consh_cgrp");
        assertThat((Map<String, Object>) at(config, "linux")).as("the lab has no limits").doesNotContainKey("resources");
        List<Map<String, Object>> mounts = at(config, "mounts");
        assertThat(mounts).extracting(m -> m.get("destination")).contains("/proc", "/dev", "/sys", "/sys/fs/cgroup");
        assertThat(mounts).filteredOn(m -> m.get("destination").equals("/sys")).extracting(m -> m.get("type"))
                .as("its own network namespace: a real sysfs").containsExactly("sysfs");
        assertThat((String) at(config, "annotations", "dev.jconshgen.network")).contains("consh_nw_setup.sh PID consh 10.0.0.1/24 10.0.0.2/24");
    }

    @Test
    void limitsBecomeLinuxResourcesInTheKernelsUnits() {
        Map<String, Object> config = OciConfig.of(example("limits"), ROOT);
        assertThat((Object) at(config, "linux", "resources", "pids")).isEqualTo(Map.of("limit", 16L));
        assertThat((Object) at(config, "linux", "resources", "memory")).isEqualTo(Map.of("limit", 32L * 1024 * 1024));
        assertThat((Object) at(config, "linux", "resources", "cpu")).isEqualTo(Map.of("quota", 20000L, "period", 100000L));
    }

    @Test
    void withoutItsOwnNetworkAUserNamespaceBindsTheHostsSys() {
        Map<String, Object> config = OciConfig.of(example("limits"), ROOT);
        List<Map<String, Object>> mounts = at(config, "mounts");
        assertThat(mounts).filteredOn(m -> m.get("destination").equals("/sys")).singleElement()
                .satisfies(m -> assertThat(m.get("options")).asList().contains("rbind", "ro"));
    }

    @Test
    void joinNetnsNamesTheNetnsConshNwSetupMade() {
        Map<String, Object> config = OciConfig.of(example("lab"), new OciConfig.Options(0, 0, Optional.empty(), true));
        List<Map<String, Object>> namespaces = at(config, "linux", "namespaces");
        assertThat(namespaces).filteredOn(n -> n.get("type").equals("network")).singleElement()
                .satisfies(n -> assertThat(n.get("path")).isEqualTo("/var/run/netns/consh"));
        assertThat((Map<String, Object>) at(config, "linux")).doesNotContainKey("cgroupsPath");
        assertThatThrownBy(() -> OciConfig.of(example("limits"), new OciConfig.Options(0, 0, Optional.empty(), true)))
                .hasMessageContaining("--join-netns: container limits has no network");
    }

    @Test
    void theCommandIsPid1AndWithoutOneAShellWaits() {
        assertThat((List<String>) at(OciConfig.of(example("nc-server"), ROOT), "process", "args")).first().isEqualTo("nc");
        assertThat((List<String>) at(OciConfig.of(example("lab"), ROOT), "process", "args")).isEqualTo(OciConfig.IDLE_INIT);
    }

    @Test
    void theSameSpecGivesTheSameText() {
        String text = Json.pretty(OciConfig.of(example("lab"), ROOT));
        assertThat(Json.pretty(OciConfig.of(example("lab"), ROOT))).isEqualTo(text);
        assertThat(text).startsWith("{\n  \"ociVersion\": \"1.0.2\",\n  \"process\": {\n").endsWith("}\n");
    }
}
