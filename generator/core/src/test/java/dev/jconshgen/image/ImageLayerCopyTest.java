package dev.jconshgen.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

        Map<String, LayerCheck.Expected> names = OciImages.copyChecked(new ImageSource.Layout(layout.dir, null), OciImages.blob(digest),
                digest, true, tmp.resolve("copy"));

        assertThat(Files.readAllBytes(tmp.resolve("copy"))).isEqualTo(layer);
        assertThat(names.keySet()).containsExactlyInAnyOrder("etc", "etc/motd", "usr", "usr/share", "usr/share/doc", "usr/share/doc/readme",
                "bin", "etc/motd2", "etc/.wh.gone");
        assertThat(names.get("etc/motd")).isEqualTo(new LayerCheck.Expected('f', 3, "", 0644));
        assertThat(names.get("bin")).isEqualTo(new LayerCheck.Expected('l', 0, "usr/bin", -1));
        assertThat(names.get("etc/motd2").type()).isEqualTo('h');
        assertThat(names.get("usr/share").type()).as("a directory only implied by a file below it").isEqualTo('d');
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
                tmp.resolve("copy"))).containsKey("etc/motd");
        assertThatThrownBy(() -> OciImages.copyChecked(new ImageSource.Archive(archive, null), OciImages.blob(other), other, true,
                tmp.resolve("copy2"))).isInstanceOf(ImageException.class).hasMessageContaining("no longer holds this blob");
    }

    private static Map<String, LayerCheck.Expected> listing(Object... nameAndExpected) {
        Map<String, LayerCheck.Expected> map = new java.util.HashMap<>();
        for (int i = 0; i < nameAndExpected.length; i += 2) {
            map.put((String) nameAndExpected[i], (LayerCheck.Expected) nameAndExpected[i + 1]);
        }
        return map;
    }

    @Test
    void anExtractedTreeMustBeWhatWasChecked() throws IOException {
        Path layerDir = Files.createDirectories(tmp.resolve("layer/etc"));
        Files.writeString(layerDir.resolve("motd"), "hi\n");
        Files.setPosixFilePermissions(layerDir.resolve("motd"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(tmp.resolve("layer/bin"), Path.of("usr/bin"));
        Path top = tmp.resolve("layer");
        LayerCheck.Expected dir = new LayerCheck.Expected('d', 0, "", -1);
        LayerCheck.Expected motd = new LayerCheck.Expected('f', 3, "", 0644);
        LayerCheck.Expected bin = new LayerCheck.Expected('l', 0, "usr/bin", -1);

        ExtractedLayer.compare(top, listing("etc", dir, "etc/motd", motd, "bin", bin), true, "layer x");

        assertThatThrownBy(() -> ExtractedLayer.compare(top, listing("etc", dir, "bin", bin), true, "layer x"))
                .isInstanceOf(ImageException.class).hasMessageContaining("'etc/motd' was not in the checked listing");
        assertThatThrownBy(() -> ExtractedLayer.compare(top, listing("etc", dir, "etc/motd", motd, "bin", bin, "etc/issue", motd), true, "x"))
                .hasMessageContaining("'etc/issue' was not extracted");
        assertThatThrownBy(() -> ExtractedLayer.compare(top, listing("etc", dir, "etc/motd", dir, "bin", bin), true, "x"))
                .hasMessageContaining("'etc/motd' is a file, the checked layer has a directory");
        assertThatThrownBy(() -> ExtractedLayer.compare(top, listing("etc", dir, "etc/motd", new LayerCheck.Expected('f', 5, "", 0644),
                "bin", bin), true, "x")).hasMessageContaining("'etc/motd' has 3 bytes, the checked layer 5");
        assertThatThrownBy(() -> ExtractedLayer.compare(top, listing("etc", dir, "etc/motd", motd, "bin",
                new LayerCheck.Expected('l', 0, "/etc", -1)), true, "x")).hasMessageContaining("'bin' points to 'usr/bin', the checked layer's to '/etc'");
        LayerCheck.Expected setuid = new LayerCheck.Expected('f', 3, "", 04755);
        assertThatThrownBy(() -> ExtractedLayer.compare(top, listing("etc", dir, "etc/motd", setuid, "bin", bin), true, "x"))
                .hasMessageContaining("'etc/motd' has mode 0644, the checked layer 4755");
        // another user's tar does not keep modes: they are not compared then
        ExtractedLayer.compare(top, listing("etc", dir, "etc/motd", setuid, "bin", bin), false, "x");
    }

    @Test
    void aDeviceInTheExtractedTreeIsRefused() throws IOException, InterruptedException {
        Path top = Files.createDirectories(tmp.resolve("layer"));
        Process mknod = new ProcessBuilder("mknod", top.resolve("null").toString(), "c", "1", "3").redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mknod.waitFor() == 0, "mknod of a device needs root");

        assertThatThrownBy(() -> ExtractedLayer.compare(top, listing("null", new LayerCheck.Expected('c', 0, "", 0644)), true, "x"))
                .isInstanceOf(ImageException.class).hasMessageContaining("'null' is a device");
    }

    @Test
    void aDamagedHeaderAnOverlayAttributeAndAWhiteoutThatIsNoFileAreRefused() throws IOException {
        byte[] good = new TestImages.LayerTar().file("etc/motd", "hi\n").bytes();
        byte[] damaged = good.clone();
        damaged[150] = (byte) (damaged[150] == '1' ? '2' : '1'); // a digit of the header's checksum field (offset 148)
        assertThatThrownBy(() -> LayerCheck.check("layer x", new java.io.ByteArrayInputStream(damaged), TestImages.digest(damaged), false))
                .isInstanceOf(ImageException.class).hasMessageContaining("has a damaged header");

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("data/");
            entry.addPaxHeader("SCHILY.xattr.trusted.overlay.redirect", "/etc");
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
        byte[] xattr = out.toByteArray();
        assertThatThrownBy(() -> LayerCheck.check("layer x", new java.io.ByteArrayInputStream(xattr), TestImages.digest(xattr), false))
                .hasMessageContaining("carries the attribute trusted.overlay.redirect, which overlayfs would read as its own");

        byte[] linkWhiteout = new TestImages.LayerTar().symlink("etc/.wh.motd", "/etc/passwd").bytes();
        assertThatThrownBy(() -> LayerCheck.check("layer x", new java.io.ByteArrayInputStream(linkWhiteout), TestImages.digest(linkWhiteout),
                false)).hasMessageContaining("is a whiteout that is not a regular file");
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
