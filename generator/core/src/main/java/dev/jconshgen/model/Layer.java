package dev.jconshgen.model;

import java.util.List;

/** One lower layer of the container's OverlayFS root. */
public sealed interface Layer permits Layer.Busybox, Layer.Directory, Layer.Image {

    /** Where the layer lives, relative to the work directory. */
    String dir();

    /**
     * The overlay lower directories this layer gives, lowest first, relative to the work
     * directory: its own directory, or one per layer of an image.
     */
    default List<String> lowerDirs() {
        return List.of(dir());
    }

    /** The layer the lab builds with create_lowerfs.sh: the static busybox and its applet links. */
    record Busybox(String dir) implements Layer {
        public static final String DEFAULT_DIR = "lower";
    }

    /** A directory the user prepared; used as it is. */
    record Directory(String dir) implements Layer {
    }

    /**
     * The layers of an OCI image, lowest first: from an image layout directory or an image archive
     * (a tar of a layout, or what 'docker save' writes), relative to the spec file's directory like
     * the work directory itself. Each layer is extracted into {@value #DIR}/sha256-HEX of the work
     * directory, named by its digest (apply: into its layer cache).
     *
     * @param layout  the image layout directory, or null
     * @param archive the image archive, or null (exactly one of the two)
     * @param ref     the image's org.opencontainers.image.ref.name in the index, or null when it
     *                holds one image
     * @param blobs   the image's layers, lowest first, as the loader read and checked them; empty
     *                for a spec built in Java that was not loaded from a file
     */
    record Image(String layout, String archive, String ref, List<Blob> blobs) implements Layer {
        public static final String DIR = "images";

        public Image {
            blobs = List.copyOf(blobs);
        }

        /** A spec's image item before its image was read. */
        public Image(String layout, String archive, String ref) {
            this(layout, archive, ref, List.of());
        }

        /**
         * One layer of the image: its digest, whether its tar is gzip-compressed, and its blob:
         * a path below the layout directory, or an entry of the archive.
         */
        public record Blob(String digest, boolean gzip, String name) {
            /** The directory it is extracted into, below the work directory. */
            public String dir() {
                return DIR + "/sha256-" + digest.substring("sha256:".length());
            }
        }

        /** The directory of the work directory that holds the extracted layers. */
        @Override
        public String dir() {
            return DIR;
        }

        /** One directory per blob, lowest first; a blob the image lists twice gives one. */
        @Override
        public List<String> lowerDirs() {
            return blobs.stream().map(Blob::dir).distinct().toList();
        }

        /** The layout or the archive, as the spec gives it. */
        public String source() {
            return layout != null ? layout : archive;
        }
    }
}
