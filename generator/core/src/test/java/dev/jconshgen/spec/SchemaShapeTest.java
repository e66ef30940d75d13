package dev.jconshgen.spec;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.dsl.Lab;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.model.Probe;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spec's shape is kept in one place and checked everywhere else: the published JSON Schema
 * (schema/jconshgen-v1.schema.json) has exactly the keys of {@link SpecKeys} (which the loader
 * accepts, nothing else) and exactly the keys that the model's YAML has when every field is set
 * (SpecYamlWriter, which SpecYamlWriterTest proves to round-trip through the loader), at every
 * level; its "pattern"s are built from {@link SpecPatterns}, which the validators match with.
 * A field or a pattern changed in one place and not in the others fails here.
 */
class SchemaShapeTest {
    private static final ContainerSpec EVERY_FIELD = Container.named("full").hostname("full-host").workdir("w")
            .busyboxLayer("lower").directoryLayer("extra").imageLayout("img", "v1").imageArchive("img.tar").overlay("ovly").mapRootUser(true)
            .cgroup(c -> c.name("full-cg").parent("auto").pidsMax(8).memoryMax("8M").cpu("0.5"))
            .network(n -> n.netns("full").hostAddress("10.9.0.1/24").containerAddress("10.9.0.2/24").bridge("fullbr").defaultRoute(true))
            .command("sleep", "1")
            .probe(Probe.tcp(1, "a")).probe(Probe.http(2, "/", 200, "b")).probe(Probe.exec(List.of("true"), "c"))
            .build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema() throws IOException {
        String text = Files.readString(Repo.root().resolve("schema/jconshgen-v1.schema.json"));
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text); // JSON is YAML
    }

    @SuppressWarnings("unchecked")
    private static Set<String> properties(Map<String, Object> schema, String... path) {
        Object node = schema;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return new TreeSet<>(((Map<String, Object>) ((Map<String, Object>) node).get("properties")).keySet());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keys(Object mapping) {
        return new TreeSet<>(((Map<String, Object>) mapping).keySet());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keysOfItems(Object list) {
        Set<String> keys = new TreeSet<>();
        ((List<Object>) list).forEach(item -> keys.addAll(((Map<String, Object>) item).keySet()));
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static Object item(Object list, String kind) {
        return ((List<Map<String, Object>>) list).stream().filter(m -> m.containsKey(kind)).findFirst().orElseThrow().get(kind);
    }

    @Test
    void aContainersKeysAreTheSchemasAtEveryLevel() throws IOException {
        Map<String, Object> schema = schema();
        Map<String, Object> written = yaml(SpecYamlWriter.write(EVERY_FIELD));
        assertThat(keys(written)).isEqualTo(properties(schema, "$defs", "container"));
        assertThat(keys(written.get("user"))).isEqualTo(properties(schema, "$defs", "container", "properties", "user"));
        Map<String, Object> rootfs = (Map<String, Object>) written.get("rootfs");
        assertThat(keys(rootfs)).isEqualTo(properties(schema, "$defs", "rootfs"));
        assertThat(keysOfItems(rootfs.get("layers"))).isEqualTo(properties(schema, "$defs", "rootfs", "properties", "layers", "items"));
        for (String kind : List.of("busybox", "directory")) {
            assertThat(keys(item(rootfs.get("layers"), kind)))
                    .isEqualTo(properties(schema, "$defs", "rootfs", "properties", "layers", "items", "properties", kind));
        }
        // an image layer has one of layout and archive: the two written together have every key
        Set<String> imageKeys = new TreeSet<>();
        ((List<Map<String, Object>>) rootfs.get("layers")).stream().filter(m -> m.containsKey("image"))
                .forEach(m -> imageKeys.addAll(keys(m.get("image"))));
        assertThat(imageKeys).isEqualTo(properties(schema, "$defs", "rootfs", "properties", "layers", "items", "properties", "image"));
        assertThat(keys(written.get("cgroup"))).isEqualTo(properties(schema, "$defs", "cgroup"));
        assertThat(keys(((Map<String, Object>) written.get("cgroup")).get("limits"))).isEqualTo(properties(schema, "$defs", "cgroup", "properties", "limits"));
        assertThat(keys(written.get("network"))).isEqualTo(properties(schema, "$defs", "network"));
        assertThat(keysOfItems(written.get("probes"))).isEqualTo(properties(schema, "$defs", "probe"));
        for (String kind : List.of("tcp", "http", "exec")) {
            assertThat(keys(item(written.get("probes"), kind))).as(kind).isEqualTo(properties(schema, "$defs", "probe", "properties", kind));
        }
    }

    @Test
    void aLabsKeysAreTheSchemas() throws IOException {
        Map<String, Object> schema = schema();
        LabSpec lab = Lab.named("full").bridge("fullbr").address("10.9.0.1/24").defaultRoute(true)
                .container(Container.named("a").hostname("a").workdir("a").busyboxLayer().cgroup(c -> c.name("a-cg"))
                        .command("sleep", "1").probe(Probe.tcp(1)).network(n -> n.netns("a").containerAddress("10.9.0.5/24")))
                .container(Container.named("b")).container(Container.named("c").inside("b")).build();
        Map<String, Object> written = yaml(SpecYamlWriter.write(lab));
        assertThat(keys(written)).isEqualTo(properties(schema, "$defs", "lab"));
        assertThat(keys(written.get("network"))).isEqualTo(properties(schema, "$defs", "lab", "properties", "network"));
        Object member = ((List<Object>) written.get("containers")).get(0);
        // every key of the member and 'inside', which only a member inside another has
        java.util.Set<String> memberKeys = new java.util.TreeSet<>(keys(member));
        memberKeys.addAll(keys(((List<Object>) written.get("containers")).get(2)));
        assertThat(memberKeys).isEqualTo(properties(schema, "$defs", "member"));
        assertThat(keys(((Map<String, Object>) member).get("network"))).isEqualTo(properties(schema, "$defs", "member", "properties", "network"));
    }

    @Test
    void theLoadersKeysAreTheSchemasAtEveryLevel() throws IOException {
        Map<String, Object> schema = schema();
        Map<List<String>, String[]> where = new java.util.LinkedHashMap<>();
        where.put(SpecKeys.CONTAINER, new String[] {"$defs", "container"});
        where.put(SpecKeys.MEMBER, new String[] {"$defs", "member"});
        where.put(SpecKeys.USER, new String[] {"$defs", "container", "properties", "user"});
        where.put(SpecKeys.ROOTFS, new String[] {"$defs", "rootfs"});
        where.put(SpecKeys.LAYER, new String[] {"$defs", "rootfs", "properties", "layers", "items"});
        where.put(SpecKeys.LAYER_OPTIONS, new String[] {"$defs", "rootfs", "properties", "layers", "items", "properties", "busybox"});
        where.put(SpecKeys.IMAGE_LAYER, new String[] {"$defs", "rootfs", "properties", "layers", "items", "properties", "image"});
        where.put(SpecKeys.CGROUP, new String[] {"$defs", "cgroup"});
        where.put(SpecKeys.LIMITS, new String[] {"$defs", "cgroup", "properties", "limits"});
        where.put(SpecKeys.NETWORK, new String[] {"$defs", "network"});
        where.put(SpecKeys.MEMBER_NETWORK, new String[] {"$defs", "member", "properties", "network"});
        where.put(SpecKeys.PROBE, new String[] {"$defs", "probe"});
        where.put(SpecKeys.TCP_PROBE, new String[] {"$defs", "probe", "properties", "tcp"});
        where.put(SpecKeys.HTTP_PROBE, new String[] {"$defs", "probe", "properties", "http"});
        where.put(SpecKeys.EXEC_PROBE, new String[] {"$defs", "probe", "properties", "exec"});
        where.put(SpecKeys.LAB, new String[] {"$defs", "lab"});
        where.put(SpecKeys.LAB_NETWORK, new String[] {"$defs", "lab", "properties", "network"});
        where.forEach((keys, path) -> assertThat(new TreeSet<>(keys)).as(String.join("/", path)).isEqualTo(properties(schema, path)));
        // the same keys in the member's user and both layer kinds
        assertThat(properties(schema, "$defs", "member", "properties", "user")).isEqualTo(new TreeSet<>(SpecKeys.USER));
        assertThat(properties(schema, "$defs", "rootfs", "properties", "layers", "items", "properties", "directory"))
                .isEqualTo(new TreeSet<>(SpecKeys.LAYER_OPTIONS));
    }

    @SuppressWarnings("unchecked")
    private static String pattern(Map<String, Object> schema, String def) {
        return (String) ((Map<String, Object>) ((Map<String, Object>) schema.get("$defs")).get(def)).get("pattern");
    }

    @Test
    void theSchemasPatternsAreTheValidatorsOwn() throws IOException {
        Map<String, Object> schema = schema();
        assertThat(pattern(schema, "name")).isEqualTo("^" + SpecPatterns.NAME.pattern() + "$");
        String label = SpecPatterns.HOST_LABEL.pattern();
        assertThat(pattern(schema, "hostname")).isEqualTo("^" + label + "(\\." + label + ")*$");
        assertThat(pattern(schema, "interfaceName")).isEqualTo("^" + SpecPatterns.INTERFACE.pattern() + "$");
        String component = SpecPatterns.CGROUP_COMPONENT.pattern();
        assertThat(pattern(schema, "cgroupPath")).isEqualTo("^" + component + "(/" + component + ")*$");
        // the memory limit's text form, with the pattern's groups dropped
        assertThat(Files.readString(Repo.root().resolve("schema/jconshgen-v1.schema.json")))
                .contains("\"pattern\": \"^" + SpecPatterns.BYTE_SIZE.pattern().replace("(", "").replace(")", "") + "$\"");
    }
}
