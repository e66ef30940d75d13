package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.Json;
import dev.jconshgen.testsupport.Repo;
import dev.jconshgen.verify.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** verify's score line and its option errors (no container is needed for either). */
class VerifyReportTest {

    @Test
    void theScoreCountsTheChecksThatAppliedAndIsTheLastLine() {
        CheckReport report = new CheckReport("consh", List.of(CheckResult.of("a", true, "x", "x"), CheckResult.of("b", false, "x", "y"),
                CheckResult.skip("c", "does not apply"), CheckResult.of("d", true, "x", "x")));
        assertThat(report.score()).isEqualTo("score: 2/3");
        assertThat(report.ok()).isFalse();
        CheckReport allPassed = new CheckReport("consh", List.of(CheckResult.of("a", true, "x", "x"), CheckResult.skip("c", "n/a")));
        assertThat(allPassed.score()).isEqualTo("score: 1/1");
        assertThat(allPassed.ok()).isTrue();
    }

    @Test
    void prettyJsonIsTheOneLineJsonIndented() {
        Map<String, Object> value = Map.of("k", List.of(1, "a \"b\"", Map.of()), "e", List.of());
        String pretty = Json.pretty(value);
        assertThat(pretty).contains("\n  ").endsWith("\n");
        // Outside strings, only the layout differs.
        assertThat(pretty.replaceAll("\n *", "").replace("\": ", "\":")).isEqualTo(Json.write(value));
    }

    @Test
    void workdirWithoutPidIsAUsageError() {
        Cli.Run run = Cli.run("verify", "consh", "--workdir", "/tmp");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.err()).contains("--workdir goes with --pid or --pid-of");
    }

    @Test
    void aJunitFileThatIsADirectoryIsRefusedBeforeAnyCheck(@TempDir Path dir) {
        Cli.Run run = Cli.run("verify", Repo.labSpec().toString(), "--pid", "1", "--junit", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.err()).contains("--junit " + dir + " is a directory");
        assertThat(run.out()).doesNotContain("PASS");
    }

    @Test
    void aLabNeedsMemberNamesForPidsAndWorkdirs(@TempDir Path dir) throws Exception {
        Path lab = Repo.examples().resolve("trio.yaml");
        Cli.Run bare = Cli.run("verify", lab.toString(), "--pid", "123456789");
        assertThat(bare.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(bare.err()).contains("give each one's PID as --pid MEMBER=PID (missing: web, client, spare)");
        Cli.Run workdir = Cli.run("verify", lab.toString(), "--pid", "web=1", "--workdir", "nobody=" + dir);
        assertThat(workdir.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(workdir.err()).contains("lab trio has no member nobody (its members: web, client, spare)");
        Cli.Run twice = Cli.run("verify", Repo.labSpec().toString(), "--pid", "1", "--pid", "consh=2");
        assertThat(twice.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(twice.err()).contains("consh was given a PID already");
        assertThat(Files.list(dir)).isEmpty();
    }
}
