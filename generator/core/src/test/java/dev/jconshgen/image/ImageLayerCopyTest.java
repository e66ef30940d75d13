package dev.jconshgen.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What apply extracts: a checked copy of the blob, and a tree that must be what the check read. */
class ImageLayerCopyTest {
    private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

    @TempDir
    Path tmp;

    private final byte[] layer = TestImages.gzip(new TestImages.LayerTar().dir("etc").file("./etc/motd", "hi\n")
            .file("usr/share/doc/readme", "r\n").symlink("bin", "usr/bin").hardlink("etc/motd2", "etc/motd").file("etc/.wh.gone", "").bytes());

    @Test
    void theCopyIsTheBlobAndItsNamesAreWhatExtractingMakes() throws IOException {
        TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img"));
        Map<String, Object> blob = layout.blob(GZIP, layer);
        String digest = (String) blob.get("digest");

        Set<String> names = OciImages.copyChecked(new ImageSource.Layout(layout.dir, null), OciImages.blob(digest), digest, true,
                tmp.resolve("copy"));

        assertThat(Files.readAllBytes(tmp.resolve("copy"))).isEqualTo(layer);
        assertThat(names).containsExactlyInAnyOrder("etc", "etc/motd", "usr", "usr/share", "usr/share/doc", "usr/share/doc/readme", "bin",
                "etc/motd2", "etc/.wh.gone");
    }

    @Test
    void aBlobChangedAfterTheSpecWasLoadedIsRefusedFromTheCopy() throws IOException {
        TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img"));
        Map<String, Object> blob = layout.blob(GZIP, layer);
        String digest = (String) blob.get("digest");
        Files.write(layout.blobPath(blob), TestImages.gzip(new TestImages.LayerTar().file("etc/motd", "changed\n").bytes()));

        assertThatThrownBy(() -> OciImages.copyChecked(new ImageSource.Layout(layout.dir, null), OciImages.blob(digest), digest, true,
                tmp.resolve("copy"))).isInstanceOf(ImageException.class).hasMessageContaining("the blob's digest is")
                .hasMessageContaining("nothing was extracted");
    }

    @Test
    void aBlobGoneFromTheArchiveIsRefused() throws IOException {
        TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img"));
        String digest = (String) layout.blob(GZIP, layer).get("digest");
        Path archive = TestImages.archive(tmp.resolve("img"), tmp.resolve("img.tar"));
        String other = "sha256:" + "0".repeat(64);

        assertThat(OciImages.copyChecked(new ImageSource.Archive(archive, null), "./" + OciImages.blob(digest), digest, true,
                tmp.resolve("copy"))).contains("etc/motd");
        assertThatThrownBy(() -> OciImages.copyChecked(new ImageSource.Archive(archive, null), OciImages.blob(other), other, true,
                tmp.resolve("copy2"))).isInstanceOf(ImageException.class).hasMessageContaining("no longer holds this blob");
    }

    @Test
    void anExtractedTreeMustHoldExactlyTheCheckedNames() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("layer/etc"));
        Files.writeString(dir.resolve("motd"), "hi\n");
        Path layerDir = tmp.resolve("layer");

        ExtractedLayer.compare(layerDir, Set.of("etc", "etc/motd"), "layer x");

        assertThatThrownBy(() -> ExtractedLayer.compare(layerDir, Set.of("etc"), "layer x"))
                .isInstanceOf(ImageException.class).hasMessageContaining("'etc/motd' was not in the checked listing");
        assertThatThrownBy(() -> ExtractedLayer.compare(layerDir, Set.of("etc", "etc/motd", "etc/issue"), "layer x"))
                .isInstanceOf(ImageException.class).hasMessageContaining("'etc/issue' was not extracted");
    }

    @Test
    void whiteoutMarkersAreFoundDeepestFirst() throws IOException {
        Path layerDir = Files.createDirectories(tmp.resolve("layer/a/b"));
        Files.writeString(tmp.resolve("layer/.wh.top"), "");
        Files.writeString(tmp.resolve("layer/a/b/.wh..wh..opq"), "");
        Files.writeString(tmp.resolve("layer/a/keep"), "");

        List<Path> markers = ExtractedLayer.whiteouts(tmp.resolve("layer"));

        assertThat(markers).containsExactly(tmp.resolve("layer/a/b/.wh..wh..opq"), tmp.resolve("layer/.wh.top"));
        assertThat(ExtractedLayer.opaque(markers.get(0))).isTrue();
        assertThat(ExtractedLayer.opaque(markers.get(1))).isFalse();
        assertThat(ExtractedLayer.hidden(markers.get(1))).isEqualTo("top");
        assertThat(layerDir).exists();
    }
}
