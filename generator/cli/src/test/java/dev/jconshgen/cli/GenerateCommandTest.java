package dev.jconshgen.cli;

import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** generate -o DIR writes the six executable scripts, or nothing at all. */
class GenerateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesSixExecutableScripts() throws IOException {
        Path out = tmp.resolve("out/lab");

        Cli.Run run = Cli.run("generate", Repo.labSpec().toString(), "-o", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(list(out)).containsExactlyInAnyOrder("consh_lib.sh", "create_lowerfs.sh", "consh_setup.sh", "consh_post_setup.sh",
                "consh_nw_setup.sh", "consh_nw_cleanup.sh", "consh_cleanup.sh");
        for (String script : list(out)) {
            Path file = out.resolve(script);
            assertThat(Files.getPosixFilePermissions(file)).contains(
                    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
            assertThat(Files.readString(file)).startsWith("#!/bin/sh\n# " + script + ": ");
            assertThat(run.out()).contains("wrote " + file);
        }
    }

    @Test
    void writesTheGoldenScriptsOfEachStyleRobustByDefault() throws IOException {
        Path robust = tmp.resolve("robust");
        Path lesson = tmp.resolve("lesson");

        assertThat(Cli.run("generate", Repo.labSpec().toString(), "--output", robust.toString()).exitCode()).isZero();
        assertThat(Cli.run("generate", "--style", "lesson", Repo.labSpec().toString(), "-o", lesson.toString()).exitCode()).isZero();

        assertThat(list(robust)).contains("consh_lib.sh");
        for (String script : list(robust)) {
            assertThat(robust.resolve(script)).as(script).hasSameTextualContentAs(Repo.generated().resolve("lab/robust").resolve(script));
        }
        assertThat(list(lesson)).hasSize(6).doesNotContain("consh_lib.sh");
        for (String script : list(lesson)) {
            assertThat(lesson.resolve(script)).as(script).hasSameTextualContentAs(Repo.generated().resolve("lab").resolve(script));
        }
    }

    @Test
    void anUnknownStyleIsAUsageErrorThatNamesTheStyles() {
        Cli.Run run = Cli.run("generate", "--style", "fancy", Repo.labSpec().toString(), "-o", tmp.resolve("x").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'fancy' is not a style: lesson or robust");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void overwritesExistingScriptsAndKeepsOtherFiles() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("consh_setup.sh"), "old");
        Files.writeString(out.resolve("notes.txt"), "mine");

        assertThat(Cli.run("generate", Repo.labSpec().toString(), "-o", out.toString()).exitCode()).isZero();

        assertThat(Files.readString(out.resolve("consh_setup.sh"))).startsWith("#!/bin/sh");
        assertThat(out.resolve("notes.txt")).hasContent("mine");
        assertThat(list(out)).hasSize(8).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void invalidSpecWritesNothingNotEvenTheDirectory() throws IOException {
        String workdirLine = "workdir: ../up";
        String rootfsLine = "rootfs: {overlay: /abs}";
        Path spec = Files.writeString(tmp.resolve("bad.yaml"), "name: box\n" + workdirLine + "\n" + rootfsLine + "\n");
        Path out = tmp.resolve("out");

        Cli.Run run = Cli.run("generate", spec.toString(), "-o", out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(out).doesNotExist();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(
                        spec + ":2:" + (workdirLine.indexOf("../up") + 1) + ": workdir: ",
                        spec + ":3:" + (rootfsLine.indexOf("/abs") + 1) + ": rootfs.overlay: ")
                .contains("2 errors in the spec; nothing was written");
    }

    @Test
    void unreadableSpecWritesNothing() {
        Path out = tmp.resolve("out");

        Cli.Run run = Cli.run("generate", tmp.resolve("missing.yaml").toString(), "-o", out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(out).doesNotExist();
        assertThat(run.err()).contains("cannot read the spec");
    }

    @Test
    void outputPathThatIsARegularFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "keep me");

        Cli.Run run = Cli.run("generate", Repo.labSpec().toString(), "-o", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file + " exists and is not a directory");
        assertThat(file).hasContent("keep me");
        assertThat(list(tmp)).containsExactly("taken");
    }

    private static java.util.List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
