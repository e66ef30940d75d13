package dev.jconshgen.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** completion and the hidden man-pages build command, run in-process. */
class DocsCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void completionIsABashScriptForTheVisibleCommands() {
        Cli.Run run = Cli.run("completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_jconshgen")
                .contains("apply", "destroy", "verify", "--keep-on-failure")
                .doesNotContain("man-pages");
    }

    @Test
    void schemaPrintsThePublishedSchema() throws IOException {
        Cli.Run run = Cli.run("schema");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(dev.jconshgen.testsupport.Repo.root().resolve("schema/jconshgen-v1.schema.json")));
    }

    @Test
    void manPagesHaveOnePagePerVisibleCommandWithTheVersionAndTheExitCodes() throws IOException {
        Path out = tmp.resolve("man");

        Cli.Run run = Cli.run("man-pages", "-o", out.toString());

        assertThat(run.exitCode()).isZero();
        try (Stream<Path> pages = Files.list(out)) {
            assertThat(pages.map(p -> p.getFileName().toString()))
                    .contains("jconshgen.adoc", "jconshgen-apply.adoc", "jconshgen-destroy.adoc", "jconshgen-completion.adoc")
                    .doesNotContain("jconshgen-man-pages.adoc");
        }
        String apply = Files.readString(out.resolve("jconshgen-apply.adoc"));
        assertThat(apply).contains("= jconshgen-apply(1)").containsPattern(":revnumber: jconshgen \\d")
                .contains("host not ready").contains("*--keep-on-failure*");
    }

    @Test
    void manPagesIntoAnUnwritablePlaceFailWithTheReason() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        Cli.Run run = Cli.run("man-pages", "-o", file.resolve("man").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot write the man pages to " + file.resolve("man")).contains("choose a writable directory");
    }
}
