package dev.jconshgen.apply;

import dev.jconshgen.core.FileTrees;
import dev.jconshgen.layers.CachedLayers;
import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.state.AppliedImages;
import dev.jconshgen.state.StateStore;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * cache ls and cache prune: the layer cache's entries (busybox layers, image layers, builds a
 * kill left behind), with their sizes and the containers whose state names them. A prune removes
 * what no container uses, while no apply is taking layers ({@link LayerCache#exclusive}).
 */
public final class CacheService {

    /** What an entry is: by the name the cache gives it. */
    public enum Kind { BUSYBOX, IMAGE, BUILD, OTHER }

    /** @param users the containers whose state names the entry, sorted */
    public record Entry(String name, Path dir, Kind kind, long bytes, List<String> users) {
        public boolean used() {
            return !users.isEmpty();
        }
    }

    /** @param removed what the prune removed; kept: what containers use */
    public record Pruned(List<Entry> removed, List<Entry> kept) {
    }

    private final LayerCache cache;
    private final StateStore store;

    public CacheService(LayerCache cache, StateStore store) {
        this.cache = cache;
        this.store = store;
    }

    public Path root() {
        return cache.root();
    }

    public List<Entry> list() {
        Map<Path, Set<String>> users = users();
        List<Entry> entries = new ArrayList<>();
        for (LayerCache.Listed listed : cache.list()) {
            entries.add(new Entry(listed.name(), listed.dir(), kind(listed), bytes(listed.dir()),
                    List.copyOf(users.getOrDefault(real(listed.dir()), Set.of()))));
        }
        return entries;
    }

    /**
     * Removes every layer no container uses, and every leftover build, holding the cache alone. A
     * directory the cache did not make (OTHER: $JCONSHGEN_CACHE_DIR may name a directory that
     * holds more) is never removed.
     */
    public Pruned prune() {
        try (FileLock alone = cache.exclusive()) {
            List<Entry> removed = new ArrayList<>();
            List<Entry> kept = new ArrayList<>();
            for (Entry entry : list()) {
                if (entry.used() || entry.kind() == Kind.OTHER) {
                    kept.add(entry);
                } else {
                    FileTrees.deleteQuietly(entry.dir());
                    if (Files.exists(entry.dir(), LinkOption.NOFOLLOW_LINKS)) {
                        throw new LayerCache.CacheException("cannot remove " + entry.dir() + " (a file in it that root cannot remove?);"
                                + " nothing else was left half-removed: remove it by hand");
                    }
                    removed.add(entry);
                }
            }
            return new Pruned(List.copyOf(removed), List.copyOf(kept));
        } catch (IOException e) {
            throw new LayerCache.CacheException("cannot release the lock of the layer cache " + cache.root() + ": " + e.getMessage());
        }
    }

    /**
     * Each cache directory a container's state names, with the containers naming it. Paths are
     * compared by their real paths: a cache named through a symlink is the same cache.
     */
    private Map<Path, Set<String>> users() {
        Map<Path, Set<String>> users = new TreeMap<>();
        Path root = real(cache.root());
        Path images = real(cache.imagesDir());
        for (String name : store.names()) {
            CachedLayers cached = VerifyService.cachedLayers(store, name);
            cached.busybox().map(CacheService::real).filter(dir -> root.equals(dir.getParent()))
                    .ifPresent(dir -> users.computeIfAbsent(dir, d -> new TreeSet<>()).add(name));
            if (cached.imageRoot().map(CacheService::real).filter(images::equals).isPresent()) {
                Set<String> digests;
                try {
                    digests = AppliedImages.digests(store.imagesFile(name));
                } catch (IllegalArgumentException e) {
                    throw new LayerCache.CacheException("the state of container " + name + " does not say which image layers it uses ("
                            + e.getMessage() + "): nothing was pruned; destroy it first");
                }
                for (String digest : digests) {
                    Path dir = images.resolve(LayerCache.IMAGE_PREFIX + digest.substring("sha256:".length()));
                    users.computeIfAbsent(dir, d -> new TreeSet<>()).add(name);
                }
            }
        }
        return users;
    }

    /** The real path when it exists, else the absolute normalized one. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static Kind kind(LayerCache.Listed listed) {
        if (listed.build()) {
            return Kind.BUILD;
        }
        if (listed.name().startsWith("busybox-")) {
            return Kind.BUSYBOX;
        }
        return listed.name().startsWith(LayerCache.IMAGE_PREFIX) ? Kind.IMAGE : Kind.OTHER;
    }

    /**
     * The bytes of the files below DIR, each file once (busybox's applets are hard links of one
     * binary); symlinks and directories not counted.
     */
    private static long bytes(Path dir) {
        Set<Object> seen = new java.util.HashSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.mapToLong(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    return a.isRegularFile() && seen.add(a.fileKey()) ? a.size() : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
