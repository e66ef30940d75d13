package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command's --help documents the same exit codes, from ExitCode. */
class ExitCodesHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "validate", "generate", "plan", "apply", "verify", "status", "exec", "destroy"})
    void helpListsEveryExitCode(String command) {
        String out = command.isEmpty() ? Cli.run("--help").out() : Cli.run(command, "--help").out();

        assertThat(out).contains("Exit codes:");
        ExitCode.descriptions().forEach((code, text) -> assertThat(out).containsPattern("(?m)^\\s*" + code + "\\s+"
                + java.util.regex.Pattern.quote(text.substring(0, Math.min(12, text.length())))));
        assertThat(out).containsPattern("(?m)^\\s*3\\s+host not ready");
    }
}
