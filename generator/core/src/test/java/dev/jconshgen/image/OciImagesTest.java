package dev.jconshgen.image;

import dev.jconshgen.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OciImages: layouts, OCI archives and 'docker save' archives become checked layers; every damaged or hostile image is refused by name. */
class OciImagesTest {
    private static final String GZ = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String TAR = "application/vnd.oci.image.layer.v1.tar";
    private static final String ARCH = OciImages.hostArchitecture();

    @TempDir
    Path tmp;

    private static byte[] base() {
        return new TestImages.LayerTar().dir("etc").file("etc/motd", "base\n").file("etc/gone", "x\n").dir("data")
                .file("data/old", "old\n").bytes();
    }

    /** A deleted file, a directory made opaque, a symlink, a hard link. */
    private static byte[] top() {
        return new TestImages.LayerTar().dir("etc").file("etc/.wh.gone", "").dir("data").file("data/.wh..wh..opq", "")
                .file("data/new", "new\n").symlink("etc/motd.link", "motd").hardlink("data/new.hard", "data/new")
                .charDevice("etc/also-gone", 0, 0).bytes();
    }

    private TestImages.Layout twoLayers(String ref) throws IOException {
        TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img"));
        var lower = layout.blob(GZ, TestImages.gzip(base()));
        var upper = layout.blob(TAR, top());
        layout.image(ref, ARCH, List.of(lower, upper));
        return layout;
    }

    @Test
    void aLayoutGivesItsLayersLowestFirstWithDigestsAndCompression() throws IOException {
        TestImages.Layout layout = twoLayers("v1");

        ResolvedImage image = OciImages.read(new ImageSource.Layout(layout.dir, "v1"));

        assertThat(image.layers()).hasSize(2);
        ImageLayer lower = image.layers().get(0);
        ImageLayer upper = image.layers().get(1);
        assertThat(lower.gzip()).isTrue();
        assertThat(upper.gzip()).isFalse();
        assertThat(lower.digest()).isEqualTo(TestImages.digest(TestImages.gzip(base())));
        assertThat(upper.digest()).isEqualTo(TestImages.digest(top()));
        assertThat(lower.file()).isEqualTo(layout.dir.resolve("blobs/sha256/" + lower.hex()).toAbsolutePath());
        assertThat(lower.entry()).isNull();
        assertThat(upper.name()).isEqualTo("blobs/sha256/" + upper.hex());
    }

