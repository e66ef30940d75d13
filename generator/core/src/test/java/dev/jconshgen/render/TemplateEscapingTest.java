package dev.jconshgen.render;

import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** No template switches shell quoting off: every interpolation goes through ShellOutputFormat. */
class TemplateEscapingTest {

    @Test
    void templatesExist() throws IOException {
        assertThat(templates().keySet()).contains(
                "create_lowerfs.sh.ftl", "consh_setup.sh.ftl", "consh_post_setup.sh.ftl",
                "consh_nw_setup.sh.ftl", "consh_nw_cleanup.sh.ftl", "consh_cleanup.sh.ftl", "lib/common.ftl");
    }

    @Test
    void noTemplateUsesNoEsc() throws IOException {
        assertThat(linesContaining("?no_esc")).isEmpty();
    }

    @Test
    void noTemplateTurnsAutoEscapingOffOrChangesTheOutputFormat() throws IOException {
        assertThat(linesContaining("noautoesc")).isEmpty();
        assertThat(linesContaining("outputformat")).isEmpty();
        assertThat(linesContaining("?markup_string")).isEmpty();
    }

    @Test
    void noTemplateUsesDollarBraceInterpolation() throws IOException {
        // The renderer only interpolates [=...]; a Freemarker ${...} would be shell text, but one
        // with a built-in (${x?...}) is a sign someone expected Freemarker to expand it.
        assertThat(linesContaining("?c}")).isEmpty();
        assertThat(linesContaining("?string}")).isEmpty();
    }

    @Test
    void everyInterpolationIsAWordOfItsOwnOutsideQuotes() throws IOException {
        // The output format makes each value one single-quoted word. Inside "..." or '...' the
        // quotes it adds would close and reopen the surrounding ones, so a value could escape.
        java.util.regex.Pattern interpolation = java.util.regex.Pattern.compile("\\[=[^\\]]*\\]");
        List<String> misplaced = new java.util.ArrayList<>();
        for (var template : templates().entrySet()) {
            List<String> lines = template.getValue();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.stripLeading().startsWith("#") || line.stripLeading().startsWith("<#--") || !line.contains("[=")) {
                    continue;
                }
                var matcher = interpolation.matcher(line);
                while (matcher.find()) {
                    String before = line.substring(0, matcher.start());
                    boolean insideQuotes = before.chars().filter(c -> c == '"').count() % 2 == 1
                            || before.chars().filter(c -> c == '\'').count() % 2 == 1;
                    char previous = matcher.start() == 0 ? ' ' : line.charAt(matcher.start() - 1);
                    char next = matcher.end() == line.length() ? ' ' : line.charAt(matcher.end());
                    // '<': the file of a redirection, one word after it (tar ... <'blob')
                    boolean ownWord = (previous == '=' || previous == ' ' || previous == '"' || previous == '<') && (next == ' ' || next == '>');
                    // The default of a positional parameter, as the lesson scripts write it: in an
                    // unquoted ${1:-WORD}, WORD is one word whose quotes the shell removes.
                    boolean positionalDefault = before.matches(".*\\$\\{[0-9]:-") && next == '}';
                    ownWord = ownWord || positionalDefault;
                    if (insideQuotes || !ownWord) {
                        misplaced.add(template.getKey() + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        assertThat(misplaced).isEmpty();
    }

    private static List<String> linesContaining(String needle) throws IOException {
        return templates().entrySet().stream()
                .flatMap(e -> numbered(e.getKey(), e.getValue()).filter(line -> line.contains(needle)))
                .toList();
    }

    private static Stream<String> numbered(String file, List<String> lines) {
        return java.util.stream.IntStream.range(0, lines.size()).mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i));
    }

    private static Map<String, List<String>> templates() throws IOException {
        Path dir = Repo.templates();
        Map<String, List<String>> templates = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                templates.put(dir.relativize(file).toString(), Files.readAllLines(file));
            }
        }
        return templates;
    }
}
