package dev.jconshgen.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes as specs write it: a whole number, or one with K, M or G (powers of 1024), like 64M. */
public final class ByteSize {
    /** The text of a size: digits and an optional K, M or G (SpecPatterns.BYTE_SIZE, checked against the schema). */
    public static final Pattern PATTERN = Pattern.compile("([0-9]{1,15})([KMG]?)");
    /** What a text that is no size at all is told. */
    public static final String EXPECTED = "expected a size in bytes, or a number with K, M or G (like 64M)";

    private ByteSize() {
    }

    /**
     * The bytes TEXT means.
     *
     * @throws IllegalArgumentException not a size, or more than a long holds; the message says which
     */
    public static long parse(String text) {
        Matcher m = PATTERN.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        long factor = switch (m.group(2)) {
            case "K" -> 1024L;
            case "M" -> 1024L * 1024;
            case "G" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large (at most " + Long.MAX_VALUE + " bytes)");
        }
    }
}
