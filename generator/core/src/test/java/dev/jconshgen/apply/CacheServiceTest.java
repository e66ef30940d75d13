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

    private Path entry(String name, int bytes) throws IOException {
        Path dir = Files.createDirectories(cacheRoot.resolve(name));
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
            Files.writeString(store.imageCacheFile(name), cacheRoot + "\n");
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

        assertThat(entries).extracting(CacheService.Entry::name).containsExactly(".build-sha256-" + "c".repeat(64) + "-1", "busybox-x",
                "sha256-" + "a".repeat(64), "sha256-" + "b".repeat(64));
        assertThat(entries).extracting(CacheService.Entry::kind).containsExactly(CacheService.Kind.BUILD, CacheService.Kind.BUSYBOX,
                CacheService.Kind.IMAGE, CacheService.Kind.IMAGE);
        assertThat(entries).extracting(CacheService.Entry::bytes).containsExactly(1L, 100L, 10L, 20L);
        assertThat(entries).extracting(CacheService.Entry::users).containsExactly(List.of(), List.of("one"), List.of("one", "two"), List.of("two"));
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
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted())
                    .containsExactly("busybox-x", "photos", "sha256-" + "a".repeat(64));
        }
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
