package dev.jconshgen.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** --version and --help of the command and of every subcommand. */
class VersionAndHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionIsTheProjectVersion(String option) {
        Cli.Run run = Cli.run(option);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("jconshgen \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsSubcommandsAndExitCodes() {
        Cli.Run run = Cli.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: jconshgen ")
                .contains("validate", "generate", "plan", "Exit codes:")
                .containsPattern("(?m)^\\s*2\\s+invalid input");
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "generate", "plan"})
    void subcommandHelp(String subcommand) {
        Cli.Run run = Cli.run(subcommand, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: jconshgen " + subcommand + " ").contains("SPEC", "-h, --help", "-V, --version");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void generateHelpDocumentsTheOutputDirectory() {
        assertThat(Cli.run("generate", "--help").out()).contains("-o, --output=DIR").contains("default: .");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "generate", "plan"})
    void helpSubcommandShowsTheSameHelp(String subcommand) {
        Cli.Run run = Cli.run("help", subcommand);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(Cli.run(subcommand, "--help").out());
    }
}
