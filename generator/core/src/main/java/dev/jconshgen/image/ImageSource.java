package dev.jconshgen.image;

import java.nio.file.Path;

/** Where an image of the spec comes from: an OCI image layout and a reference in it, or an image archive. */
public sealed interface ImageSource {

    /** How the source is named in messages. */
    String describe();

    /**
     * An OCI image layout directory (oci-layout, index.json, blobs/sha256/).
     *
     * @param ref the org.opencontainers.image.ref.name of the image in index.json; null when
     *            the index holds one image only
     */
    record Layout(Path dir, String ref) implements ImageSource {
        @Override
        public String describe() {
            return "image layout " + dir + (ref == null ? "" : " (ref " + ref + ")");
        }
    }

    /**
     * A tar of an OCI image layout, or what 'docker save' writes (manifest.json).
     *
     * @param ref as for a layout; a 'docker save' archive must hold one image and takes no ref
     */
    record Archive(Path file, String ref) implements ImageSource {
        @Override
        public String describe() {
            return "image archive " + file + (ref == null ? "" : " (ref " + ref + ")");
        }
    }

    /** The ref the source names, or null. */
    default String ref() {
        return this instanceof Layout layout ? layout.ref() : ((Archive) this).ref();
    }
}
