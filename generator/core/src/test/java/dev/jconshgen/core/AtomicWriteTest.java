package dev.jconshgen.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole or not at all, and no temporary file left either way. */
class AtomicWriteTest {

    @Test
    void replacesTheFileAndLeavesNothingElse(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state");
        Files.writeString(file, "old");
        AtomicWrite.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(file).hasContent("new");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void permissionsAreTheOnesAskedFor(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("s.sh");
        AtomicWrite.write(script, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-xr-x");
        Path plain = dir.resolve("report.xml");
        AtomicWrite.write(plain, new byte[0]);
        assertThat(Files.getPosixFilePermissions(plain)).as("the umask's mode, not a temporary file's 0600")
                .contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(target.resolve("inside"), "keep");
        assertThatThrownBy(() -> AtomicWrite.write(target, "x".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThat(target.resolve("inside")).hasContent("keep");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(target);
        }
    }
}
