package dev.jconshgen.apply;

import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.model.Layer;
import dev.jconshgen.dsl.Container;
import dev.jconshgen.state.AppliedImages;
import dev.jconshgen.state.ContainerState;
import dev.jconshgen.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** cache ls and prune: which layers a container's state names, and that prune removes only the others. */
class CacheServiceTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    @TempDir
    Path tmp;

    private Path cacheRoot;
    private StateStore store;
    private CacheService service;

    /** An entry of the cache: an image layer's (sha256-) or an image build's in images/, any other beside it. */
    private Path entry(String name, int bytes) throws IOException {
        boolean image = name.startsWith("sha256-") || name.startsWith(".build-sha256-");
        Path dir = Files.createDirectories((image ? cacheRoot.resolve("images") : cacheRoot).resolve(name));
        Files.write(dir.resolve("f"), new byte[bytes]);
        return dir;
    }

    /** A container whose state names the busybox entry BUSYBOX (or none) and the image layers of BLOBS. */
    private void container(String name, String busybox, String... blobs) throws IOException {
        store.claim(name);
        store.save(new ContainerState(name, tmp.resolve("spec.yaml"), tmp.resolve("w"), true, false, true, 0, 0, 0, List.of()));
        if (busybox != null) {
            Files.writeString(store.cachedLayerFile(name), cacheRoot.resolve(busybox) + "\n");
        }
        if (blobs.length > 0) {
            Files.writeString(store.imageCacheFile(name), cacheRoot.resolve("images") + "\n");
            var image = new Layer.Image("img", null, null, java.util.Arrays.stream(blobs)
                    .map(d -> new Layer.Image.Blob(d, true, "blobs/sha256/" + d.substring(7))).toList());
            var spec = Container.named(name).busyboxLayer().imageLayer(image).build();
            Files.writeString(store.imagesFile(name), AppliedImages.json(List.of(spec)));
        }
    }

    private void setUp() {
        cacheRoot = tmp.resolve("cache");
        store = new StateStore(tmp.resolve("state"));
        service = new CacheService(new LayerCache(cacheRoot), store);
    }

    @Test
    void listShowsEachLayerWithItsSizeAndTheContainersNamingIt() throws IOException {
        setUp();
        entry("busybox-x", 100);
        entry("sha256-" + "a".repeat(64), 10);
        entry("sha256-" + "b".repeat(64), 20);
        entry(".build-sha256-" + "c".repeat(64) + "-1", 1);
        container("one", "busybox-x", A);
        container("two", null, A, B);

        List<CacheService.Entry> entries = service.list();

        assertThat(entries).extracting(CacheService.Entry::name).containsExactly("busybox-x", ".build-sha256-" + "c".repeat(64) + "-1",
                "sha256-" + "a".repeat(64), "sha256-" + "b".repeat(64));
        assertThat(entries).extracting(CacheService.Entry::kind).containsExactly(CacheService.Kind.BUSYBOX, CacheService.Kind.BUILD,
                CacheService.Kind.IMAGE, CacheService.Kind.IMAGE);
        assertThat(entries).extracting(CacheService.Entry::bytes).containsExactly(100L, 1L, 10L, 20L);
        assertThat(entries).extracting(CacheService.Entry::users).containsExactly(List.of("one"), List.of(), List.of("one", "two"), List.of("two"));
    }

    @Test
    void pruneRemovesWhatNoContainerUsesAndNeverADirectoryTheCacheDidNotMake() throws IOException {
        setUp();
        entry("busybox-x", 1);
        entry("busybox-old", 1);
        entry("sha256-" + "a".repeat(64), 1);
        entry("sha256-" + "b".repeat(64), 1);
        entry(".build-busybox-y-2", 1);
        entry("photos", 1);
        container("one", "busybox-x", A);

        CacheService.Pruned pruned = service.prune();

        assertThat(pruned.removed()).extracting(CacheService.Entry::name).containsExactly(".build-busybox-y-2", "busybox-old",
                "sha256-" + "b".repeat(64));
        assertThat(pruned.kept()).extracting(CacheService.Entry::name).containsExactly("busybox-x", "photos", "sha256-" + "a".repeat(64));
        try (var left = Files.list(cacheRoot)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted()).as("no lock file is left in the cache")
                    .containsExactly("busybox-x", "images", "photos");
        }
        try (var left = Files.list(cacheRoot.resolve("images"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("sha256-" + "a".repeat(64));
        }
    }

    @Test
    void aCacheNamedThroughASymlinkIsTheSameCache() throws IOException {
        setUp();
        entry("sha256-" + "a".repeat(64), 1);
        container("one", null, A);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), cacheRoot);
        Files.writeString(store.imageCacheFile("one"), link.resolve("images") + "\n");

        assertThat(service.list()).singleElement().satisfies(e -> assertThat(e.users()).containsExactly("one"));
        assertThat(service.prune().removed()).isEmpty();
    }

    @Test
    void theLockIsTakenAloneByPruneAndSharedByApplies() throws Exception {
        setUp();
        LayerCache cache = new LayerCache(cacheRoot);
        try (LayerCache.InUse first = cache.inUse(); LayerCache.InUse second = cache.inUse()) {
            assertThat(cache.lockFile()).exists();
            assertThat(cache.lockFile().startsWith(cacheRoot)).as("the lock is not in the cache").isFalse();
            // the same process may not prune while it takes layers: it would wait for itself
            org.assertj.core.api.Assertions.assertThatThrownBy(service::prune).isInstanceOf(LayerCache.CacheException.class)
                    .hasMessageContaining("in use by an apply of this process");
            // another process: a prune would wait, another apply shares it
            assertThat(dev.jconshgen.layers.LockProbe.otherProcessGets(cache.lockFile(), false)).as("a prune's lock while applies hold it")
                    .isFalse();
            assertThat(dev.jconshgen.layers.LockProbe.otherProcessGets(cache.lockFile(), true)).as("another apply's").isTrue();
        }
        assertThat(dev.jconshgen.layers.LockProbe.otherProcessGets(cache.lockFile(), false)).as("a prune's, once they let go").isTrue();
        assertThat(service.prune().removed()).isEmpty();
    }

    @Test
    void anotherCachesImageRootNamesNothingHere() throws IOException {
        setUp();
        entry("sha256-" + "a".repeat(64), 1);
        container("one", null, A);
        Files.writeString(store.imageCacheFile("one"), tmp.resolve("elsewhere") + "\n");

        assertThat(service.list()).singleElement().satisfies(e -> assertThat(e.users()).isEmpty());
    }
}
