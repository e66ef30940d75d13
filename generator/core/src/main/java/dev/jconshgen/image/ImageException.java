package dev.jconshgen.image;

/** An image that cannot be used: the message names the image, the blob and, for a layer's content, the entry. */
public final class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
