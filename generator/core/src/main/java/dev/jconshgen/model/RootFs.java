package dev.jconshgen.model;

import java.util.List;

/**
 * The container's root file system: lower layers, lowest first, and the overlay directory that
 * holds {@code upper}, {@code work} and {@code merged}. Paths are relative to the work directory.
 */
public record RootFs(List<Layer> layers, String overlay) {
    public static final String DEFAULT_OVERLAY = "ovly";

    public RootFs {
        layers = List.copyOf(layers);
    }

    /**
     * Every lower directory, lowest first, each once (OverlayFS refuses a directory twice): an
     * image layer shared by two images is one directory, since it is named by its digest.
     */
    public List<String> lowerDirs() {
        return layers.stream().flatMap(l -> l.lowerDirs().stream()).distinct().toList();
    }
}
