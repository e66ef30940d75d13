package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.apply.StepResult;
import dev.jconshgen.apply.preflight.Blocker;
import dev.jconshgen.apply.preflight.PreflightException;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Colour, --quiet and --json: what pipelines and terminals get. */
class OutputOptionsTest {
    private static final String ESC = "\u001b[";

    @TempDir
    Path tmp;

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        Map<String, String> plain = Map.of("TERM", "xterm");
        assertThat(Style.detect(Style.ColourMode.auto, plain, true).colour()).isTrue();
        assertThat(Style.detect(Style.ColourMode.auto, plain, false).colour()).as("not a terminal").isFalse();
        assertThat(Style.detect(Style.ColourMode.auto, Map.of("TERM", "dumb"), true).colour()).as("TERM=dumb").isFalse();
        assertThat(Style.detect(Style.ColourMode.never, plain, true).colour()).isFalse();
        assertThat(Style.detect(Style.ColourMode.always, plain, false).colour()).isTrue();
        assertThat(Style.detect(Style.ColourMode.always, Map.of("NO_COLOR", "1"), true).colour()).as("NO_COLOR wins").isFalse();
        assertThat(Style.detect(Style.ColourMode.auto, Map.of("NO_COLOR", ""), true).colour()).as("an empty NO_COLOR does not count")
                .isTrue();
    }

    @Test
    void progressLinesColourTheirStatusAndKeepTheirColumns() {
        StringWriter coloured = new StringWriter();
        StringWriter plain = new StringWriter();
        StepResult ok = new StepResult("lower layer", Duration.ofMillis(30), true, "");
        StepResult failed = new StepResult("network", Duration.ofMillis(50), false, "boom");

        Reports.live(new PrintWriter(coloured, true), new Style(true)).stepFinished(ok);
        Reports.live(new PrintWriter(coloured, true), new Style(true)).stepFinished(failed);
        Reports.live(new PrintWriter(plain, true), Style.PLAIN).stepFinished(ok);

        assertThat(coloured.toString()).contains(ESC + "32mOK    " + ESC + "0m").contains(ESC + "1;31mFAILED" + ESC + "0m");
        assertThat(plain.toString()).doesNotContain(ESC).startsWith("lower layer              OK       0.03 s");
        assertThat(coloured.toString().lines().findFirst().orElseThrow().replaceAll("\u001b\\[[0-9;]*m", ""))
                .isEqualTo(plain.toString().stripTrailing());
    }

    @Test
    void quietValidatePrintsNothingForAValidSpecAndOnlyErrorsOtherwise() throws IOException {
        Cli.Run valid = Cli.run("--quiet", "validate", Repo.labSpec().toString());
        assertThat(valid.exitCode()).isZero();
        assertThat(valid.out()).isEmpty();

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: Bad\n");
        Cli.Run invalid = Cli.run("validate", "-q", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.out()).isEmpty();
        assertThat(invalid.err()).contains(bad + ":1:7: name:");
    }

    @Test
    void quietGenerateWritesTheScriptsWithoutAWord() {
        Cli.Run run = Cli.run("generate", "--quiet", Repo.labSpec().toString(), "-o", tmp.resolve("out").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(tmp.resolve("out/consh_setup.sh")).isRegularFile();
    }

    @Test
    void validateJsonListsEveryFileWithItsErrors() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: Bad\nhostname: -x\n");

        Cli.Run run = Cli.run("validate", "--json", Repo.labSpec().toString(), bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("{\"ok\":false,\"files\":[{\"file\":\"" + Repo.labSpec() + "\",\"valid\":true,\"errors\":[]},")
                .contains("{\"file\":\"" + bad + "\",\"line\":1,\"column\":7,\"field\":\"name\",\"message\":\"'Bad' is not a valid name")
                .contains("\"line\":2,\"column\":11,\"field\":\"hostname\"");
    }

    @Test
    void planJsonHasEveryScriptWithItsSteps() {
        Cli.Run run = Cli.run("plan", "--json", Repo.labSpec().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("{\"container\":\"consh\",\"scripts\":[{\"script\":\"create_lowerfs.sh\"")
                .contains("\"command\":\"./consh_nw_setup.sh PID consh 10.0.0.1/24 10.0.0.2/24\"")
                .contains("\"steps\":[\"find busybox\",");
    }

    @Test
    void aFailureOfACommandAskedForJsonIsJsonOnStdoutToo() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: Bad\n");

        Cli.Run run = Cli.run("apply", "--json", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).startsWith("{\"ok\":false,\"exitCode\":2,\"error\":")
                .contains("\"errors\":[{\"file\":\"" + bad + "\",\"line\":1,\"column\":7,\"field\":\"name\"");
        assertThat(run.err()).contains(bad + ":1:7: name:");

        Cli.Run text = Cli.run("apply", bad.toString());
        assertThat(text.out()).as("without --json, nothing on stdout").isEmpty();
    }

    @Test
    void preflightBlockersBecomeJsonWithTheirRemedies() {
        PreflightException e = new PreflightException("web1", List.of(new Blocker("no busybox", "apt-get install busybox-static")));

        assertThat(Json.write(ErrorHandler.failureJson(e, 3))).contains("\"exitCode\":3")
                .contains("\"blockers\":[{\"problem\":\"no busybox\",\"remedy\":\"apt-get install busybox-static\"}]");
    }
}
