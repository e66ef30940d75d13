package dev.jconshgen.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerCacheTest {
    @TempDir
    Path tmp;

    /** A stand-in for busybox: any file's content makes a key. */
    private Path binary(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** What create_lowerfs.sh does, as far as the cache cares: bin/busybox and its marker. */
    private static LayerCache.Builder copying(Path busybox, AtomicInteger builds) {
        return dir -> {
            builds.incrementAndGet();
            try {
                Files.createDirectories(dir.resolve("bin"));
                Files.copy(busybox, dir.resolve("bin/busybox"));
                Files.writeString(dir.resolve(LayerCache.SCRIPT_MARKER), "made by create_lowerfs.sh\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void theKeyIsTheBinarysSha256AndTheTemplatesLayout() throws IOException {
        Path a = binary("a", "abc");
        BusyboxLayerKey key = BusyboxLayerKey.of(a);
        // SHA-256("abc"), the FIPS 180-2 test vector
        assertThat(key.busyboxSha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(key.layout()).hasSize(BusyboxLayerKey.LAYOUT_CHARS).matches("[0-9a-f]+");
        assertThat(key.dirName()).isEqualTo("busybox-" + key.busyboxSha256() + "-" + key.layout());
        assertThat(BusyboxLayerKey.of(binary("b", "abd")).dirName()).isNotEqualTo(key.dirName());
        assertThat(BusyboxLayerKey.of(binary("c", "abc"))).isEqualTo(key);
    }

    @Test
    void builtOnceThenReusedWithoutTheBuilder() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        BusyboxLayerKey key = BusyboxLayerKey.of(busybox);
        LayerCache cache = new LayerCache(tmp.resolve("cache"));
        AtomicInteger builds = new AtomicInteger();

        LayerCache.Entry first = cache.busyboxLayer(key, copying(busybox, builds));
        LayerCache.Entry second = cache.busyboxLayer(key, copying(busybox, builds));

        assertThat(first.built()).isTrue();
        assertThat(second.built()).isFalse();
        assertThat(second.dir()).isEqualTo(first.dir()).isEqualTo(tmp.resolve("cache").resolve(key.dirName()));
        assertThat(builds).hasValue(1);
        // No build directory stays behind, and no cleanup script may take the layer for its own.
        try (var entries = Files.list(tmp.resolve("cache"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly(key.dirName());
        }
        assertThat(first.dir().resolve(LayerCache.SCRIPT_MARKER)).doesNotExist();
    }

    @Test
    void twoBuildsRacingForOneKeyBothGetTheOneEntry() throws Exception {
        Path busybox = binary("busybox", "static busybox");
        BusyboxLayerKey key = BusyboxLayerKey.of(busybox);
        LayerCache cache = new LayerCache(tmp.resolve("cache"));
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch bothBuilding = new CountDownLatch(2);
        LayerCache.Builder slow = dir -> {
            copying(busybox, builds).build(dir);
            bothBuilding.countDown();
            try {
                // Neither renames before both have built: one of the renames must lose.
                assertThat(bothBuilding.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<LayerCache.Entry>> results = pool.invokeAll(List.of(
                    () -> cache.busyboxLayer(key, slow), () -> cache.busyboxLayer(key, slow)));
            LayerCache.Entry a = results.get(0).get();
            LayerCache.Entry b = results.get(1).get();
            assertThat(builds).hasValue(2);
            assertThat(a.dir()).isEqualTo(b.dir());
            assertThat(List.of(a.built(), b.built())).containsExactlyInAnyOrder(true, false);
            assertThat(Files.readString(a.dir().resolve("bin/busybox"))).isEqualTo("static busybox");
            try (var entries = Files.list(tmp.resolve("cache"))) {
                assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly(key.dirName());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedBuildLeavesNoEntryAndNoBuildDirectory() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        LayerCache cache = new LayerCache(tmp.resolve("cache"));
        assertThatThrownBy(() -> cache.busyboxLayer(BusyboxLayerKey.of(busybox), dir -> {
            copying(busybox, new AtomicInteger()).build(dir);
            throw new IllegalStateException("disk full");
        })).hasMessage("disk full");
        try (var entries = Files.list(tmp.resolve("cache"))) {
            assertThat(entries.toList()).isEmpty();
        }
    }

    @Test
    void anEntryWhoseBusyboxIsNotTheKeysIsRefusedWithTheRemedy() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        BusyboxLayerKey key = BusyboxLayerKey.of(busybox);
        LayerCache cache = new LayerCache(tmp.resolve("cache"));
        Path entry = cache.busyboxLayer(key, copying(busybox, new AtomicInteger())).dir();
        Files.writeString(entry.resolve("bin/busybox"), "tampered");

        assertThatThrownBy(() -> cache.busyboxLayer(key, copying(busybox, new AtomicInteger())))
                .isInstanceOf(LayerCache.CacheException.class)
                .hasMessageContaining("does not hold the busybox it is named after")
                .hasMessageContaining("rm -rf '" + entry + "'");
    }

    @Test
    void aBuilderThatCopiedAnotherBinaryDoesNotFileItUnderTheKey() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        Path other = binary("other", "replaced meanwhile");
        LayerCache cache = new LayerCache(tmp.resolve("cache"));
        assertThatThrownBy(() -> cache.busyboxLayer(BusyboxLayerKey.of(busybox), copying(other, new AtomicInteger())))
                .isInstanceOf(LayerCache.CacheException.class);
        assertThat(tmp.resolve("cache").resolve(BusyboxLayerKey.of(busybox).dirName())).doesNotExist();
    }

    /** A cache that counts how often it hashes a binary for its key. */
    private LayerCache counting(AtomicInteger hashes) {
        return new LayerCache(tmp.resolve("cache"), file -> {
            hashes.incrementAndGet();
            return BusyboxLayerKey.of(file);
        }, java.time.Duration.ZERO);
    }

    @Test
    void aBinaryChangedTooRecentlyToTrustItsStampIsHashedEveryTime() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        AtomicInteger hashes = new AtomicInteger();
        LayerCache cache = new LayerCache(tmp.resolve("cache"), file -> {
            hashes.incrementAndGet();
            return BusyboxLayerKey.of(file);
        });
        cache.busyboxLayerOf(busybox, copying(busybox, new AtomicInteger()));
        cache.busyboxLayerOf(busybox, copying(busybox, new AtomicInteger()));
        assertThat(hashes).hasValue(2);
    }

    @Test
    void aHitTheIndexKnowsHashesNothingAndBuildsNothing() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        AtomicInteger hashes = new AtomicInteger();
        AtomicInteger builds = new AtomicInteger();
        LayerCache cache = counting(hashes);

        LayerCache.Entry first = cache.busyboxLayerOf(busybox, copying(busybox, builds));
        LayerCache.Entry second = cache.busyboxLayerOf(busybox, copying(busybox, builds));

        assertThat(first.built()).isTrue();
        assertThat(second).isEqualTo(new LayerCache.Entry(first.dir(), false));
        assertThat(first.dir().getFileName().toString()).isEqualTo(BusyboxLayerKey.of(busybox).dirName());
        assertThat(hashes).hasValue(1);
        assertThat(builds).hasValue(1);
    }

    @Test
    void aBinaryChangedInPlaceIsHashedAgainAndGetsItsOwnEntry() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        AtomicInteger hashes = new AtomicInteger();
        AtomicInteger builds = new AtomicInteger();
        LayerCache cache = counting(hashes);
        Path before = cache.busyboxLayerOf(busybox, copying(busybox, builds)).dir();

        // Same inode: the content, its size and its ctime differ.
        Files.writeString(busybox, "static busybox, patched");
        LayerCache.Entry after = cache.busyboxLayerOf(busybox, copying(busybox, builds));

        assertThat(after.built()).isTrue();
        assertThat(after.dir()).isNotEqualTo(before);
        assertThat(after.dir().getFileName().toString()).isEqualTo(BusyboxLayerKey.of(busybox).dirName());
        assertThat(hashes).hasValue(2);
    }

    @Test
    void anEntryTamperedWithAfterAnIndexedHitIsStillRefused() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        LayerCache cache = counting(new AtomicInteger());
        Path entry = cache.busyboxLayerOf(busybox, copying(busybox, new AtomicInteger())).dir();
        cache.busyboxLayerOf(busybox, copying(busybox, new AtomicInteger()));
        Files.writeString(entry.resolve("bin/busybox"), "tampered");

        assertThatThrownBy(() -> cache.busyboxLayerOf(busybox, copying(busybox, new AtomicInteger())))
                .isInstanceOf(LayerCache.CacheException.class)
                .hasMessageContaining("does not hold the busybox it is named after");
    }

    @Test
    void theIndexIsHiddenAndNeverTakenForAnEntry() throws IOException {
        Path busybox = binary("busybox", "static busybox");
        LayerCache cache = counting(new AtomicInteger());
        Path entry = cache.busyboxLayerOf(busybox, copying(busybox, new AtomicInteger())).dir();
        try (var entries = Files.list(tmp.resolve("cache"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList())
                    .containsExactly(entry.getFileName().toString());
        }
        assertThat(tmp.resolve("cache").resolve(LayerIndex.DIR)).isDirectory();
    }

    @Test
    void theLayoutSourceIsTheFileTheTemplateIsReadFrom() {
        assertThat(BusyboxLayerKey.layoutSource()).isPresent();
        assertThat(BusyboxLayerKey.layoutSource().get()).exists();
    }

    @Test
    void aStampChangesWithTheContent() throws IOException {
        Path file = binary("f", "one");
        FileStamp before = FileStamp.of(file).orElseThrow();
        assertThat(FileStamp.of(file)).contains(before);
        assertThat(FileStamp.parse(before.text())).contains(before);
        Files.writeString(file, "two");
        assertThat(FileStamp.of(file)).isNotEqualTo(Optional.of(before));
        assertThat(FileStamp.of(tmp.resolve("missing"))).isEmpty();
    }

    @Test
    void theCacheDirectoryComesFromTheEnvironmentThenTheUser() {
        assertThat(LayerCache.fromEnvironment(Map.of(LayerCache.ENV_DIR, "/t/c"), 0).root()).isEqualTo(Path.of("/t/c"));
        assertThat(LayerCache.fromEnvironment(Map.of(), 0).root()).isEqualTo(LayerCache.ROOT_DEFAULT);
        assertThat(LayerCache.fromEnvironment(Map.of("HOME", "/home/u"), 1000).root()).isEqualTo(Path.of("/home/u/.cache/jconshgen/layers"));
        assertThat(LayerCache.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/home/u"), 1000).root())
                .isEqualTo(Path.of("/x/jconshgen/layers"));
    }

    @Test
    void busyboxIsFoundAsCreateLowerfsFindsIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        Path onPath = dir.resolve("busybox");
        Files.writeString(onPath, "x");
        onPath.toFile().setExecutable(true);
        assertThat(BusyboxLayerKey.busyboxFor(Map.of("PATH", tmp.resolve("none") + ":" + dir))).contains(onPath);
        assertThat(BusyboxLayerKey.busyboxFor(Map.of("PATH", dir.toString(), "BUSYBOX", "/opt/bb"))).contains(Path.of("/opt/bb"));
        assertThat(BusyboxLayerKey.busyboxFor(Map.of("PATH", tmp.resolve("none").toString()))).isEmpty();
    }
}
