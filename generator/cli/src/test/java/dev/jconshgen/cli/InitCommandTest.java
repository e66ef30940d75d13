package dev.jconshgen.cli;

import dev.jconshgen.core.GeneratorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** init: starter specs that validate and render, written only when nothing is in the way. */
class InitCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"--lab", "--minimal", "--web"})
    void everyContainerStarterIsAValidSpecThatRendersScripts(String kind) {
        Path file = tmp.resolve("spec.yaml");

        Cli.Run run = Cli.run("init", kind, "--name", "starter", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + file);
        GeneratorService service = new GeneratorService();
        var loaded = service.load(file);
        assertThat(loaded.spec().name()).isEqualTo("starter");
        assertThat(service.render(loaded)).isNotEmpty();
    }

    @Test
    void theTrioStarterIsAValidLabOfThreeThatRendersScripts() {
        Path file = tmp.resolve("lab.yaml");

        Cli.Run run = Cli.run("init", "--trio", "--name", "mylab", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        GeneratorService service = new GeneratorService();
        var lab = service.loadLab(file).lab();
        assertThat(lab.name()).isEqualTo("mylab");
        assertThat(lab.bridge()).isEqualTo("mylabbr0");
        assertThat(lab.containers()).extracting(c -> c.name()).containsExactly("mylab-web", "mylab-a", "mylab-b");
        assertThat(service.renderLab(lab).members()).hasSize(3);
    }

    @Test
    void withoutOptionsItWritesTheLabContainerToNameDotYaml() throws IOException {
        Path before = Path.of("").toAbsolutePath();
        Cli.Run run = Cli.run("init", "-");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("name: consh ").contains("namespaces: [user, pid, mount, net, ipc, uts, cgroup]")
                .contains("hostAddress: 10.0.0.1/24");
        assertThat(Path.of("").toAbsolutePath()).isEqualTo(before);
        assertThat(Files.exists(before.resolve("consh.yaml"))).as("'-' writes no file").isFalse();
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws IOException {
        Path file = Files.writeString(tmp.resolve("mine.yaml"), "my own spec\n");

        Cli.Run refused = Cli.run("init", "--web", file.toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains(file + " exists: choose another FILE, or --force to overwrite it");
        assertThat(Files.readString(file)).isEqualTo("my own spec\n");

        Cli.Run forced = Cli.run("init", "--web", "--force", file.toString());

        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readString(file)).contains("httpd -f -p 80");
    }

    @Test
    void aNameWithOtherCharactersIsRefusedAndNothingIsWritten() throws IOException {
        Path file = tmp.resolve("x.yaml");

        Cli.Run run = Cli.run("init", "--name", "box\ncommand: [rm, -rf, /]", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a container name");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void aNameTheSpecCannotUseIsReportedByTheValidatorAndNothingIsWritten() {
        Path file = tmp.resolve("long.yaml");

        Cli.Run run = Cli.run("init", "--name", "averyveryverylongname", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":").contains("network.netns: 'averyveryverylongname' is not a usable netns name")
                .contains("nothing was written");
        assertThat(Files.exists(file)).isFalse();
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void onlyOneKindAtATime() {
        Cli.Run run = Cli.run("init", "--lab", "--web", "-");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
    }
}
