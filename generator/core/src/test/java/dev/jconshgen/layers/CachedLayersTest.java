package dev.jconshgen.layers;

import dev.jconshgen.model.Layer;
import dev.jconshgen.model.RootFs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CachedLayersTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    @Test
    void theCachedBusyboxLayerTakesTheSpecsBusyboxLayersPlace() {
        RootFs rootfs = new RootFs(List.of(new Layer.Busybox("lower"), new Layer.Directory("base"), new Layer.Directory("a b/site")), "ovly");
        assertThat(CachedLayers.busyboxOnly(Optional.of(Path.of("/cache/busybox-x"))).lowerDirs(rootfs, Path.of("/w/demo")))
                .containsExactly("/cache/busybox-x", "/w/demo/base", "/w/demo/a b/site");
        assertThat(CachedLayers.NONE.lowerDirs(rootfs, Path.of("/w/demo")))
                .containsExactly("/w/demo/lower", "/w/demo/base", "/w/demo/a b/site");
    }

    @Test
    void anImageGivesOneCachedDirectoryPerLayerInItsPlaceAndASharedLayerOnce() {
        Layer.Image first = new Layer.Image("img", null, "v1", List.of(new Layer.Image.Blob(A, true, "blobs/sha256/a"),
                new Layer.Image.Blob(B, true, "blobs/sha256/b")));
        Layer.Image second = new Layer.Image(null, "other.tar", null, List.of(new Layer.Image.Blob(A, true, "blobs/sha256/a")));
        RootFs rootfs = new RootFs(List.of(new Layer.Directory("base"), first, new Layer.Busybox("lower"), second), "ovly");
        CachedLayers cached = new CachedLayers(Optional.of(Path.of("/c/busybox-x")), Optional.of(Path.of("/c")));
        assertThat(cached.lowerDirs(rootfs, Path.of("/w")))
                .containsExactly("/w/base", "/c/sha256-" + "a".repeat(64), "/c/sha256-" + "b".repeat(64), "/c/busybox-x");
        assertThat(rootfs.lowerDirs()).as("as the scripts use them, from the work directory")
                .containsExactly("base", "images/sha256-" + "a".repeat(64), "images/sha256-" + "b".repeat(64), "lower");
        assertThat(CachedLayers.NONE.lowerDirs(rootfs, Path.of("/w")))
                .containsExactly("/w/base", "/w/images/sha256-" + "a".repeat(64), "/w/images/sha256-" + "b".repeat(64), "/w/lower");
    }
}
