package dev.jconshgen.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What stat(2) says about a file that any change to its content changes too: device, inode,
 * size, mtime and ctime (in nanoseconds). ctime cannot be set from user space: every write,
 * truncate, chmod or rename sets it to now, so a file with an unchanged stamp has unchanged
 * content. Reading a stamp costs one stat, hashing the file reads all of it.
 */
public record FileStamp(long device, long inode, long size, long modifiedNanos, long changedNanos) {

    /** The file's stamp; empty when it cannot be read (gone, or no unix attributes here). */
    public static Optional<FileStamp> of(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
            return Optional.of(new FileStamp((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                    nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /*
     * equals and hashCode written out: a record's generated ones are bootstrapped through
     * java.lang.runtime.ObjectMethods on first use, which costs apply tens of milliseconds of
     * method-handle set-up on the cache hit this class exists to make cheap.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof FileStamp o && device == o.device && inode == o.inode && size == o.size
                && modifiedNanos == o.modifiedNanos && changedNanos == o.changedNanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(device) * 31 * 31 * 31 * 31 + Long.hashCode(inode) * 31 * 31 * 31 + Long.hashCode(size) * 31 * 31
                + Long.hashCode(modifiedNanos) * 31 + Long.hashCode(changedNanos);
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    /** One line, as the layer index stores it. */
    public String text() {
        return device + " " + inode + " " + size + " " + modifiedNanos + " " + changedNanos;
    }

    /** The stamp {@link #text} wrote; empty for anything else. */
    public static Optional<FileStamp> parse(String text) {
        String[] f = text.strip().split(" ");
        if (f.length != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FileStamp(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
