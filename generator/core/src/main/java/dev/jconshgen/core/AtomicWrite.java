package dev.jconshgen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file written whole or not at all: the content goes to a temporary file beside it
 * ({@code .NAME.PID-N.tmp}, this process's own, so that two writers never share one), which is then
 * renamed over it (atomic within one file system). A reader never sees half a state file, a
 * half-written script or report; a failed write removes its temporary file and leaves the old
 * file as it was. The one place jconshgen does this.
 */
public final class AtomicWrite {
    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicWrite() {
    }

    public static void write(Path file, byte[] content) throws IOException {
        write(file, content, null);
    }

    /** @param permissions the file's POSIX permissions, or null for the process's default (umask) */
    public static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + ".tmp");
        try {
            // The umask decides the mode, as for any file the user makes (unlike createTempFile's 0600).
            Files.write(temporary, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (permissions != null) {
                Files.setPosixFilePermissions(temporary, permissions);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
