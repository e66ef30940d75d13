package dev.jconshgen.diagram;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** SVG or PNG from DOT, by Graphviz's own 'dot' program, where it is installed. */
public final class GraphvizRenderer {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ProcessRunner runner;

    public GraphvizRenderer(ProcessRunner runner) {
        this.runner = runner;
    }

    /** Writes the picture in FORMAT (svg or png) to the file; the file is untouched on failure. */
    public void render(String dot, String format, Path file) {
        Path absolute = file.toAbsolutePath();
        Path source = null;
        Path image = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try {
            source = Files.createTempFile("jconshgen-diagram-", ".dot");
            Files.writeString(source, dot, StandardCharsets.UTF_8);
            ExecResult result = runner.run(Command.of(TIMEOUT, "dot", "-T" + format, "-o", image.toString(), source.toString()));
            // The runner reports a program it cannot start as exit 127, like a shell.
            if (result.exitCode() == 127) {
                throw new JconshgenException(ExitCode.FAILURE, "Graphviz's 'dot' is not installed, so no " + format
                        + " can be drawn: install it (Debian/Ubuntu: apt-get install graphviz), or use --format dot or mermaid");
            }
            if (!result.ok()) {
                throw new JconshgenException(ExitCode.FAILURE, "dot failed to draw the " + format + ": " + result.describe());
            }
            Files.move(image, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write " + file + ": " + e.getMessage() + " (choose a writable place)");
        } finally {
            deleteQuietly(source);
            deleteQuietly(image);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file in /tmp, or the half-written image beside the target
            }
        }
    }
}
