package dev.jconshgen.image;

import java.util.List;

/**
 * How a layer's tar is extracted, for the generated scripts and for apply alike: GNU tar, with
 * the owners' numbers as the image gives them (not looked up by name on this host, where
 * 'www-data' may have another number than in the image) and with every extended attribute (a
 * file capability is one, in security.*; GNU tar restores only user.* unless told).
 */
public final class ImageExtraction {
    /** tar's options before -x; the scripts write them as they are (no character needs quoting). */
    public static final List<String> TAR_OPTIONS = List.of("--numeric-owner", "--xattrs", "--xattrs-include=*");

    private ImageExtraction() {
    }

    /** The -x option with gzip when the blob is compressed, and -f for the file that follows. */
    public static String extractFlags(boolean gzip) {
        return gzip ? "-xzf" : "-xf";
    }
}
