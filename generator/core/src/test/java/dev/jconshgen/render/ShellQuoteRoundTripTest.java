package dev.jconshgen.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every string over the characters quoting treats specially comes back exactly from sh. */
class ShellQuoteRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void allShortCombinationsAndRandomLongOnesRoundTrip() {
        String alphabet = "a'$`\\ \"";
        List<String> values = new ArrayList<>(List.of(""));
        // every string of up to 3 characters from the alphabet
        for (int length = 1; length <= 3; length++) {
            int combinations = (int) Math.pow(alphabet.length(), length);
            for (int n = 0; n < combinations; n++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length()) {
                    sb.append(alphabet.charAt(rest % alphabet.length()));
                }
                values.add(sb.toString());
            }
        }
        Random random = new Random(42);
        for (int n = 0; n < 200; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(sb.toString());
        }
        StringBuilder script = new StringBuilder();
        for (String value : values) {
            script.append("printf '%s\\0' ").append(ShellOutputFormat.quote(value)).append('\n');
        }

        Shell.Result result = Shell.run(tmp, Map.of(), List.of("/bin/sh", "-c", script.toString()));

        assertThat(result.err()).isEmpty();
        assertThat(result.nulSeparated()).containsExactlyElementsOf(values);
    }
}
