package dev.jconshgen.layers;

import dev.jconshgen.core.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A content-addressed cache of busybox layers: one directory per {@link BusyboxLayerKey}, built
 * once and then shared, read-only, as the lowest layer of every container that apply starts.
 * OverlayFS never writes a lower layer, and the container cannot reach it (it sees only the
 * merged tree), so sharing one is safe.
 *
 * <p>A layer is built into a temporary directory inside the cache and then renamed into place.
 * rename(2) is atomic: readers see no entry or a complete one, never a half-built one. Of two
 * applies building the same key at once, the second rename fails on the first one's entry, and
 * the loser uses that entry and throws its own build away.
 */
public final class LayerCache {
    public static final String ENV_DIR = "JCONSHGEN_CACHE_DIR";
    /** The default for root; other users get one in their home's cache directory. */
    public static final Path ROOT_DEFAULT = Path.of("/var/cache/jconshgen/layers");
    /** The marker that makes a layer consh_cleanup.sh's to remove: a cached layer is nobody's. */
    static final String SCRIPT_MARKER = ".consh-layer";

    /** Builds a layer into a directory that does not exist yet; throws when it cannot. */
    @FunctionalInterface
    public interface Builder {
        void build(Path dir);
    }

    /** @param built this call built the entry (false: it was there already) */
    public record Entry(Path dir, boolean built) {
    }

    /** A cache entry that cannot be used or made. */
    public static final class CacheException extends RuntimeException {
        public CacheException(String message) {
            super(message);
        }
    }

    private final Path root;
    /** The full key of a binary: hashes it (a parameter so that tests can count the hashing). */
    private final Function<Path, BusyboxLayerKey> keyOf;
    /**
     * File times tick coarsely (a few ms): a file changed within the tick it was hashed in could
     * keep its stamp. Stamps younger than this are not recorded (git's "racily clean" rule), so
     * such a file is simply hashed again next time.
     */
    static final Duration RACY_WINDOW = Duration.ofSeconds(2);
    private final Duration racyWindow;

    public LayerCache(Path root) {
        this(root, BusyboxLayerKey::of);
    }

    LayerCache(Path root, Function<Path, BusyboxLayerKey> keyOf) {
        this(root, keyOf, RACY_WINDOW);
    }

    LayerCache(Path root, Function<Path, BusyboxLayerKey> keyOf, Duration racyWindow) {
        this.root = root.toAbsolutePath().normalize();
        this.keyOf = keyOf;
        this.racyWindow = racyWindow;
    }

    public static LayerCache fromEnvironment(Map<String, String> env, long uid) {
        String dir = env.getOrDefault(ENV_DIR, "");
        if (!dir.isEmpty()) {
            return new LayerCache(Path.of(dir));
        }
        if (uid == 0) {
            return new LayerCache(ROOT_DEFAULT);
        }
        String xdg = env.getOrDefault("XDG_CACHE_HOME", "");
        Path base = !xdg.isEmpty() ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", "/tmp"), ".cache");
        return new LayerCache(base.resolve("jconshgen/layers"));
    }

    public Path root() {
        return root;
    }

    /**
     * The busybox layer of this binary: the cached one, or one built now with the builder. A
     * hit the index knows (the binary, this jar and the entry's binary all unchanged since they
     * were hashed) costs a few stat calls; anything else is hashed, as {@link #busyboxLayer}
     * does, and recorded for next time.
     */
    public Entry busyboxLayerOf(Path busybox, Builder builder) {
        Optional<FileStamp> source = FileStamp.of(busybox);
        Optional<FileStamp> layout = BusyboxLayerKey.layoutSource().flatMap(FileStamp::of);
        LayerIndex index = new LayerIndex(root);
        if (source.isPresent() && layout.isPresent()) {
            Optional<Path> known = index.lookup(source.get(), layout.get())
                    .filter(r -> FileStamp.of(root.resolve(r.entryName()).resolve("bin/busybox")).equals(Optional.of(r.entryBinary())))
                    .map(r -> root.resolve(r.entryName()));
            if (known.isPresent()) {
                return new Entry(known.get(), false);
            }
        }
        // Stamped before hashing: a binary that changes while it is hashed gets a new stamp, so
        // the record below never vouches for content that was not hashed.
        BusyboxLayerKey key = keyOf.apply(busybox);
        Entry entry = busyboxLayer(key, builder);
        Path binary = entry.dir().resolve("bin/busybox");
        Optional<FileStamp> entryBinary = FileStamp.of(binary);
        // busyboxLayer checked the entry's binary before this stamp was read: hashed once more
        // after it, so that the record never vouches for a stamp whose content was not hashed
        // (a miss only, once per busybox and jar).
        if (source.isPresent() && layout.isPresent() && entryBinary.isPresent()
                && settled(source.get()) && settled(layout.get()) && settled(entryBinary.get())
                && BusyboxLayerKey.sha256(binary).equals(key.busyboxSha256())) {
            index.record(new LayerIndex.Record(source.get(), layout.get(), key.dirName(), entryBinary.get()));
        }
        return entry;
    }

    /** Last changed before the racy window: a later change gets a different ctime. */
    private boolean settled(FileStamp stamp) {
        return stamp.changedNanos() < System.currentTimeMillis() * 1_000_000L - racyWindow.toNanos();
    }

    /** The busybox layer for the key: the cached one, or one built now with the builder. */
    public Entry busyboxLayer(BusyboxLayerKey key, Builder builder) {
        Path entry = root.resolve(key.dirName());
        if (Files.isDirectory(entry)) {
            return new Entry(checked(entry, key), false);
        }
        Path tmp;
        try {
            Files.createDirectories(root);
            // Beside the entry, on the same file system, so that the rename is atomic.
            tmp = Files.createTempDirectory(root, ".build-" + key.dirName() + "-");
        } catch (IOException e) {
            throw new CacheException("cannot create a build directory in the layer cache " + root + ": " + e.getMessage()
                    + " (set " + ENV_DIR + " to a writable directory)");
        }
        try {
            Path layer = tmp.resolve("layer");
            builder.build(layer);
            Files.deleteIfExists(layer.resolve(SCRIPT_MARKER));
            // The binary may have been replaced between hashing and copying: never file a layer
            // under a key its content does not have.
            checked(layer, key);
            try {
                Files.move(layer, entry, StandardCopyOption.ATOMIC_MOVE);
                return new Entry(entry, true);
            } catch (IOException lostTheRace) {
                if (Files.isDirectory(entry)) {
                    return new Entry(checked(entry, key), false);
                }
                throw new CacheException("cannot move the new layer to " + entry + ": " + lostTheRace.getMessage());
            }
        } catch (IOException e) {
            throw new CacheException("cannot build the layer in " + tmp + ": " + e.getMessage());
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    /** The entry, after checking that its busybox is the one the key names. */
    private static Path checked(Path entry, BusyboxLayerKey key) {
        Path binary = entry.resolve("bin/busybox");
        String seen;
        try {
            seen = Files.isRegularFile(binary) ? BusyboxLayerKey.sha256(binary) : "no bin/busybox";
        } catch (UncheckedIOException e) {
            seen = e.getMessage();
        }
        if (!seen.equals(key.busyboxSha256())) {
            throw new CacheException("the cached layer " + entry + " does not hold the busybox it is named after (SHA-256 "
                    + key.busyboxSha256() + ", saw " + seen + "): remove it with rm -rf '" + entry + "' and apply again");
        }
        return entry;
    }
}
