package dev.jconshgen.image;

import java.util.List;

/**
 * An image read and checked: its manifest and its layers, lowest first (the manifest's order).
 *
 * @param source         where it came from
 * @param manifestDigest the digest of its manifest (for a docker save archive: of its config)
 * @param layers         lowest first
 */
public record ResolvedImage(ImageSource source, String manifestDigest, List<ImageLayer> layers) {
    public ResolvedImage {
        layers = List.copyOf(layers);
    }
}
