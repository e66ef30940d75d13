package dev.jconshgen.model;

/** One lower layer of the container's OverlayFS root, relative to the work directory. */
public sealed interface Layer permits Layer.Busybox, Layer.Directory {

    /** Where the layer lives, relative to the work directory. */
    String dir();

    /** The layer the lab builds with create_lowerfs.sh: the static busybox and its applet links. */
    record Busybox(String dir) implements Layer {
        public static final String DEFAULT_DIR = "lower";
    }

    /** A directory the user prepared; used as it is. */
    record Directory(String dir) implements Layer {
    }
}
