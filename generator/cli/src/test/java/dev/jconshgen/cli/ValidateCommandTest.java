package dev.jconshgen.cli;

import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** validate: exit 0 for valid specs, 2 with every error on stderr otherwise. */
class ValidateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void validSpec() {
        Cli.Run run = Cli.run("validate", Repo.labSpec().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(Repo.labSpec() + ": valid" + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void invalidSpecReportsEveryErrorOnStderr() throws IOException {
        String[] lines = {"name: Box", "workdir: /srv/box", "network: {hostAddress: 10.0.0.1/33}"};
        Path spec = Files.writeString(tmp.resolve("bad.yaml"), String.join("\n", lines) + "\n");

        Cli.Run run = Cli.run("validate", spec.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).satisfiesExactly(
                line -> assertThat(line).startsWith(spec + ":1:" + column(lines[0], "Box") + ": name: "),
                line -> assertThat(line).startsWith(spec + ":2:" + column(lines[1], "/srv/box") + ": workdir: "),
                line -> assertThat(line).startsWith(spec + ":3:" + column(lines[2], "10.0.0.1/33") + ": network.hostAddress: "));
    }

    @Test
    void severalSpecsAreAllChecked() throws IOException {
        String hostnameLine = "hostname: -x";
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: box\n" + hostnameLine + "\n");
        Path missing = tmp.resolve("missing.yaml");

        Cli.Run run = Cli.run("validate", bad.toString(), Repo.labSpec().toString(), missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains(Repo.labSpec() + ": valid").doesNotContain(bad.toString());
        assertThat(run.err()).contains(bad + ":2:" + column(hostnameLine, "-x") + ": hostname: ").contains(missing + ": cannot read the spec");
    }

    private static int column(String line, String value) {
        return line.indexOf(value) + 1;
    }
}
