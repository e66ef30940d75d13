package dev.jconshgen.image;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Images made by a real tool, umoci (Debian's package; 'make deps' installs it), offline: a base
 * layer, then one that deletes a file and a directory's content (whiteouts), adds a symlink and a
 * hard link. OciImages reads what umoci writes, as a layout and as a tar of it, and refuses it
 * once a byte of a layer changes. Needs root (umoci unpack keeps owners).
 */
class UmociImagesTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void needsUmociAndRoot() throws Exception {
        Process check = new ProcessBuilder("sh", "-c", "command -v umoci && [ \"$(id -u)\" = 0 ]").redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        assumeTrue(check.waitFor() == 0, "needs umoci (make deps) and root");
    }

    /** The layout 'img' with tags v1 (one layer) and v2 (v1 and a layer with whiteouts, a symlink and a hard link). */
    private Path umociImage() throws Exception {
        run(tmp, "umoci", "init", "--layout", "img");
        run(tmp, "umoci", "new", "--image", "img:v1");
        run(tmp, "umoci", "unpack", "--image", "img:v1", "b1");
        run(tmp, "sh", "-c", "mkdir -p b1/rootfs/etc b1/rootfs/data && echo base >b1/rootfs/etc/motd && echo x >b1/rootfs/etc/gone"
                + " && echo old >b1/rootfs/data/old");
        run(tmp, "umoci", "repack", "--image", "img:v1", "b1");
        run(tmp, "umoci", "unpack", "--image", "img:v1", "b2");
        run(tmp, "sh", "-c", "rm b2/rootfs/etc/gone b2/rootfs/data/old && echo new >b2/rootfs/data/new && ln -s motd b2/rootfs/etc/link"
                + " && ln b2/rootfs/data/new b2/rootfs/data/hard");
        run(tmp, "umoci", "repack", "--image", "img:v2", "b2");
        return tmp.resolve("img");
    }

    @Test
    void aLayoutAndATarOfItGiveTheSameTwoLayers() throws Exception {
        Path layout = umociImage();

        ResolvedImage v2 = OciImages.read(new ImageSource.Layout(layout, "v2"));
        ResolvedImage v1 = OciImages.read(new ImageSource.Layout(layout, "v1"));
        run(tmp, "tar", "-cf", "img.tar", "-C", "img", ".");
        ResolvedImage archived = OciImages.read(new ImageSource.Archive(tmp.resolve("img.tar"), "v2"));

        assertThat(v2.layers()).hasSize(2);
        assertThat(v1.layers()).hasSize(1);
        assertThat(v2.layers().get(0).digest()).isEqualTo(v1.layers().get(0).digest());
        assertThat(v2.layers()).allMatch(ImageLayer::gzip);
        assertThat(archived.layers()).extracting(ImageLayer::digest)
                .containsExactlyElementsOf(v2.layers().stream().map(ImageLayer::digest).toList());
        assertThat(archived.layers().get(1).entry()).isEqualTo("./blobs/sha256/" + v2.layers().get(1).hex());
        // the tar holds both tags: without a ref, they are named
        assertThatThrownBy(() -> OciImages.read(new ImageSource.Archive(tmp.resolve("img.tar"), null)))
                .hasMessageContaining("index.json holds 2 images; name one with 'ref' (refs: v1, v2)");
    }

    @Test
    void oneChangedByteInALayerIsRefused() throws Exception {
        Path layout = umociImage();
        ImageLayer top = OciImages.read(new ImageSource.Layout(layout, "v2")).layers().get(1);
        try (RandomAccessFile blob = new RandomAccessFile(top.file().toFile(), "rw")) {
            blob.seek(blob.length() - 1);
            int last = blob.read();
            blob.seek(blob.length() - 1);
            blob.write(last ^ 1);
        }

        assertThatThrownBy(() -> OciImages.read(new ImageSource.Layout(layout, "v2")))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("layer " + top.digest())
                .hasMessageContaining("nothing was extracted");
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
    }
}
