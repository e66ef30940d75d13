package dev.jconshgen.render;

import dev.jconshgen.dsl.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The generated create_lowerfs.sh, really run, builds the layer in the directory with the hostile name. */
class CreateLowerfsHostileDirTest {
    private static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final String LAYER = "-l $(touch MARKER1) `touch MARKER2` it's; touch MARKER3 & \"q\"";

    @TempDir
    Path tmp;

    @Test
    void buildsTheLayerUnderTheLiteralName() throws IOException {
        assumeTrue(Files.isExecutable(BUSYBOX), "needs " + BUSYBOX + " (apt-get install busybox-static)");
        GeneratedScript script = HostileValues.script(
                new ScriptRenderer().render(Container.named("box").busyboxLayer(LAYER).build()), "create_lowerfs.sh");
        Path scripts = Files.createDirectory(tmp.resolve("scripts"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path file = HostileValues.write(script, scripts);
        HostileValues.write(HostileValues.script(new ScriptRenderer().render(Container.named("box").busyboxLayer(LAYER).build()),
                "consh_lib.sh"), scripts);

        Shell.Result result = Shell.run(work, Map.of("BUSYBOX", BUSYBOX.toString()), List.of("/bin/sh", file.toString()));

        assertThat(result.exitCode()).as("create_lowerfs.sh: %s", result.err()).isZero();
        try (var entries = Files.list(work)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(LAYER);
        }
        Path layer = work.resolve(LAYER);
        for (String dir : List.of("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var")) {
            assertThat(layer.resolve(dir)).isDirectory();
        }
        assertThat(layer.resolve("bin/busybox")).isExecutable().hasSameBinaryContentAs(BUSYBOX);
        assertThat(layer.resolve("bin/sh")).exists();
        assertThat(Shell.markersUnder(tmp)).isEmpty();
    }
}
