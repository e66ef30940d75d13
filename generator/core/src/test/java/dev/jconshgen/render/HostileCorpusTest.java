package dev.jconshgen.render;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.render.HostileCorpus.Field;
import dev.jconshgen.render.HostileCorpus.SpecYaml;
import dev.jconshgen.render.HostileCorpus.Value;
import dev.jconshgen.render.HostileCorpus.Var;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import dev.jconshgen.spec.YamlSpecLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every corpus value in every string field: validation rejects it (exit 2, an error on the
 * field's line that names the field, one printable line) exactly when the corpus says so, and
 * otherwise it reaches the generated scripts as data: their assignments, run by sh and by
 * busybox sh, give back the exact value, and no canary file is ever created.
 */
class HostileCorpusTest {
    static final String FILE = "corpus.yaml";
    static final int MAX_MESSAGE = 400;
    static final ScriptRenderer RENDERER = new ScriptRenderer();

    @TempDir
    Path tmp;
    private Path canary;
    private Path cwd;

    @BeforeEach
    void dirs() throws IOException {
        canary = Files.createDirectory(tmp.resolve("canary"));
        cwd = Files.createDirectory(tmp.resolve("cwd"));
    }

    /** One field set to one value. */
    record Case(Field field, Value value, String concrete) {
        String label() {
            return field.path() + " = " + value.id();
        }
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Field field : HostileCorpus.FIELDS) {
            for (Value value : HostileCorpus.values()) {
                cases.add(new Case(field, value, value.with(canary.toString())));
            }
        }
        return cases;
    }

    private List<Case> accepted() {
        return cases().stream().filter(c -> c.field().accepts(c.value())).toList();
    }

    @Test
    void theCorpusCoversWhatTheIssueAsksFor() {
        List<String> values = HostileCorpus.values().stream().map(v -> v.with(canary.toString())).toList();
        for (String needle : List.of("'", "\"", "$(", "`", ";", "&&", "\n", "\t", "*", "~", "..", "é", "\u05e9", "\u202e")) {
            assertThat(values).as("a value with %s", needle).anyMatch(v -> v.contains(needle));
        }
        assertThat(values).as("a leading '-'").anyMatch(v -> v.startsWith("-"));
        assertThat(values).as("the empty value").contains("");
        assertThat(values).as("300 and 5000 characters").anyMatch(v -> v.length() == 300).anyMatch(v -> v.length() == 5000);
        assertThat(values).as("an emoji").anyMatch(v -> v.codePoints().anyMatch(c -> c >= 0x1f000));
        // every value that contains a command makes it touch the canary
        assertThat(values.stream().filter(v -> v.contains("touch"))).allMatch(v -> v.contains(canary + "/"));
        // every field kind accepts something, so the accepted branch runs for it
        assertThat(HostileCorpus.FIELDS).extracting(Field::path).contains("workdir", "rootfs.overlay", "network.netns");
    }

    @Test
    void theBaseSpecIsValid() {
        ContainerSpec spec = parse(HostileCorpus.yaml(null, null));
        assertThat(spec.name()).isEqualTo("hv");
    }

    @Test
    void eachValueIsRejectedNamingItsFieldOrAcceptedExactlyAsTheCorpusSays() {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases()) {
            SpecYaml yaml = HostileCorpus.yaml(c.field().path(), c.concrete());
            boolean expected = c.field().accepts(c.value());
            try {
                parse(yaml);
                if (!expected) {
                    wrong.add(c.label() + ": accepted, but the corpus says it is rejected");
                }
            } catch (InvalidSpecException e) {
                if (expected) {
                    wrong.add(c.label() + ": rejected, but the corpus says it is accepted: " + e.getMessage());
                    continue;
                }
                int line = yaml.lines().get(c.field().path());
                if (e.exitCode() != ExitCode.INVALID_INPUT) {
                    wrong.add(c.label() + ": exit code " + e.exitCode());
                }
                for (SpecError error : e.errors()) {
                    String text = error.format();
                    if (!error.path().equals(c.field().path()) || error.line() != line) {
                        wrong.add(c.label() + ": an error not at " + c.field().path() + " (line " + line + "): " + text);
                    }
                    if (!text.startsWith(FILE + ":" + line + ":") || !text.contains(": " + c.field().path() + ": ")) {
                        wrong.add(c.label() + ": not FILE:LINE:COL: field: message: " + text);
                    }
                    if (text.length() > MAX_MESSAGE || text.codePoints().anyMatch(HostileCorpusTest::unprintable)) {
                        wrong.add(c.label() + ": not one short printable line: " + text);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(Shell.filesUnder(canary)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/bin/sh", "/usr/bin/busybox"})
    void acceptedValuesComeBackExactlyFromTheScriptsAssignments(String shell) {
        assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
        List<Case> accepted = accepted();
        assertThat(accepted).hasSizeGreaterThan(50);

        // One shell runs every case, each in a subshell: a syntax error anywhere fails it all.
        StringBuilder script = new StringBuilder("set -u\n");
        List<String> expected = new ArrayList<>();
        List<String> inert = new ArrayList<>();
        for (Case c : accepted) {
            if (c.field().vars().isEmpty()) {
                // no variable holds it (name: only in messages); it must mean nothing to a shell
                if (!c.concrete().matches("[A-Za-z0-9_.][A-Za-z0-9_.-]*")) {
                    inert.add(c.label() + ": accepted, no variable to check, and not shell-inert: " + c.concrete());
                }
                continue;
            }
            List<GeneratedScript> scripts = RENDERER.render(parse(HostileCorpus.yaml(c.field().path(), c.concrete())));
            script.append("printf '%s\\0' ").append(ShellOutputFormat.quote("@@" + c.label())).append('\n');
            expected.add("@@" + c.label());
            for (Var v : c.field().vars()) {
                String assignment = assignment(HostileValues.script(scripts, v.script()).content(), v.name(), c.label());
                script.append("(\n").append(assignment).append("\nprintf '%s\\0' \"$").append(v.name()).append("\"\n)\n");
                expected.add(v.expected().replace("%s", c.concrete()));
            }
        }
        assertThat(inert).isEmpty();

        Shell.Result result = Shell.run(cwd, Map.of(), shell.endsWith("busybox")
                ? List.of(shell, "sh", "-c", script.toString()) : List.of(shell, "-c", script.toString()));

        // the canary first: it is the property that matters, the rest says how things went wrong
        assertThat(Shell.filesUnder(canary)).as("canary files: a value ran as a command").isEmpty();
        assertThat(result.err()).as("stderr of %s", shell).isEmpty();
        assertThat(result.exitCode()).isZero();
        List<String> got = result.nulSeparated();
        for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
            assertThat(got.get(i)).as("value %d (after %s)", i, lastLabel(expected, i)).isEqualTo(expected.get(i));
        }
        assertThat(got).hasSameSizeAs(expected);
        assertThat(Shell.filesUnder(cwd)).as("files made by running the assignments").isEmpty();
    }

    /** The one line at the start of a line that assigns {@code variable}. */
    static String assignment(String content, String variable, String label) {
        List<String> lines = content.lines().filter(l -> l.startsWith(variable + "=")).toList();
        assertThat(lines).as("assignments of %s (%s)", variable, label).hasSize(1);
        return lines.get(0);
    }

    private static String lastLabel(List<String> expected, int i) {
        for (int j = i; j >= 0; j--) {
            if (expected.get(j).startsWith("@@")) {
                return expected.get(j);
            }
        }
        return "?";
    }

    static boolean unprintable(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    static ContainerSpec parse(SpecYaml yaml) {
        return new YamlSpecLoader().parse(FILE, yaml.text());
    }
}
