package dev.jconshgen.render;

import dev.jconshgen.render.HostileCorpus.Field;
import dev.jconshgen.render.HostileCorpus.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * shellcheck -s sh is clean for the scripts of the corpus specs that validate. shellcheck needs
 * about 0.7 s for one spec's six scripts, so instead of one spec per field and value (over 200),
 * each value goes into one spec in every field that accepts it at once: workdir and the busybox
 * layer as itself, the directory layer and the overlay under 'd/' and 'o/' (they must not overlap
 * the busybox layer). A value whose combined spec does not validate gets one spec per field.
 * The files are split between two shellcheck processes.
 */
class HostileCorpusShellcheckTest {

    @TempDir
    Path tmp;

    @Test
    void everyValidCorpusSpecRendersShellcheckCleanScripts() throws Exception {
        assumeTrue(Shell.run(tmp, Map.of(), List.of("sh", "-c", "command -v shellcheck")).exitCode() == 0, "shellcheck is not installed");
        String canary = tmp.resolve("canary").toString();
        List<List<String>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        int specs = 0;
        int fieldsCovered = 0;
        for (Value value : HostileCorpus.values()) {
            String v = value.with(canary);
            List<Field> fields = HostileCorpus.FIELDS.stream().filter(f -> f.accepts(value)).toList();
            if (fields.isEmpty()) {
                continue;
            }
            List<Map<String, String>> specsOfValue = new ArrayList<>();
            Map<String, String> combined = new LinkedHashMap<>();
            for (Field f : fields) {
                combined.put(f.path(), switch (f.path()) {
                    case "rootfs.layers[0].directory.dir" -> "d/" + v;
                    case "rootfs.overlay" -> "o/" + v;
                    default -> v;
                });
            }
            if (valid(combined)) {
                specsOfValue.add(combined);
            } else {
                fields.forEach(f -> specsOfValue.add(Map.of(f.path(), v)));
            }
            fieldsCovered += fields.size();
            for (Map<String, String> fieldValues : specsOfValue) {
                Path dir = Files.createDirectory(tmp.resolve("spec" + specs));
                Files.writeString(dir.resolve("CASE"), value.id() + " in " + fieldValues.keySet() + "\n");
                for (GeneratedScript script : RENDERER.render(HostileCorpusTest.parse(HostileCorpus.yaml(fieldValues)))) {
                    halves.get(specs % 2).add(HostileValues.write(script, dir).toString());
                }
                specs++;
            }
        }
        assertThat(fieldsCovered).isGreaterThan(150);

        List<CompletableFuture<Shell.Result>> runs = halves.stream().map(files -> CompletableFuture.supplyAsync(() -> {
            List<String> command = new ArrayList<>(List.of("shellcheck", "-s", "sh", "-f", "gcc"));
            command.addAll(files);
            return Shell.run(tmp, Map.of(), command);
        })).toList();
        for (CompletableFuture<Shell.Result> run : runs) {
            Shell.Result result = run.get();
            assertThat(result.out() + result.err()).as("shellcheck findings (the spec of a file is in CASE beside it)").isEmpty();
            assertThat(result.exitCode()).isZero();
        }
    }

    private static final ScriptRenderer RENDERER = new ScriptRenderer();

    private static boolean valid(Map<String, String> fieldValues) {
        try {
            HostileCorpusTest.parse(HostileCorpus.yaml(fieldValues));
            return true;
        } catch (dev.jconshgen.spec.InvalidSpecException e) {
            return false;
        }
    }
}
