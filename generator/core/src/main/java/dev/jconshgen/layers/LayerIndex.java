package dev.jconshgen.layers;

import dev.jconshgen.core.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Remembers which cache entry a busybox binary's content was found to be, so that a cache hit
 * needs a few stat(2) calls instead of hashing two binaries (megabytes) and loading a digest
 * provider. The cache stays content-addressed: entries are still named by SHA-256, and this
 * index only says "the file with this stamp hashed to that entry, whose own binary then had
 * that stamp". Any change to the busybox, to the file holding the layout template (the jar), or
 * to the entry's binary changes a stamp, and the caller hashes again.
 *
 * <p>One file per busybox binary (named by its device and inode), in the hidden directory
 * {@value #DIR} of the cache, written to a temporary file and renamed, so a reader never sees
 * half of one. It is as trusted as the entries beside it: whoever can write it can write those.
 */
final class LayerIndex {
    static final String DIR = ".index";

    /** @param layoutSource the stamp of the file the layout template came from */
    record Record(FileStamp busybox, FileStamp layoutSource, String entryName, FileStamp entryBinary) {
        List<String> lines() {
            return List.of(busybox.text(), layoutSource.text(), entryName, entryBinary.text());
        }
    }

    private final Path dir;

    LayerIndex(Path cacheRoot) {
        this.dir = cacheRoot.resolve(DIR);
    }

    private Path fileFor(FileStamp busybox) {
        return dir.resolve("busybox-" + busybox.device() + "-" + busybox.inode());
    }

    /** The entry recorded for exactly these stamps, if the index has one. */
    Optional<Record> lookup(FileStamp busybox, FileStamp layoutSource) {
        List<String> lines;
        try {
            lines = Files.readAllLines(fileFor(busybox));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (lines.size() != 4 || !lines.get(2).startsWith("busybox-") || lines.get(2).contains("/")) {
            return Optional.empty();
        }
        Optional<FileStamp> entryBinary = FileStamp.parse(lines.get(3));
        if (!FileStamp.parse(lines.get(0)).equals(Optional.of(busybox)) || !FileStamp.parse(lines.get(1)).equals(Optional.of(layoutSource))
                || entryBinary.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Record(busybox, layoutSource, lines.get(2), entryBinary.get()));
    }

    /** Records an entry; a failure to write only costs the next apply a hash. */
    void record(Record record) {
        try {
            Files.createDirectories(dir);
            AtomicWrite.write(fileFor(record.busybox()), (String.join("\n", record.lines()) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // the index is an optimisation: without it the next apply hashes, as before
        }
    }
}
