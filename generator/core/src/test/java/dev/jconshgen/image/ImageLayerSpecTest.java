package dev.jconshgen.image;

import dev.jconshgen.core.FileTrees;
import dev.jconshgen.model.Layer;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import dev.jconshgen.spec.SpecYamlWriter;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.state.AppliedImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** rootfs.layers' image items in a spec file: read and checked when the spec loads, every problem at its line. */
class ImageLayerSpecTest {
    private static final String TAR = "application/vnd.oci.image.layer.v1.tar";

    @TempDir
    Path tmp;

    private TestImages.Layout layout() throws IOException {
        TestImages.Layout layout = new TestImages.Layout(tmp.resolve("img"));
        layout.image("v1", OciImages.hostArchitecture(), List.of(layout.blob(TAR, new TestImages.LayerTar().dir("etc")
                .file("etc/motd", "from the image\n").bytes())));
        return layout;
    }

    private Path spec(String layers) throws IOException {
        return Files.writeString(tmp.resolve("spec.yaml"), "name: bimg\nworkdir: w\nrootfs:\n  layers:\n" + layers);
    }

    private List<SpecError> errors(Path spec) {
        return catchThrowableOfType(() -> new YamlSpecLoader().load(spec), InvalidSpecException.class).errors();
    }

    @Test
    void layoutAndArchiveLayersLoadRelativeToTheSpecFile() throws IOException {
        layout();
        TestImages.archive(tmp.resolve("img"), tmp.resolve("img.tar"));
        Path spec = spec("    - busybox: {}\n    - image: {layout: img, ref: v1}\n    - image: {archive: img.tar}\n");

        var loaded = new YamlSpecLoader().load(spec);

        List<dev.jconshgen.model.Layer> layers = loaded.spec().rootfs().layers();
        assertThat(layers.get(0)).isEqualTo(new Layer.Busybox("lower"));
        Layer.Image fromLayout = (Layer.Image) layers.get(1);
        Layer.Image fromArchive = (Layer.Image) layers.get(2);
        assertThat(List.of(fromLayout.layout(), fromLayout.ref())).containsExactly("img", "v1");
        assertThat(fromArchive.archive()).isEqualTo("img.tar");
        assertThat(fromArchive.layout()).isNull();
        // the loader keeps what it read: each layer's digest and blob, in the layout or the archive
        String digest = fromLayout.blobs().get(0).digest();
        assertThat(fromLayout.blobs()).containsExactly(new Layer.Image.Blob(digest, false, "blobs/sha256/" + digest.substring(7)));
        assertThat(fromArchive.blobs()).containsExactly(new Layer.Image.Blob(digest, false, "blobs/sha256/" + digest.substring(7)));
        assertThat(fromLayout.blobs().get(0).dir()).isEqualTo("images/sha256-" + digest.substring(7));
        // and back: the writer writes what the loader reads
        Path written = Files.writeString(tmp.resolve("written.yaml"), SpecYamlWriter.write(loaded.spec()));
        assertThat(new YamlSpecLoader().load(written).spec()).isEqualTo(loaded.spec());
    }

    @Test
    void aDamagedImageIsAnErrorAtItsLine() throws IOException {
        TestImages.Layout layout = layout();
        try (var blobs = Files.list(layout.dir.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                if (Files.size(blob) > 1024) { // the layer (the JSON documents are smaller)
                    Files.write(blob, new TestImages.LayerTar().file("etc/motd", "changed\n").bytes());
                }
            }
        }
        Path spec = spec("    - busybox: {}\n    - image: {layout: img, ref: v1}\n");

        List<SpecError> errors = errors(spec);

        assertThat(errors).hasSize(1);
        SpecError error = errors.get(0);
        assertThat(error.line()).isEqualTo(6);
        assertThat(error.column()).isEqualTo(23);
        assertThat(error.path()).isEqualTo("rootfs.layers[1].image.layout");
        assertThat(error.message()).contains("the blob's digest is", "nothing was extracted");
    }

    @Test
    void wrongImageItemsAreErrorsThatSayWhatIsAllowed() throws IOException {
        layout();
        Path spec = spec("    - image: {layout: img, archive: img.tar}\n    - image: {ref: v1}\n    - image: {layout: img, tag: v1}\n"
                + "    - image: {layout: nowhere}\n    - image: {layout: img, ref: v9}\n    - image: {archive: \"img\\0.tar\"}\n");

        List<String> messages = errors(spec).stream().map(SpecError::format).toList();

        assertThat(messages).anySatisfy(m -> assertThat(m).contains(":5:", "rootfs.layers[0].image", "needs exactly one of 'layout'"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains(":6:", "rootfs.layers[1].image", "needs exactly one of 'layout'"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains(":7:", "unknown key 'tag'", "archive, layout, ref"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains(":8:", "rootfs.layers[3].image.layout",
                tmp.resolve("nowhere") + ": no such directory"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains(":9:", "rootfs.layers[4].image.layout", "no image with ref 'v9' (refs: v1)"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains(":10:", "rootfs.layers[5].image.archive", "without control characters"));
        // each problem once (the loader's; the validator says the same only for a spec built in Java)
        assertThat(messages).hasSize(6);
    }

    @Test
    void aStatesSpecCopyLoadsWithTheRecordedBlobsWithoutItsImage() throws IOException {
        layout();
        Path spec = spec("    - busybox: {}\n    - image: {layout: img, ref: v1}\n");
        var loaded = new YamlSpecLoader().load(spec);
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path copy = Files.copy(spec, state.resolve("spec.yaml"));
        Path record = Files.writeString(state.resolve("images.json"), AppliedImages.json(List.of(loaded.spec())));
        FileTrees.deleteQuietly(tmp.resolve("img"));

        assertThat(AppliedImages.loader(record).load(copy).spec()).isEqualTo(loaded.spec());
        // without the record, the copy's image path names nothing from the state directory
        assertThat(errors(copy)).singleElement().satisfies(e -> assertThat(e.message()).contains("no such directory"));
    }

    @Test
    void theScriptsExtractWithTheOptionsApplyUses() throws IOException {
        layout();
        var loaded = new YamlSpecLoader().load(spec("    - busybox: {}\n    - image: {layout: img, ref: v1}\n"));
        for (var style : dev.jconshgen.render.Style.values()) {
            String script = new dev.jconshgen.render.ScriptRenderer().render(loaded.spec(), style).stream()
                    .filter(s -> s.fileName().equals("create_lowerfs.sh")).findFirst().orElseThrow().content();
            String tar = script.lines().filter(l -> l.startsWith("tar ")).findFirst().orElseThrow();
            List<String> words = List.of(tar.replace("'", "").split(" "));
            assertThat(words.subList(1, 1 + ImageExtraction.TAR_OPTIONS.size())).as(style + ": " + tar)
                    .isEqualTo(ImageExtraction.TAR_OPTIONS);
            assertThat(words.get(1 + ImageExtraction.TAR_OPTIONS.size())).isEqualTo(ImageExtraction.extractFlags(false));
        }
    }
}
