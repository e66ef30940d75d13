package dev.jconshgen.cli;

import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong command lines exit 2 and say how to get help. */
class UsageErrorsTest {

    @Test
    void unknownOptionOfASubcommand() {
        Cli.Run run = Cli.run("generate", "--frobnicate", Repo.labSpec().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--frobnicate'").contains("Try 'jconshgen generate --help'.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownTopLevelOption() {
        Cli.Run run = Cli.run("--frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--frobnicate").contains("Try 'jconshgen --help'.");
    }

    @Test
    void unknownSubcommand() {
        Cli.Run run = Cli.run("render", "spec.yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'render'");
    }

    @Test
    void noSubcommand() {
        Cli.Run run = Cli.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("subcommand");
    }

    @Test
    void missingSpec() {
        for (String subcommand : new String[] {"validate", "generate", "plan"}) {
            Cli.Run run = Cli.run(subcommand);

            assertThat(run.exitCode()).as(subcommand).isEqualTo(2);
            assertThat(run.err()).as(subcommand).contains("SPEC").contains("Try 'jconshgen " + subcommand + " --help'.");
        }
    }

    @Test
    void optionWithoutItsValue() {
        Cli.Run run = Cli.run("generate", Repo.labSpec().toString(), "-o");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("-o");
    }
}
