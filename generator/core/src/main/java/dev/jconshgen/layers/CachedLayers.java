package dev.jconshgen.layers;

import dev.jconshgen.model.Layer;
import dev.jconshgen.model.RootFs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where apply took a container's lower layers from: the busybox layer and the image layers come
 * from the layer cache, not from the work directory the generated scripts use. Every other
 * layer is the spec's directory below the work directory.
 *
 * @param busybox   the cached busybox layer, when apply used one
 * @param imageRoot the cache directory that holds the image layers (sha256-HEX), when the spec
 *                  has image layers and apply took them from the cache
 */
public record CachedLayers(Optional<Path> busybox, Optional<Path> imageRoot) {
    public static final CachedLayers NONE = new CachedLayers(Optional.empty(), Optional.empty());

    public static CachedLayers busyboxOnly(Optional<Path> busybox) {
        return new CachedLayers(busybox, Optional.empty());
    }

    /** The absolute lower directories of ROOTFS, lowest first, as the container's overlay uses them. */
    public List<String> lowerDirs(RootFs rootfs, Path workdir) {
        List<String> dirs = new ArrayList<>();
        for (Layer layer : rootfs.layers()) {
            for (String dir : layer.lowerDirs()) {
                String absolute = absolute(layer, dir, workdir);
                if (!dirs.contains(absolute)) {
                    dirs.add(absolute);
                }
            }
        }
        return dirs;
    }

    private String absolute(Layer layer, String dir, Path workdir) {
        if (layer instanceof Layer.Busybox && busybox.isPresent()) {
            return busybox.get().toString();
        }
        if (layer instanceof Layer.Image && imageRoot.isPresent()) {
            // images/sha256-HEX in the work directory is sha256-HEX in the cache
            return imageRoot.get().resolve(Path.of(dir).getFileName()).toString();
        }
        return workdir.resolve(dir).normalize().toString();
    }
}
