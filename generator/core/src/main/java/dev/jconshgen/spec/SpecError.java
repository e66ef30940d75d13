package dev.jconshgen.spec;

/**
 * One thing wrong with a spec, located so that an editor can jump to it.
 *
 * @param file   the spec file as the user named it, or a label such as {@code <java>}
 * @param line   1-based line, 0 when unknown (specs built in code)
 * @param column 1-based column, 0 when unknown
 * @param path   the field path, e.g. {@code network.hostAddress} or {@code rootfs.layers[0]}
 */
public record SpecError(String file, int line, int column, String path, String message) {

    /** {@code FILE:LINE:COLUMN: field.path: message}, the format compilers use. */
    public String format() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
