package dev.jconshgen.spec;

import dev.jconshgen.image.ImageException;
import dev.jconshgen.image.ImageLayer;
import dev.jconshgen.image.ImageSource;
import dev.jconshgen.image.OciImages;
import dev.jconshgen.model.Layer;

import java.nio.file.Path;
import java.util.List;

/**
 * How the loader learns an image layer's blobs. Reading a spec file reads and checks the image
 * itself ({@link #FILES}). A container's state keeps a copy of its spec, away from the images
 * its relative paths name, and status, verify and destroy must not read gigabytes again (the
 * image may even be gone): they load that copy with the blobs apply recorded
 * ({@link dev.jconshgen.state.AppliedImages}).
 */
@FunctionalInterface
public interface ImageReader {

    /**
     * @param source the layout or archive as the spec writes it
     * @param where  SOURCE resolved against the spec file's directory
     * @param ref    the spec's ref, or null
     * @return the image's layers, lowest first
     * @throws ImageException what is wrong with the image
     */
    List<Layer.Image.Blob> read(String source, Path where, boolean archive, String ref);

    /** Reads the image from its files and checks every blob and entry ({@link OciImages}). */
    ImageReader FILES = (source, where, archive, ref) -> {
        ImageSource image = archive ? new ImageSource.Archive(where, ref) : new ImageSource.Layout(where, ref);
        return OciImages.read(image).layers().stream().map(ImageReader::blob).toList();
    };

    private static Layer.Image.Blob blob(ImageLayer layer) {
        return new Layer.Image.Blob(layer.digest(), layer.gzip(), layer.name());
    }
}
