package dev.jconshgen.spec;

import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.jconshgen.spec.YamlSpecs.errors;
import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static dev.jconshgen.spec.YamlSpecs.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys, types and constants the YAML binding refuses before any semantic check. */
class YamlStructureErrorsTest {

    @Test
    void unknownTopLevelKey() {
        String yaml = "name: box\nimage: alpine\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo("image");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "image"));
        assertThat(error.message()).contains("unknown key 'image'").contains("name", "rootfs", "network");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "rootfs: {overlay: o, size: 1G}                  | rootfs.size",
            "rootfs: {layers: [{busybox: {path: x}}]}        | rootfs.layers[0].busybox.path",
            "rootfs: {layers: [{directory: {dir: x, mode: ro}}]} | rootfs.layers[0].directory.mode",
            "user: {mapRootUser: true, uid: 1000}            | user.uid",
            "cgroup: {limits: {io: 2}}                       | cgroup.limits.io",
            "network: {netns: box, gateway: 10.0.0.254}      | network.gateway"})
    void unknownNestedKey(String line, String path) {
        String yaml = "name: box\n" + line + "\n";
        String key = path.substring(path.lastIndexOf('.') + 1);
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo(path);
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, key + ":"));
        assertThat(error.message()).contains("unknown key '" + key + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "rootfs: hello                  | rootfs    | hello     | expected a mapping",
            "network: [a, b]                | network   | [a, b]    | expected a mapping",
            "cgroup: 5                      | cgroup    | 5         | expected a mapping",
            "hostname: [a, b]               | hostname  | [a, b]    | expected a string",
            "hostname: {x: 1}               | hostname  | {x: 1}    | expected a string",
            "workdir: 12                    | workdir   | 12        | expected a string",
            "namespaces: {mount: true}      | namespaces | {mount   | expected a list",
            "namespaces: mount              | namespaces | mount    | expected a list",
            "user: {mapRootUser: 'yes'}     | user.mapRootUser | 'yes' | expected true or false",
            "cgroup: {limits: {pids: ten}}  | cgroup.limits.pids | ten | expected a whole number",
            "cgroup: {limits: {pids: 1.5}}  | cgroup.limits.pids | 1.5 | expected a whole number"})
    void wrongType(String line, String path, String value, String message) {
        String yaml = "name: box\n" + line + "\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo(path);
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, value));
        assertThat(error.message()).startsWith(message);
    }

    /**
     * Found by SpecLoaderFuzzTest: a double-quoted escape of U+D800 is half of a surrogate pair,
     * which the YAML library lets through; the spec was valid, and the writer's YAML did not load
     * back as it.
     */
    @Test
    void halfASurrogatePairIsNoCharacter() {
        String yaml = "name: box\nworkdir: \"demo\\uD800demo\"\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo("workdir");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "\"demo"));
        assertThat(error.message()).startsWith("'demo\\ud800demo' holds half of a UTF-16 surrogate pair");
        assertThat(YamlSpecs.parse("name: box\nworkdir: \"demo\\U0001F642\"\n").workdir()).isEqualTo("demo\uD83D\uDE42");
    }

    @Test
    void numberForName() {
        String yaml = "name: 42\n";
        List<SpecError> errors = errors(yaml);

        assertThat(errors.get(0).path()).isEqualTo("name");
        assertThat(locationOf(errors.get(0))).isEqualTo(Location.of(yaml, "42"));
        assertThat(errors.get(0).message()).contains("expected a string", "number '42'", "quote it");
    }

    @Test
    void documentThatIsNotAMapping() {
        String yaml = "- name: box\n";
        List<SpecError> errors = errors(yaml);

        assertThat(errors.get(0).path()).isEmpty();
        assertThat(errors.get(0).message()).contains("expected a mapping", "a list");
        assertThat(errors.get(0).format()).startsWith("spec.yaml:1:1: expected a mapping");
    }

    @Test
    void duplicateTopLevelKey() {
        String yaml = "name: box\nworkdir: a\nworkdir: b\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo("workdir");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "workdir: b"));
        assertThat(error.message()).contains("twice");
    }

    @Test
    void duplicateNestedKey() {
        String yaml = "name: box\nnetwork:\n  netns: one\n  netns: two\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo("network.netns");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "netns: two"));
    }

    @Test
    void missingName() {
        String yaml = "hostname: box\nworkdir: box\n";
        List<SpecError> errors = errors(yaml);

        assertThat(errors).extracting(SpecError::path).contains("name");
        assertThat(errors).filteredOn(e -> e.path().equals("name")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("is required"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "apiVersion, jconshgen/v2, jconshgen/v1",
            "apiVersion, v1, jconshgen/v1",
            "kind, Pod, Container",
            "kind, container, Container"})
    void unsupportedApiVersionOrKind(String key, String value, String supported) {
        String yaml = key + ": " + value + "\nname: box\n";
        SpecError error = onlyError(yaml);

        assertThat(error.path()).isEqualTo(key);
        assertThat(locationOf(error)).isEqualTo(new Location(1, key.length() + 3));
        assertThat(error.message()).contains("'" + value + "'", "'" + supported + "'");
    }

    @Test
    void apiVersionAndKindAreOptional() {
        assertThat(YamlSpecs.parse("name: box\n").name()).isEqualTo("box");
    }
}
