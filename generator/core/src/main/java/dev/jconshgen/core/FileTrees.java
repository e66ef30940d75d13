package dev.jconshgen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removing a directory tree jconshgen made (a temporary or staging directory): deepest first,
 * symbolic links removed, never followed. The one place jconshgen does this.
 */
public final class FileTrees {
    private FileTrees() {
    }

    /** Removes DIR and all below it; a DIR that does not exist is no error. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The same, for a directory nothing depends on: what cannot be removed stays, silently. */
    public static void deleteQuietly(Path dir) {
        try {
            delete(dir);
        } catch (IOException e) {
            // a temporary directory: a leftover is harmless, and the caller has its own result
        }
    }
}
