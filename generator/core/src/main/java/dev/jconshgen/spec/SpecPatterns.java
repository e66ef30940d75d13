package dev.jconshgen.spec;

import java.util.regex.Pattern;

/**
 * The regular expressions of the spec's values, once: the validators match with them, and
 * SchemaShapeTest checks that the JSON Schema's "pattern"s are built from these and nothing else.
 */
public final class SpecPatterns {
    private SpecPatterns() {
    }

    /** A container's, lab's or cgroup's name: a DNS label in lower case. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /** One label of a host name (RFC 1123); a host name is labels separated by '.'. */
    public static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
    /** A network interface's or netns's name (letters, digits, '_', '.', '-'; the length is checked apart). */
    public static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    /** One component of a cgroup path; a path is components separated by '/'. */
    public static final Pattern CGROUP_COMPONENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    /** A memory size as text: digits and an optional K, M or G. */
    public static final Pattern BYTE_SIZE = dev.jconshgen.model.ByteSize.PATTERN;
}
