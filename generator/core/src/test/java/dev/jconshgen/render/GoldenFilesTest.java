package dev.jconshgen.render;

import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * generated/NAME/ holds exactly what examples/NAME.yaml renders to: the lesson scripts, the robust ones in robust/,
 * EXPLAIN.md (of the lesson style) and topology.dot. With
 * {@code -Djconshgen.updateGolden=true} the test rewrites generated/ instead of failing.
 */
class GoldenFilesTest {
    private static final boolean UPDATE = Boolean.getBoolean("jconshgen.updateGolden");
    private static final String EXPLAIN = "EXPLAIN.md";
    private static final String DIAGRAM = "topology.dot";
    private static final String HOW_TO_FIX = "run 'make generate' (or mvn verify -Djconshgen.updateGolden=true) and commit the result";

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Repo.examples())) {
            List<Path> specs = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
            assertThat(specs).as("examples/*.yaml").isNotEmpty();
            return specs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void generatedScriptsAreWhatTheTemplatesRenderNow(Path spec) throws IOException {
        String name = spec.getFileName().toString().replaceFirst("\\.yaml$", "");
        Path dir = Repo.generated().resolve(name);
        List<GeneratedScript> rendered = Stream.concat(render(spec).stream(), documents(spec).stream()).toList();
        if (UPDATE) {
            rewrite(dir, rendered);
        }

        Set<String> expectedFiles = rendered.stream().map(GeneratedScript::fileName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(filesIn(dir)).as("files in generated/%s/: %s", name, HOW_TO_FIX).isEqualTo(expectedFiles);
        for (GeneratedScript script : rendered) {
            Path golden = dir.resolve(script.fileName());
            String where = "generated/" + name + "/" + script.fileName();
            String difference = firstDifference(Files.readString(golden, StandardCharsets.UTF_8), script.content());
            if (difference != null) {
                fail(where + " is not what the templates render from " + Repo.root().relativize(spec) + " now ("
                        + difference + "): " + HOW_TO_FIX);
            }
            assertThat(Files.isExecutable(golden)).as("%s is executable: %s", where, HOW_TO_FIX).isEqualTo(script.fileName().endsWith(".sh"));
        }
    }

    /** The lesson scripts, then the robust ones under robust/ (a lab: with each member's under MEMBER/). */
    static List<GeneratedScript> render(Path spec) {
        List<GeneratedScript> all = new java.util.ArrayList<>(render(spec, Style.LESSON, ""));
        all.addAll(render(spec, Style.ROBUST, "robust/"));
        return all;
    }

    /** A container's scripts, or a lab's with each member's under MEMBER/ (its directory), each name after {@code prefix}. */
    static List<GeneratedScript> render(Path spec, Style style, String prefix) {
        List<GeneratedScript> all = new java.util.ArrayList<>();
        if (!YamlSpecLoader.isLab(spec)) {
            new ScriptRenderer().render(new YamlSpecLoader().load(spec).spec(), style)
                    .forEach(s -> all.add(new GeneratedScript(prefix + s.fileName(), s.content())));
            return all;
        }
        LabRenderer.LabScripts lab = new LabRenderer().render(new YamlSpecLoader().loadLab(spec).lab(), style);
        lab.bridge().forEach(s -> all.add(new GeneratedScript(prefix + s.fileName(), s.content())));
        lab.members().forEach((member, scripts) -> scripts.forEach(s -> all.add(new GeneratedScript(prefix + member + "/" + s.fileName(), s.content()))));
        return all;
    }

    /** EXPLAIN.md and topology.dot, which 'make generate' writes beside the scripts. */
    static List<GeneratedScript> documents(Path spec) {
        String file = spec.getFileName().toString();
        if (YamlSpecLoader.isLab(spec)) {
            var lab = new YamlSpecLoader().loadLab(spec).lab();
            return List.of(new GeneratedScript(EXPLAIN, dev.jconshgen.explain.ExplainDocument.write(file, lab, Style.LESSON,
                            new LabRenderer().render(lab, Style.LESSON), new LabRenderer().render(lab, Style.ROBUST))),
                    new GeneratedScript(DIAGRAM, dev.jconshgen.diagram.DotWriter.write(dev.jconshgen.diagram.Topology.of(lab))));
        }
        var container = new YamlSpecLoader().load(spec).spec();
        return List.of(new GeneratedScript(EXPLAIN, dev.jconshgen.explain.ExplainDocument.write(file, container, Style.LESSON,
                        new ScriptRenderer().render(container, Style.LESSON), new ScriptRenderer().render(container, Style.ROBUST))),
                new GeneratedScript(DIAGRAM, dev.jconshgen.diagram.DotWriter.write(dev.jconshgen.diagram.Topology.of(container))));
    }

    @Test
    void everyGeneratedDirectoryHasItsExample() throws IOException {
        try (Stream<Path> dirs = Files.list(Repo.generated())) {
            assertThat(dirs.filter(Files::isDirectory))
                    .as("generated/ directories without examples/NAME.yaml (remove them)")
                    .allSatisfy(dir -> assertThat(Repo.examples().resolve(dir.getFileName() + ".yaml")).isRegularFile());
        }
    }

    @Test
    void differenceNamesTheFirstDifferingLine() {
        assertThat(firstDifference("a\nb\nc\n", "a\nb\nc\n")).isNull();
        assertThat(firstDifference("a\nb\nc\n", "a\nB\nc\n")).isEqualTo("line 2: golden 'b', rendered 'B'");
        assertThat(firstDifference("a\n", "a\nb\n")).isEqualTo("line 2: golden <end of file>, rendered 'b'");
        assertThat(firstDifference("a\n", "a")).isEqualTo("the golden file ends with a newline, the rendered text does not");
        assertThat(firstDifference("a\r\n", "a\n")).isEqualTo("the line endings differ");
    }

    /** Where two texts first differ, or null when they are equal. */
    static String firstDifference(String golden, String rendered) {
        if (golden.equals(rendered)) {
            return null;
        }
        List<String> a = golden.lines().toList();
        List<String> b = rendered.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? "'" + a.get(i) + "'" : "<end of file>";
            String y = i < b.size() ? "'" + b.get(i) + "'" : "<end of file>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": golden " + x + ", rendered " + y;
            }
        }
        if (golden.endsWith("\n") != rendered.endsWith("\n")) {
            return golden.endsWith("\n")
                    ? "the golden file ends with a newline, the rendered text does not"
                    : "the rendered text ends with a newline, the golden file does not";
        }
        return "the line endings differ";
    }

    private static Set<String> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void rewrite(Path dir, List<GeneratedScript> rendered) throws IOException {
        Files.createDirectories(dir);
        Set<String> keep = rendered.stream().map(GeneratedScript::fileName).collect(Collectors.toSet());
        for (String stale : filesIn(dir)) {
            if (!keep.contains(stale)) {
                Files.delete(dir.resolve(stale));
            }
        }
        for (GeneratedScript script : rendered) {
            Files.createDirectories(dir.resolve(script.fileName()).getParent());
            Path file = Files.writeString(dir.resolve(script.fileName()), script.content(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(script.fileName().endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }
}
