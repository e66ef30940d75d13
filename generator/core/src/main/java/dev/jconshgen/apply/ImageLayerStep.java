package dev.jconshgen.apply;

import dev.jconshgen.image.ExtractedLayer;
import dev.jconshgen.image.ImageException;
import dev.jconshgen.image.ImageExtraction;
import dev.jconshgen.image.ImageSource;
import dev.jconshgen.image.IoMessages;
import dev.jconshgen.image.LayerCheck;
import dev.jconshgen.image.OciImages;
import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * apply's image layers: each taken from the layer cache by its digest, or built there when the
 * cache has none. The build does what the generated create_lowerfs.sh does (tar with the same
 * options, then the whiteouts turned into what overlayfs reads), with three guards the script
 * leaves to the reader:
 * <ul>
 * <li>the blob is copied out of the image and checked again (digest and entries) in the cache's
 * build directory, and that copy is what tar extracts: a change to the image after the spec was
 * loaded cannot slip in between check and extraction;</li>
 * <li>what tar made is compared with the names the check read ({@link ExtractedLayer}), so two
 * tar parsers that read the bytes differently cannot give a layer nobody checked;</li>
 * <li>the layer appears in the cache only complete (built aside, then renamed).</li>
 * </ul>
 */
final class ImageLayerStep {
    static final String NAME = "image layer";

    private ImageLayerStep() {
    }

    /**
     * Takes or builds every image layer of SPEC (reported as one step each).
     *
     * @param specDir the spec file's directory: image paths are relative to it
     * @param uid     who extracts: root keeps the image's owners and marks opaque directories for
     *                both kinds of overlay mount; another user (rootless) owns what it extracts
     *                (root in its container) and marks them for the mount in its user namespace
     * @return false when a layer failed (its step says why)
     */
    static boolean run(ScriptSteps steps, ProcessRunner runner, LayerCache cache, ContainerSpec spec, Path specDir, long uid,
                       Duration timeout) {
        Set<String> done = new HashSet<>();
        for (Layer layer : spec.rootfs().layers()) {
            if (!(layer instanceof Layer.Image image)) {
                continue;
            }
            Path where = specDir.resolve(image.source()).normalize();
            ImageSource source = image.archive() != null ? new ImageSource.Archive(where, image.ref()) : new ImageSource.Layout(where, image.ref());
            for (Layer.Image.Blob blob : image.blobs()) {
                if (!done.add(blob.digest())) {
                    continue;
                }
                String stepName = NAME + " " + blob.digest().substring(0, "sha256:".length() + 12);
                long start = System.nanoTime();
                try {
                    LayerCache.Entry entry = cache.imageLayer(blob.digest(), dir -> build(runner, source, blob, dir, uid, timeout));
                    steps.record(new StepResult(stepName + (entry.built() ? "" : " (cached)"), elapsed(start), true,
                            (entry.built() ? "extracted into " : "reused ") + entry.dir()));
                } catch (ImageException | LayerCache.CacheException e) {
                    steps.record(new StepResult(stepName, elapsed(start), false, e.getMessage()));
                    return false;
                } catch (java.io.UncheckedIOException e) {
                    steps.record(new StepResult(stepName, elapsed(start), false, IoMessages.of(e.getCause())));
                    return false;
                }
            }
        }
        return true;
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Builds the layer into DIR (which does not exist yet), in the cache's build directory. */
    /**
     * Root's layers get both: root's overlay reads trusted.*, one mounted in a user namespace
     * (userxattr) user.*, and a cached layer serves containers of either kind (the scripts set the
     * one their container needs). Another user may set user.* only, and its containers always
     * have a user namespace.
     */
    static List<String> opaqueAttributes(long uid) {
        return uid == 0 ? List.of("trusted.overlay.opaque", "user.overlay.opaque") : List.of("user.overlay.opaque");
    }

    static void build(ProcessRunner runner, ImageSource source, Layer.Image.Blob blob, Path dir, long uid, Duration timeout) {
        Path copy = dir.resolveSibling("blob");
        Map<String, LayerCheck.Expected> names = OciImages.copyChecked(source, blob.name(), blob.digest(), blob.gzip(), copy);
        String where = "layer " + blob.digest() + " (" + source.describe() + ")";
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new ImageException(where + ": cannot create " + dir + ": " + IoMessages.of(e));
        }
        // On standard input: given a file, GNU tar guesses a compression itself when the first
        // header's checksum is wrong, and would extract another archive than the one checked.
        List<String> tar = new ArrayList<>(List.of("sh", "-c", "exec tar \"$@\" <\"$0\"", copy.toString()));
        tar.addAll(ImageExtraction.TAR_OPTIONS);
        tar.addAll(List.of(ImageExtraction.extractFlags(blob.gzip()), "-", "-C", dir.toString()));
        run(runner, timeout, where, tar.toArray(String[]::new));
        ExtractedLayer.compare(dir, names, uid == 0, where);
        if (uid != 0) {
            // Another user's tar keeps read-only directories (an image's 0555 /usr/bin): it could
            // then neither remove a whiteout marker in one nor move the layer into the cache. The
            // user owns every file, and is root in the container, where modes do not hold root back.
            run(runner, timeout, where, "chmod", "-R", "u+w", "--", dir.toString());
        }
        for (Path marker : ExtractedLayer.whiteouts(dir)) {
            try {
                Files.delete(marker);
            } catch (IOException e) {
                throw new ImageException(where + ": cannot remove the whiteout marker " + marker + ": " + IoMessages.of(e));
            }
            if (ExtractedLayer.opaque(marker)) {
                for (String attribute : opaqueAttributes(uid)) {
                    run(runner, timeout, where, "setfattr", "-n", attribute, "-v", "y", "--", marker.getParent().toString());
                }
            } else {
                run(runner, timeout, where, "mknod", "--", marker.resolveSibling(ExtractedLayer.hidden(marker)).toString(), "c", "0", "0");
            }
        }
    }

    private static void run(ProcessRunner runner, Duration timeout, String where, String... argv) {
        ExecResult result = runner.run(Command.of(timeout, argv));
        if (!result.ok()) {
            throw new ImageException(where + ": " + result.describe().stripTrailing());
        }
    }
}
