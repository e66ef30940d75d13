package dev.jconshgen.render;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.ContainerSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Path values the validator lets through although they are shell syntax: quotes, command
 * substitutions, backticks, ';', spaces, leading '-'. Executed, each would create a MARKER file.
 */
final class HostileValues {
    static final String WORKDIR = "w'ork $(touch MARKER1) `touch MARKER2`; x";
    static final String BASE_LAYER = "-base \"$HOME\" ${PATH} it's & exit 3";
    static final String BUSYBOX_LAYER = "-l $(touch MARKER3) `touch MARKER4` 'b'; ls #";
    static final String OVERLAY = "o v/$(touch MARKER5);`touch MARKER6` && x|y>z<w *";

    private HostileValues() {
    }

    /** Valid, so build() must accept it; the layers are listed lowest first. */
    static ContainerSpec spec() {
        return Container.named("hostile")
                .workdir(WORKDIR)
                .directoryLayer(BASE_LAYER)
                .busyboxLayer(BUSYBOX_LAYER)
                .overlay(OVERLAY)
                .cgroup(c -> c)
                .network(n -> n)
                .build();
    }

    static List<GeneratedScript> scripts() {
        return new ScriptRenderer().render(spec());
    }

    static GeneratedScript script(List<GeneratedScript> scripts, String fileName) {
        return scripts.stream().filter(s -> s.fileName().equals(fileName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + fileName + " among " + scripts));
    }

    static Path write(GeneratedScript script, Path dir) {
        try {
            Path file = Files.writeString(dir.resolve(script.fileName()), script.content());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
