package dev.jconshgen.fleet;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnsibleExportTest {
    @TempDir
    Path dir;

    /** Every file under a directory, relative to it. */
    private static List<String> files(Path root) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).sorted().toList();
        }
    }

    private Path jar() throws IOException {
        return Files.write(dir.resolve("jconshgen.jar"), new byte[] {'P', 'K', 3, 4, 42});
    }

    @Test
    void theFixedFilesAreExactlyThoseOfTemplatesAnsible() throws IOException {
        List<String> expected = new ArrayList<>(AnsibleExporter.FIXED_FILES);
        expected.add(AnsibleExporter.SETTINGS);
        assertThat(files(Repo.templates().resolve("ansible"))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void anExportHoldsThePlaybooksTheRoleAndJconshgenItself() throws IOException {
        Path out = dir.resolve("class");
        List<Path> written = new AnsibleExporter().export(Repo.labSpec(), out, jar());
        List<String> expected = new ArrayList<>(AnsibleExporter.FIXED_FILES);
        expected.addAll(List.of("roles/jconshgen/defaults/main.yml", "roles/jconshgen/vars/main.yml", "inventory.example.yml",
                "roles/jconshgen/files/bin/jconshgen", "roles/jconshgen/files/share/jconshgen/jconshgen.jar"));
        assertThat(written).extracting(Path::toString).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(files(out)).containsExactlyInAnyOrderElementsOf(expected);
        for (String fixed : AnsibleExporter.FIXED_FILES) {
            assertThat(out.resolve(fixed)).hasSameTextualContentAs(Repo.templates().resolve("ansible").resolve(fixed));
        }
        assertThat(out.resolve("roles/jconshgen/files/share/jconshgen/jconshgen.jar")).hasSameBinaryContentAs(jar());
        Path launcher = out.resolve("roles/jconshgen/files/bin/jconshgen");
        assertThat(launcher).hasSameTextualContentAs(Repo.root().resolve("bin/jconshgen"));
        assertThat(Files.isExecutable(launcher)).isTrue();
    }

    @Test
    void theDefaultsListEveryPerHostVariableWithTheSpecsValueThenTheSettings() throws IOException {
        Path out = dir.resolve("class");
        new AnsibleExporter().export(Repo.labSpec(), out, jar());
        String defaults = Files.readString(out.resolve("roles/jconshgen/defaults/main.yml"));
        assertThat(defaults).contains("\nconsh_name: consh\n", "\nconsh_hostname: consh-host\n", "\nconsh_host_address: \"10.0.0.1/24\"\n",
                "\nconsh_container_address: \"10.0.0.2/24\"\n", "\njconshgen_prefix: /opt/jconshgen\n");
        assertThat(defaults.indexOf("consh_container_address")).isLessThan(defaults.indexOf("jconshgen_prefix"));
        String vars = Files.readString(out.resolve("roles/jconshgen/vars/main.yml"));
        assertThat(vars).contains("  name: \"{{ consh_name }}\"\n", "    hostAddress: \"{{ consh_host_address }}\"\n",
                "jconshgen_target: \"{{ consh_name }}\"\n", "- busybox-static\n", "- iproute2\n");
    }

    @Test
    void aContainerWithoutNetworkNeedsNoNetworkPackages() {
        AnsibleExporter.Export export = AnsibleExporter.of(dev.jconshgen.dsl.Container.named("bare").build());
        assertThat(export.packages()).contains("busybox-static", "util-linux").doesNotContain("iproute2", "iputils-ping");
    }

    @Test
    void anExistingDirectoryIsRefusedAndKeptAsItWas() throws IOException {
        Path out = Files.createDirectory(dir.resolve("class"));
        Files.writeString(out.resolve("mine.txt"), "keep");
        Path jar = jar();
        assertThatThrownBy(() -> new AnsibleExporter().export(Repo.labSpec(), out, jar))
                .isInstanceOfSatisfying(JconshgenException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("exists; give a new directory");
        assertThat(files(out)).containsExactly("mine.txt");
    }

    @Test
    void anImageSpecIsRefusedAndNothingIsWritten() throws IOException {
        Path out = dir.resolve("class");
        Path jar = jar();
        assertThatThrownBy(() -> new AnsibleExporter().export(Repo.examples().resolve("image.yaml"), out, jar))
                .isInstanceOfSatisfying(JconshgenException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("rootfs.layers: image layers are not exported yet");
        assertThat(out).doesNotExist();
    }

    @Test
    void anInvalidSpecIsRefusedWithEveryErrorAndNothingIsWritten() throws IOException {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: jconshgen/v1\nkind: Container\nname: -bad\n");
        Path out = dir.resolve("class");
        Path jar = jar();
        assertThatThrownBy(() -> new AnsibleExporter().export(spec, out, jar)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("name");
        assertThat(out).doesNotExist();
    }

    @Test
    void withoutAJarNothingIsWritten() {
        Path out = dir.resolve("class");
        assertThatThrownBy(() -> new AnsibleExporter().export(Repo.labSpec(), out, dir.resolve("classes")))
                .isInstanceOfSatisfying(JconshgenException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("is not a file");
        assertThat(out).doesNotExist();
    }

    @Test
    void specValuesThatReadAsJinjaAreTaggedUnsafeAndPerHostFieldsAreExpressions() {
        Map<String, Object> vars = new java.util.LinkedHashMap<>();
        vars.put("plain", "10.0.0.1/24");
        vars.put("markup", "{{ lookup('pipe', 'id') }}");
        vars.put("perHost", new AnsibleVars.Jinja("consh_name"));
        vars.put("list", List.of("sh", "-c", "echo {%"));
        assertThat(AnsibleVars.dump(vars)).isEqualTo("""
                plain: "10.0.0.1/24"
                markup: !unsafe "{{ lookup('pipe', 'id') }}"
                perHost: "{{ consh_name }}"
                list:
                - sh
                - "-c"
                - !unsafe "echo {%"
                """);
    }

    @Test
    void onlyStringsThatReadTheSameUnderYaml11AreWrittenPlain() {
        // Ansible reads YAML 1.1: these would be booleans, numbers, dates, null, or not load
        for (String quoted : List.of("on", "No", "TRUE", "y", "null", "~", "0755", "1_000", "10:30", "2024-01-01", ".inf", "=",
                "<<", "-", "0x1F", "", " x", "a b", "x:y")) {
            assertThat(AnsibleVars.plainIsSafe(quoted)).as(quoted).isFalse();
            assertThat(AnsibleVars.dumpOne("v", quoted)).as(quoted).startsWith("v: \"");
        }
        for (String plain : List.of("consh", "consh-host", "jconshgen/v1", "busybox-static", "a.b_c")) {
            assertThat(AnsibleVars.dumpOne("v", plain)).isEqualTo("v: " + plain + "\n");
        }
    }

    @Test
    void directoryLayersAndBridgedContainersAreRefusedAndNothingIsWritten() throws IOException {
        Path jar = jar();
        Path out = dir.resolve("class");
        assertThatThrownBy(() -> new AnsibleExporter().export(Repo.examples().resolve("site.yaml"), out, jar))
                .hasMessageContaining("rootfs.layers: directory layers are not exported yet");
        assertThatThrownBy(() -> new AnsibleExporter().export(Repo.examples().resolve("bridge.yaml"), out, jar))
                .hasMessageContaining("a bridged container is applied only as a member of a lab");
        assertThat(out).doesNotExist();
    }

    @Test
    void aPerHostFieldMissingFromTheDocumentIsAnError() {
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("name", "x");
        HostVariables.Set set = new HostVariables.Set(List.of(new HostVariable("consh_hostname", List.of("hostname"), "h", "")), List.of());
        assertThatThrownBy(() -> AnsibleVars.templated(document, set)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[hostname]");
    }
}
