package dev.jconshgen.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static dev.jconshgen.render.ShellOutputFormat.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** quote() makes one single-quoted shell word of any value without control characters. */
class ShellOutputFormatTest {

    @Test
    void plainValueIsSingleQuoted() {
        assertThat(quote("consh")).isEqualTo("'consh'");
    }

    @Test
    void embeddedSingleQuoteIsClosedEscapedAndReopened() {
        assertThat(quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(quote("'")).isEqualTo("''\\'''");
    }

    @Test
    void emptyValueIsAnEmptyWord() {
        assertThat(quote("")).isEqualTo("''");
    }

    @Test
    void shellSyntaxStaysInsideTheQuotes() {
        // '$' and '`' between closed quotes, backslash-escaped: plain characters, and shellcheck-clean
        assertThat(quote("$(id) `id` ${HOME} a;b \"c\" \\d"))
                .isEqualTo("''\\$'(id) '\\`'id'\\`' '\\$'{HOME} a;b \"c\" \\d'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\tb", "\u0000", "a\u001b[31m", "\u007f", "line\n"})
    void controlCharactersAreRefused(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> quote(value))
                .withMessageContaining("control character U+00");
    }

    @Test
    void shellReadsEveryQuotedValueBackExactly(@TempDir Path dir) {
        List<String> values = List.of("plain", "", "it's", "''", "'\\''", "$(touch MARKER)", "`touch MARKER`",
                "a b  c", "-n", "*", "~", "\\", "\"", "!x", "#x", "caf\u00e9 \u65e5\u672c", "${x:-y}", "a;b|c&d>e<f");
        String script = "printf '%s\\0' " + values.stream().map(ShellOutputFormat::quote).collect(Collectors.joining(" "));

        Shell.Result result = Shell.sh(dir, script);

        assertThat(result.exitCode()).isZero();
        assertThat(result.nulSeparated()).containsExactlyElementsOf(values);
        assertThat(Shell.filesUnder(dir)).isEmpty();
    }
}
