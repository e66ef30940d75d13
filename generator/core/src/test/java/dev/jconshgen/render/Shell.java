package dev.jconshgen.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs shell commands for the tests that check what generated scripts really do. */
final class Shell {
    private Shell() {
    }

    record Result(int exitCode, String out, String err) {
        /** The output split at NUL bytes, as printed by {@code printf '%s\0' ...}. */
        List<String> nulSeparated() {
            if (out.isEmpty()) {
                return List.of();
            }
            return List.of(out.substring(0, out.length() - (out.endsWith("\0") ? 1 : 0)).split("\0", -1));
        }
    }

    static Result run(Path cwd, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result sh(Path cwd, String script) {
        return run(cwd, Map.of(), List.of("/bin/sh", "-c", script));
    }

    /** Every file under {@code dir}, relative to it. */
    static List<String> filesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files named MARKER* anywhere under {@code dir}: what a hostile value would create if it ran. */
    static List<String> markersUnder(Path dir) {
        return filesUnder(dir).stream().filter(p -> Path.of(p).getFileName().toString().startsWith("MARKER")).toList();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
