package dev.jconshgen.render;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jconshgen.render.HostileValues.BASE_LAYER;
import static dev.jconshgen.render.HostileValues.BUSYBOX_LAYER;
import static dev.jconshgen.render.HostileValues.OVERLAY;
import static dev.jconshgen.render.HostileValues.WORKDIR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile path values reach the scripts as data only: the scripts parse, and the shell that
 * runs their defaults gets the exact strings without running anything inside them.
 */
class HostileValuesRenderTest {

    @TempDir
    Path tmp;
    private Path scriptsDir;
    private Path cwd;
    private final List<GeneratedScript> scripts = HostileValues.scripts();

    @BeforeEach
    void dirs() throws IOException {
        scriptsDir = Files.createDirectory(tmp.resolve("scripts"));
        cwd = Files.createDirectory(tmp.resolve("cwd"));
    }

    @Test
    void everyScriptParsesWithSh() {
        assertThat(scripts).hasSize(7); // the six and consh_lib.sh
        for (GeneratedScript script : scripts) {
            Path file = HostileValues.write(script, scriptsDir);
            Shell.Result result = Shell.run(cwd, Map.of(), List.of("/bin/sh", "-n", file.toString()));
            assertThat(result.exitCode()).as("sh -n %s: %s", script.fileName(), result.err()).isZero();
        }
    }

    @Test
    void everyScriptParsesWithBusyboxSh() {
        Path busybox = Path.of("/usr/bin/busybox");
        assumeTrue(Files.isExecutable(busybox), "busybox is not installed");
        for (GeneratedScript script : scripts) {
            Path file = HostileValues.write(script, scriptsDir);
            Shell.Result result = Shell.run(cwd, Map.of(), List.of(busybox.toString(), "sh", "-n", file.toString()));
            assertThat(result.exitCode()).as("busybox sh -n %s: %s", script.fileName(), result.err()).isZero();
        }
    }

    @Test
    void setupDefaultsHoldTheExactValues() {
        List<String> values = runDefaults("consh_setup.sh", "lower", "overlay");

        // OverlayFS lists the top layer first.
        assertThat(values).containsExactly(BUSYBOX_LAYER + ":" + BASE_LAYER, OVERLAY);
    }

    @Test
    void cleanupDefaultsHoldTheExactValues() {
        List<String> values = runDefaults("consh_cleanup.sh", "workdir", "layer_dir", "overlay");

        // layer_dir is the busybox layer: the one create_lowerfs.sh marks as made by the scripts
        assertThat(values).containsExactly(WORKDIR, BUSYBOX_LAYER, OVERLAY);
    }

    @Test
    void createLowerfsDefaultHoldsTheExactValue() {
        String content = HostileValues.script(scripts, "create_lowerfs.sh").content();
        List<String> assignment = content.lines().filter(l -> l.startsWith("lower_dir=")).toList();

        assertThat(assignment).hasSize(1);
        assertThat(execute(assignment, "lower_dir")).containsExactly(BUSYBOX_LAYER);
    }

    @Test
    void valuesAppearOnlyQuotedInTheScripts() {
        for (GeneratedScript script : scripts) {
            assertThat(script.content().lines().filter(line -> line.contains("touch MARKER") && !line.contains("='")))
                    .as("lines of %s with a hostile value outside an assignment", script.fileName())
                    .isEmpty();
        }
    }

    /** Runs the script's "Defaults from the spec" block in /bin/sh and prints the variables. */
    private List<String> runDefaults(String fileName, String... variables) {
        List<String> lines = HostileValues.script(scripts, fileName).content().lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# Defaults from the spec")) {
                start = i + 1;
            }
        }
        assertThat(start).as("defaults block of %s", fileName).isPositive();
        List<String> block = new ArrayList<>();
        for (int i = start; i < lines.size() && !lines.get(i).isBlank(); i++) {
            block.add(lines.get(i));
        }
        return execute(block, variables);
    }

    private List<String> execute(List<String> assignments, String... variables) {
        assertThat(assignments).isNotEmpty().allMatch(line -> line.matches("[a-z_]+=.*"), "only assignments");
        StringBuilder script = new StringBuilder("set -u\n");
        assignments.forEach(line -> script.append(line).append('\n'));
        script.append("printf '%s\\0'");
        for (String variable : variables) {
            script.append(" \"$").append(variable).append('"');
        }
        script.append('\n');

        Shell.Result result = Shell.sh(cwd, script.toString());

        assertThat(result.exitCode()).as("sh: %s", result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(Shell.filesUnder(cwd)).as("files created by running the defaults").isEmpty();
        assertThat(Shell.markersUnder(tmp)).isEmpty();
        return result.nulSeparated();
    }
}
