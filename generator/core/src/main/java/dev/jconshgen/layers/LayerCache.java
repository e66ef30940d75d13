package dev.jconshgen.layers;

import dev.jconshgen.core.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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
    /** Where the caches' lock files are, when not the default (a test suite's own directory). */
    public static final String ENV_LOCK_DIR = "JCONSHGEN_LOCK_DIR";
    /** The default for root; other users get one in their home's cache directory. */
    public static final Path ROOT_DEFAULT = Path.of("/var/cache/jconshgen/layers");
    /** The marker that makes a layer consh_cleanup.sh's to remove: a cached layer is nobody's. */
    static final String SCRIPT_MARKER = ".consh-layer";
    /** Image layers' entries: sha256-HEX, named by the blob's digest, as the scripts name them. */
    public static final String IMAGE_PREFIX = "sha256-";
    /** A build in progress (or one a kill left): never an entry. */
    static final String BUILD_PREFIX = ".build-";
    /** Locked shared by applies taking layers, exclusively by a prune ({@link #inUse}). */
    /** The image layers' directory of the cache (see {@link #imagesDir}). */
    public static final String IMAGES_DIR = "images";

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
        return entry(root, key.dirName(), layer -> {
            builder.build(layer);
            try {
                Files.deleteIfExists(layer.resolve(SCRIPT_MARKER));
            } catch (IOException e) {
                throw new CacheException("cannot build the layer in " + layer.getParent() + ": " + e.getMessage());
            }
        }, dir -> checked(dir, key));
    }

    /**
     * The layer of an image with this digest (sha256:HEX): the cached one, or one built now. The
     * builder must make exactly the layer whose blob has the digest (it checks the blob it
     * extracts): an entry is trusted as it is, like the rest of the cache, which only its owner
     * can write.
     */
    public Entry imageLayer(String digest, Builder builder) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new CacheException("'" + digest + "' is not a sha256 digest");
        }
        return entry(privateImagesDir(), IMAGE_PREFIX + digest.substring("sha256:".length()), builder, dir -> dir);
    }

    /**
     * The directory of the image layers: {@value #IMAGES_DIR} of the cache, 0700. An image's files
     * keep their modes, set-user-ID bits and file capabilities: only the cache's owner may reach
     * them (the busybox layers beside it hold nothing of the kind, and an 'apply --user' user must
     * reach its uid-UID directory, so the cache itself stays 0755).
     */
    public Path imagesDir() {
        return root.resolve(IMAGES_DIR);
    }

    private Path privateImagesDir() {
        Path dir = imagesDir();
        try {
            Files.createDirectories(root);
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException exists) {
                // checked below
            }
            var attributes = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            long self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!attributes.isDirectory() || owner != self || !PosixFilePermissions.toString(attributes.permissions()).endsWith("------")) {
                throw new CacheException("the image layers' directory " + dir + " must be a directory of uid " + self + " that only it can"
                        + " reach (mode 0700; its layers keep the images' set-user-ID files): chown " + self + " '" + dir
                        + "' && chmod 700 '" + dir + "', or remove it");
            }
        } catch (IOException e) {
            throw new CacheException("cannot create " + dir + ": " + e.getMessage() + " (set " + ENV_DIR + " to a writable directory)");
        }
        return dir;
    }

    /**
     * The entry DIRNAME: there already (after CHECK), or built into a temporary directory beside
     * it and renamed into place. Of two builds of one entry, the second rename fails on the
     * first one's entry, and the loser uses that one.
     */
    private Entry entry(Path base, String dirName, Builder builder, UnaryOperator<Path> check) {
        Path entry = base.resolve(dirName);
        if (Files.isDirectory(entry)) {
            return new Entry(check.apply(entry), false);
        }
        Path tmp;
        try {
            Files.createDirectories(base);
            // Beside the entry, on the same file system, so that the rename is atomic.
            tmp = Files.createTempDirectory(base, BUILD_PREFIX + dirName + "-");
        } catch (IOException e) {
            throw new CacheException("cannot create a build directory in the layer cache " + root + ": " + e.getMessage()
                    + " (set " + ENV_DIR + " to a writable directory)");
        }
        try {
            Path layer = tmp.resolve("layer");
            builder.build(layer);
            // The source may have changed between its key and the build: never file a layer
            // under a key its content does not have.
            check.apply(layer);
            try {
                Files.move(layer, entry, StandardCopyOption.ATOMIC_MOVE);
                return new Entry(entry, true);
            } catch (IOException lostTheRace) {
                if (Files.isDirectory(entry)) {
                    return new Entry(check.apply(entry), false);
                }
                throw new CacheException("cannot move the new layer to " + entry + ": " + lostTheRace.getMessage());
            }
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    /**
     * Holds the cache in use, shared with other users and against a prune: apply holds it from
     * taking its layers until its state names them, so that a prune, which takes the lock
     * exclusively, never removes a layer between the two. One file lock per process (a second
     * lock of one file in one JVM would be refused), counted over its holders.
     */
    public InUse inUse() {
        synchronized (HELD) {
            Held held = HELD.get(root);
            if (held == null) {
                held = new Held(lock(true));
                HELD.put(root, held);
            }
            held.count++;
        }
        return () -> {
            synchronized (HELD) {
                Held held = HELD.get(root);
                if (held != null && --held.count == 0) {
                    HELD.remove(root);
                    try {
                        held.lock.channel().close();
                    } catch (IOException e) {
                        // closing the channel releases the lock; a failure leaves nothing to undo
                    }
                }
            }
        };
    }

    /** The cache held in use ({@link #inUse}) until closed. */
    @FunctionalInterface
    public interface InUse extends AutoCloseable {
        @Override
        void close();
    }

    /** Holds the cache alone, until no apply is taking layers from it: for a prune. */
    public FileLock exclusive() {
        synchronized (HELD) {
            if (HELD.containsKey(root)) {
                throw new CacheException("the layer cache " + root + " is in use by an apply of this process; prune it later");
            }
            return lock(false);
        }
    }

    private FileLock lock(boolean shared) {
        Path file = lockFile();
        try {
            Files.createDirectories(file.getParent());
            // Never through a symlink: the lock lives in a directory others may write (/run/lock).
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            try {
                return channel.lock(0, Long.MAX_VALUE, shared);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new CacheException("cannot lock the layer cache " + root + " with " + file + ": " + e.getMessage());
        }
    }

    /** $JCONSHGEN_LOCK_DIR, else /run/lock for root, else the user's run-time directory (or the temporary one). */
    static Path lockDir(long uid) {
        String configured = System.getenv(ENV_LOCK_DIR);
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured);
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return uid == 0 ? Path.of("/run/lock") : runtime != null && !runtime.isEmpty() ? Path.of(runtime)
                : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * The cache's lock: in the run-time directory of its user, not in the cache, which may be a
     * directory of the user's own ($JCONSHGEN_CACHE_DIR) where a lock file would be left behind, or
     * one a user may write (apply --user's uid-UID). One per cache directory, named by a hash of
     * its real path, so that two spellings of one cache share it.
     */
    public Path lockFile() {
        Path real = root;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            // not there yet: its spelling
        }
        String hash = BusyboxLayerKey.sha256Of(real.toString()).substring(0, 16);
        long uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            uid = -1;
        }
        return lockDir(uid).resolve("jconshgen-cache-" + hash + ".lock");
    }

    private static final class Held {
        final FileLock lock;
        int count;

        Held(FileLock lock) {
            this.lock = lock;
        }
    }

    private static final Map<Path, Held> HELD = new java.util.HashMap<>();

    /** A directory of the cache: a layer, or a build a kill left behind. */
    public record Listed(String name, Path dir, boolean build) {
    }

    /**
     * The cache's entries and leftover builds, by name (image layers' from {@link #imagesDir});
     * none when the cache does not exist.
     */
    public List<Listed> list() {
        List<Listed> listed = new java.util.ArrayList<>(listIn(root));
        listed.removeIf(l -> l.dir().equals(imagesDir()));
        listed.addAll(listIn(imagesDir()));
        return listed;
    }

    private static List<Listed> listIn(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var dirs = Files.list(dir)) {
            return dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                    .map(d -> d.getFileName().toString())
                    .filter(n -> !n.startsWith(".") || n.startsWith(BUILD_PREFIX))
                    .sorted()
                    .map(n -> new Listed(n, dir.resolve(n), n.startsWith(BUILD_PREFIX)))
                    .toList();
        } catch (IOException e) {
            throw new CacheException("cannot list the layer cache " + dir + ": " + e.getMessage());
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