    @Test
    void theRefChoosesTheImageAndAnUnknownRefListsTheKnownOnes() throws IOException {
        TestImages.Layout layout = twoLayers("v1");
        layout.image("v2", ARCH, List.of(layout.blob(TAR, new TestImages.LayerTar().file("only", "v2\n").bytes())));

        assertThat(OciImages.read(new ImageSource.Layout(layout.dir, "v2")).layers()).hasSize(1);
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout.dir, "v3")))
                .hasMessageContaining("index.json has no image with ref 'v3' (refs: v1, v2)");
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout.dir, null)))
                .hasMessageContaining("index.json holds 2 images; name one with 'ref'");
    }

    @Test
    void aChangedLayerBlobIsRefusedByItsDigest() throws IOException {
        TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img"));
        var layer = layout.blob(TAR, base());
        layout.image("v1", ARCH, List.of(layer));
        byte[] changed = new TestImages.LayerTar().dir("etc").file("etc/motd", "evil\n").file("etc/gone", "x\n").dir("data")
                .file("data/old", "old\n").bytes();
        Files.write(layout.blobPath(layer), changed);

        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout.dir, "v1")))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("layer " + layer.get("digest"))
                .hasMessageContaining("the blob's digest is " + TestImages.digest(changed) + ", not " + layer.get("digest"))
                .hasMessageContaining("nothing was extracted");
    }

    @Test
    void aChangedManifestAndAMissingBlobAreRefused() throws IOException {
        TestImages.Layout layout = twoLayers("v1");
        Map<String, Object> manifest = layout.image("v2", ARCH, List.of(layout.blob(TAR, top())));
        Files.writeString(layout.blobPath(manifest), "{}");
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout.dir, "v2")))
                .hasMessageContaining("has the digest " + TestImages.digest("{}".getBytes(StandardCharsets.UTF_8)) + ", not " + manifest.get("digest"));

        TestImages.Layout other = new TestImages.Layout(tmp.resolve("other"));
        var layer = other.blob(TAR, top());
        other.image("v1", ARCH, List.of(layer));
        Files.delete(other.blobPath(layer));
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(other.dir, "v1")))
                .hasMessageContaining("layer blob " + other.blobPath(layer) + " is missing");
    }

    @Test
    void anUnknownMediaTypeOrPlatformIsRefused() throws IOException {
        TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img"));
        layout.image("zstd", ARCH, List.of(layout.blob("application/vnd.oci.image.layer.v1.tar+zstd", top())));
        layout.image("s390x", "s390x", List.of(layout.blob(TAR, top())));

        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout.dir, "zstd")))
                .hasMessageContaining("has the unknown media type application/vnd.oci.image.layer.v1.tar+zstd");
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout.dir, "s390x")))
                .hasMessageContaining("is for linux/s390x, not linux/" + ARCH);
    }

    @Test
    void aDigestThatIsNotSha256NeverBecomesAPath() throws IOException {
        TestImages.Layout layout = twoLayers("v1");
        layout.image("bad", ARCH, List.of(layout.blob(TAR, top())), manifest -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> first = new LinkedHashMap<>(((List<Map<String, Object>>) manifest.get("layers")).get(0));
            first.put("digest", "sha256:../../../../etc/passwd");
            manifest.put("layers", List.of(first));
        });

        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout.dir, "bad")))
                .hasMessageContaining("'sha256:../../../../etc/passwd' is not a sha256 digest");
    }

    @Test
    void entriesThatWouldLeaveTheLayerAreRefusedByName() throws IOException {
        Map<String, UnaryOperator<TestImages.LayerTar>> hostile = new LinkedHashMap<>();
        hostile.put("entry '../escape' has a '..' component", t -> t.file("../escape", "x"));
        hostile.put("entry 'a/../../escape' has a '..' component", t -> t.file("a/../../escape", "x"));
        hostile.put("entry '/etc/passwd' is an absolute path", t -> t.raw("/etc/passwd", "x"));
        hostile.put("entry 'link/passwd' lies below the symlink 'link' of the same layer", t -> t.symlink("link", "/etc").file("link/passwd", "x"));
        hostile.put("entry 'sda' is a block device", t -> t.blockDevice("sda"));
        hostile.put("entry 'null' is a character device 1/3", t -> t.charDevice("null", 1, 3));
        hostile.put("entry '.wh..wh.plnk' is a whiteout of an unknown kind", t -> t.file(".wh..wh.plnk", ""));
        hostile.put("hard link target of entry 'h' ('../../etc/shadow') has a '..' component", t -> t.hardlink("h", "../../etc/shadow"));
        hostile.put("entry 'new\nline' has a control character", t -> t.file("new\nline", "x"));
        // a directory entry of a symlink's name: busybox tar's mkdir keeps the symlink
        hostile.put("entry 'd/passwd' lies below the symlink 'd'", t -> t.symlink("d", "/etc").dir("d").file("d/passwd", "x"));
        hostile.put("entry 'a/l/passwd' lies below the symlink 'a/l'", t -> t.dir("a").symlink("a/./l", "/etc").file("a/l/passwd", "x"));
        hostile.put("entry 'h/passwd' lies below the symlink 'h'", t -> t.symlink("l", "/etc").hardlink("h", "l").file("h/passwd", "x"));
        hostile.put("entry 'x/.wh..' is a whiteout of an unknown kind", t -> t.file("x/.wh..", ""));
        int i = 0;
        for (Map.Entry<String, UnaryOperator<TestImages.LayerTar>> c : hostile.entrySet()) {
            TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img" + i++));
            byte[] tar = c.getValue().apply(new TestImages.LayerTar().dir("ok").file("ok/file", "fine")).bytes();
            var layer = layout.blob(GZ, TestImages.gzip(tar));
            layout.image("v1", ARCH, List.of(layer));

            assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout.dir, "v1"))).as(c.getKey())
                    .isInstanceOf(ImageException.class)
                    .hasMessageContaining("layer " + layer.get("digest"))
                    .hasMessageContaining(c.getKey())
                    .hasMessageContaining("nothing was extracted");
        }
    }

    @Test
    void aSymlinkReplacedByAFileNoLongerGuardsThatName() throws IOException {
        TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img"));
        layout.image("v1", ARCH, List.of(layout.blob(TAR, new TestImages.LayerTar().symlink("d", "/etc").file("d", "now a file")
                .symlink("e", "/etc").file("e", "also").dir("f").file("f/x", "fine").bytes())));

        assertThat(OciImages.read(new ImageSource.Layout(layout.dir, "v1")).layers()).hasSize(1);
    }

    @Test
    void anOciArchiveGivesTheLayoutsLayersAsEntriesOfTheArchive() throws IOException {
        TestImages.Layout layout = twoLayers("v1");
        Path archive = TestImages.archive(layout.dir, tmp.resolve("img.tar"));

        ResolvedImage fromLayout = OciImages.read(new ImageSource.Layout(layout.dir, "v1"));
        ResolvedImage fromArchive = OciImages.read(new ImageSource.Archive(archive, null));

        assertThat(fromArchive.layers()).extracting(ImageLayer::digest)
                .containsExactlyElementsOf(fromLayout.layers().stream().map(ImageLayer::digest).toList());
        assertThat(fromArchive.manifestDigest()).isEqualTo(fromLayout.manifestDigest());
        assertThat(fromArchive.layers().get(0).file()).isEqualTo(archive.toAbsolutePath());
        assertThat(fromArchive.layers().get(0).entry()).isEqualTo("blobs/sha256/" + fromArchive.layers().get(0).hex());
    }

    @Test
    void aDockerSaveArchiveGivesItsLayersByTheirDiffIds() throws IOException {
        Path save = tmp.resolve("save");
        Files.createDirectories(save.resolve("aaa"));
        Files.createDirectories(save.resolve("bbb"));
        Files.write(save.resolve("aaa/layer.tar"), base());
        Files.write(save.resolve("bbb/layer.tar"), top());
        String config = Json.write(Map.of("architecture", ARCH, "os", "linux",
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(TestImages.digest(base()), TestImages.digest(top())))));
        String configHex = OciImages.sha256(config.getBytes(StandardCharsets.UTF_8));
        Files.writeString(save.resolve(configHex + ".json"), config);
        Files.writeString(save.resolve("manifest.json"), Json.write(List.of(Map.of("Config", configHex + ".json",
                "RepoTags", List.of("demo:latest"), "Layers", List.of("aaa/layer.tar", "bbb/layer.tar")))));
        Path archive = TestImages.archive(save, tmp.resolve("docker.tar"));

        ResolvedImage image = OciImages.read(new ImageSource.Archive(archive, null));

        assertThat(image.layers()).extracting(ImageLayer::digest).containsExactly(TestImages.digest(base()), TestImages.digest(top()));
        assertThat(image.layers()).extracting(ImageLayer::entry).containsExactly("aaa/layer.tar", "bbb/layer.tar");
        assertThat(image.manifestDigest()).isEqualTo("sha256:" + configHex);
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Archive(archive, "latest")))
                .hasMessageContaining("a 'docker save' archive holds one image and takes no ref");

        // a layer.tar that is not what the config's diff_id says
        Files.write(save.resolve("bbb/layer.tar"), base());
        Path changed = TestImages.archive(save, tmp.resolve("changed.tar"));
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Archive(changed, null)))
                .hasMessageContaining("layer " + TestImages.digest(top()) + " (" + changed.toAbsolutePath() + ":bbb/layer.tar)")
                .hasMessageContaining("the blob's digest is " + TestImages.digest(base()));
    }

    @Test
    void anArchiveThatHoldsANameTwiceIsRefused() throws IOException {
        TestImages.Layout layout = twoLayers("v1");
        Path archive = TestImages.archive(layout.dir, tmp.resolve("img.tar"));
        Path twice = tmp.resolve("twice.tar");
        // the same archive with one of its entries once more at its end: tar would extract that copy last
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(archive));
             var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(twice))) {
            out.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            String first = null;
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                first = first == null ? entry.getName() : first;
                out.putArchiveEntry(entry);
                in.transferTo(out);
                out.closeArchiveEntry();
            }
            var again = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(first);
            again.setSize(2);
            out.putArchiveEntry(again);
            out.write("{}".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }

        assertThatThrownBy(() -> OciImages.read(new ImageSource.Archive(twice, "v1")))
                .hasMessageContaining("holds '")
                .hasMessageContaining("' twice; nothing was extracted");
    }

    @Test
    void aDockerSaveTreeIsReadOnlyAsItsArchiveAndItsLayerNamesStayInside() throws IOException {
        Path save = tmp.resolve("save");
        Files.createDirectories(save);
        Files.write(save.resolve("layer.tar"), base());
        String config = Json.write(Map.of("architecture", ARCH, "os", "linux",
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(TestImages.digest(base())))));
        String configHex = OciImages.sha256(config.getBytes(StandardCharsets.UTF_8));
        Files.writeString(save.resolve(configHex + ".json"), config);
        Files.writeString(save.resolve("manifest.json"), Json.write(List.of(Map.of("Config", configHex + ".json",
                "Layers", List.of("../layer.tar")))));

        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(save, null)))
                .hasMessageContaining("not an OCI image layout (no oci-layout file)");
        Path archive = TestImages.archive(save, tmp.resolve("docker.tar"));
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Archive(archive, null)))
                .hasMessageContaining("manifest.json Layers[0] '../layer.tar' is not an entry of the archive");
    }

    @Test
    void aFileThatIsNoImageIsRefused() throws IOException {
        Path notTar = Files.writeString(tmp.resolve("x.tar"), "this is no tar at all, not even close to 512 bytes");
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Archive(notTar, null))).isInstanceOf(ImageException.class)
                .hasMessageContaining("image archive " + notTar);
        Path emptyDir = Files.createDirectories(tmp.resolve("empty"));
        Path emptyTar = TestImages.archive(emptyDir, tmp.resolve("empty.tar"));
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Archive(emptyTar, null)))
                .hasMessageContaining("neither an OCI image layout (oci-layout, index.json) nor a 'docker save' archive");
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(tmp.resolve("none"), "v1")))
                .hasMessageContaining("image layout " + tmp.resolve("none") + " (ref v1): no such directory");
    }
}
