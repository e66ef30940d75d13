package dev.jconshgen.image;

import java.nio.file.Path;

/**
 * One layer of an image: its digest, whether its blob is gzip-compressed, and where the blob is
 * (a file of a layout, or an entry of an archive).
 *
 * @param digest     "sha256:" and 64 lowercase hex digits (checked when read: it becomes a path)
 * @param mediaType  as the manifest gives it (for messages and explain)
 * @param gzip       the blob is a gzip-compressed tar
 * @param file       the blob itself, or the archive that holds it
 * @param entry      the blob's entry in the archive FILE; null when FILE is the blob
 */
public record ImageLayer(String digest, String mediaType, boolean gzip, Path file, String entry) {
    public static final String SHA256 = "sha256:";

    /** The digest's hex digits. */
    public String hex() {
        return digest.substring(SHA256.length());
    }

    /** The blob's name in the image: its entry in the archive, or its path below the layout. */
    public String name() {
        return entry != null ? entry : OciImages.blob(digest);
    }

    /** The blob as messages name it. */
    public String where() {
        return entry == null ? file.toString() : file + ":" + entry;
    }
}
