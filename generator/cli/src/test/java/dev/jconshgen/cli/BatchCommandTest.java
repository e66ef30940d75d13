package dev.jconshgen.cli;

import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** batch: several commands in one JVM, with the same files as the commands run one by one; nothing runs from a bad batch. */
class BatchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void rendersAnExampleAsItsGoldenFilesInOneRun() throws IOException {
        String spec = Repo.labSpec().toString();
        Path out = tmp.resolve("lab");
        Path batch = write("# the golden layout of generated/lab",
                line("generate", "--style", "lesson", spec, "-o", out.toString()),
                line("generate", "--style", "robust", spec, "-o", out.resolve("robust").toString()),
                "",
                line("explain", "--style", "lesson", spec, "-o", out.resolve("EXPLAIN.md").toString()),
                line("diagram", spec, "-o", out.resolve("topology.dot").toString()));

        Cli.Run run = Cli.run("batch", batch.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(files(out)).isEqualTo(files(Repo.generated().resolve("lab")));
        for (String file : files(out)) {
            assertThat(out.resolve(file)).as(file).hasSameTextualContentAs(Repo.generated().resolve("lab").resolve(file));
        }
        // each command's own report
        assertThat(run.out()).contains("wrote " + out.resolve("consh_setup.sh"), "wrote " + out.resolve("robust/consh_lib.sh"));
    }

    @Test
    void aCommandThatTouchesTheHostIsRefusedAndNothingRuns() throws IOException {
        Path out = tmp.resolve("out");
        Path batch = write(line("generate", Repo.labSpec().toString(), "-o", out.toString()),
                line("apply", Repo.labSpec().toString()),
                line("--quiet"));

        Cli.Run run = Cli.run("batch", batch.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 2 (apply " + Repo.labSpec() + "): apply is not accepted in a batch",
                "line 3 (--quiet): names no command", "accepted: diagram, explain, generate, plan, schema, validate");
        assertThat(out).doesNotExist();
    }

    @Test
    void theFirstFailingCommandStopsTheBatchWithItsExitCode() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: [not, a, name]\n");
        Path out = tmp.resolve("out");
        Path batch = write(line("validate", Repo.labSpec().toString()),
                line("validate", bad.toString()),
                line("generate", Repo.labSpec().toString(), "-o", out.toString()));

        Cli.Run run = Cli.run("batch", batch.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains(Repo.labSpec() + ": valid");
        assertThat(run.err()).contains(bad + ":1:", "line 2 (validate " + bad + ") exited 2; the lines after it did not run");
        assertThat(out).doesNotExist();
    }

    @Test
    void standardInputIsTheDefaultAndWindowsLineEndsAreNoPartOfAnArgument() throws IOException {
        Path out = tmp.resolve("out");
        byte[] text = (line("generate", Repo.labSpec().toString(), "-o", out.toString()) + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.InputStream stdin = System.in;
        Cli.Run run;
        try {
            System.setIn(new java.io.ByteArrayInputStream(text));
            run = Cli.run("batch");
        } finally {
            System.setIn(stdin);
        }

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve("consh_setup.sh")).exists();
        try (Stream<Path> made = Files.list(tmp)) {
            assertThat(made.map(p -> p.getFileName().toString())).containsExactly("out");
        }
    }

    @Test
    void aMissingBatchFileIsInvalidInput() {
        Cli.Run run = Cli.run("batch", tmp.resolve("none").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read the batch " + tmp.resolve("none"));
    }

    private static String line(String... args) {
        return String.join("\t", args);
    }

    private Path write(String... lines) throws IOException {
        return Files.writeString(tmp.resolve("batch.tsv"), String.join("\n", lines) + "\n");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }
}
