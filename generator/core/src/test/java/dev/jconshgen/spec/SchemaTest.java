package dev.jconshgen.spec;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published JSON Schema (schema/jconshgen-v1.schema.json, also in the jar) accepts every
 * spec the loader accepts among the examples and a spec that sets every field, and rejects
 * specs whose shape the loader rejects.
 */
class SchemaTest {
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(read(Repo.root().resolve("schema/jconshgen-v1.schema.json")));
    private static final Path EVERY_FIELD = Repo.root().resolve("generator/core/src/test/resources/schema/every-field.yaml");

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode yaml(String text) {
        Object document = new Load(LoadSettings.builder().build()).loadFromString(text);
        return JsonMapper.builder().build().valueToTree(document);
    }

    private static List<String> schemaErrors(String text) {
        return SCHEMA.validate(yaml(text)).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Repo.examples())) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsValidAgainstTheSchema(Path example) {
        assertThat(schemaErrors(read(example))).as(example.toString()).isEmpty();
    }

    @Test
    void aSpecWithEveryFieldIsValidForTheLoaderAndTheSchema() {
        new YamlSpecLoader().load(EVERY_FIELD);
        assertThat(schemaErrors(read(EVERY_FIELD))).isEmpty();
    }

    @Test
    void theJarCarriesTheSameSchema() throws IOException {
        try (var in = SchemaTest.class.getResourceAsStream("/schema/jconshgen-v1.schema.json")) {
            assertThat(in).as("schema in the jar's resources").isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(read(Repo.root().resolve("schema/jconshgen-v1.schema.json")));
        }
    }

    /** Each is examples/trio.yaml with one line changed into a mistake that the loader refuses too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "    network: {netns: spare, containerAddress: 10.0.10.20/24}=>    network: {netns: spare, hostAddress: 10.0.10.1/24}",
            "  bridge: triobr0=>  bridge: 'tri obr0'",
            "  address: 10.0.10.1/24=>  address: ten",
            "  - name: spare=>  - name: Spare",
            "  defaultRoute: true          # every member's gateway is the bridge address=>  defaultRoute: true\n  mtu: 1400",
    })
    void aMistakeInALabIsRejectedByTheSchemaAndByTheLoader(String change) {
        String[] parts = change.split("=>", 2);
        String text = read(Repo.examples().resolve("trio.yaml"));
        assertThat(text).contains(parts[0]);
        String broken = text.replace(parts[0], parts[1].replace("\\n", "\n"));

        assertThat(schemaErrors(broken)).as("schema errors for: " + parts[1]).isNotEmpty();
        assertThatThrownBy(() -> new YamlSpecLoader().parseLab("broken.yaml", broken)).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void aLabOfOneContainerIsRejectedByTheSchemaAndByTheLoader() {
        String text = read(Repo.examples().resolve("trio.yaml"));
        String one = text.substring(0, text.indexOf("  - name: client"));

        assertThat(schemaErrors(one)).isNotEmpty();
        assertThatThrownBy(() -> new YamlSpecLoader().parseLab("one.yaml", one)).isInstanceOf(InvalidSpecException.class);
    }

    /** Each is the every-field spec with one line changed into a mistake that the loader refuses too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "name: every-field=>name: Every_Field",
            "hostname: every.field-host=>hostname: -host",
            "workdir: every/field=>workdir: /abs/path",
            "workdir: every/field=>workdir: a/../../b",
            "  overlay: ovly=>  overlay: 'a,b'",
            "namespaces: [user, pid, mount, net, ipc, uts, cgroup]=>namespaces: [user, time]",
            "  limits: {pids: 64, memory: 64M, cpu: 0.5}=>  limits: {pids: 0}",
            "  limits: {pids: 64, memory: 64M, cpu: 0.5}=>  limits: {memory: 64T}",
            "  limits: {pids: 64, memory: 64M, cpu: 0.5}=>  limits: {cpu: 100}",
            "  hostAddress: 10.0.9.1/24=>  hostAddress: 10.0.9.300/24",
            "  hostAddress: 10.0.9.1/24=>  hostAddress: 10.0.9.1",
            "  netns: every=>  netns: averyveryverylongname",
            "  defaultRoute: true=>  defaultRoute: 'yes please'",
            "command: [nc, -ll, -p, \"50000\", -e, echo, hello]=>command: nc -ll -p 50000",
            "  - tcp: {port: 50000, expect: hello}=>  - tcp: {port: 70000}",
            "  - tcp: {port: 50000, expect: hello}=>  - udp: {port: 53}",
            "  - http: {port: 80, path: /index.html, status: 200, contains: hello}=>  - http: {port: 80, path: index.html}",
            "user: {mapRootUser: true}=>user: {mapRootUser: true, uid: 0}",
            "apiVersion: jconshgen/v1=>apiVersion: jconshgen/v2",
            "kind: Container=>kind: Pod",
            "  overlay: ovly=>  overlay: ovly\n  extra: 1",
    })
    void aMistakeIsRejectedByTheSchemaAndByTheLoader(String change) {
        String[] parts = change.split("=>", 2);
        String text = read(EVERY_FIELD);
        assertThat(text).contains(parts[0]);
        String broken = text.replace(parts[0], parts[1]);

        assertThat(schemaErrors(broken)).as("schema errors for: " + parts[1]).isNotEmpty();
        assertThatThrownBy(() -> new YamlSpecLoader().parse("broken.yaml", broken)).isInstanceOf(InvalidSpecException.class);
    }
}
