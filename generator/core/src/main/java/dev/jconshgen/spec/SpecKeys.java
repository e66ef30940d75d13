package dev.jconshgen.spec;

import java.util.List;

/**
 * The keys of every mapping a spec file may hold, in the order the writer puts them: the one
 * place in Java that knows the spec's YAML shape. {@link YamlSpecLoader} accepts exactly these
 * (anything else is "unknown key ... (allowed here: ...)"), {@link SpecYamlWriter} writes them,
 * and SchemaShapeTest fails when the published JSON Schema's properties differ at any level.
 */
public final class SpecKeys {
    private SpecKeys() {
    }

    /** A lab member's fields: a container's without apiVersion and kind (the lab's file has them). */
    private static final List<String> FIELDS = List.of("name", "hostname", "workdir", "rootfs", "namespaces", "user", "cgroup",
            "network", "command", "probes");
    /** A lab's member: a container's fields, and 'inside' (another member it runs inside). */
    public static final List<String> MEMBER = concat(FIELDS, List.of("inside"));
    /** A {@code kind: Container} document. */
    public static final List<String> CONTAINER = concat(List.of("apiVersion", "kind"), FIELDS);
    public static final List<String> USER = List.of("mapRootUser");
    public static final List<String> ROOTFS = List.of("layers", "overlay");
    /**
     * One item of rootfs.layers: exactly one of these; busybox and directory hold
     * {@link #LAYER_OPTIONS}, image {@link #IMAGE_LAYER}.
     */
    public static final List<String> LAYER = List.of("busybox", "directory", "image");
    public static final List<String> LAYER_OPTIONS = List.of("dir");
    /** An image layer: one of layout and archive (relative to the spec file), and the image's ref. */
    public static final List<String> IMAGE_LAYER = List.of("layout", "archive", "ref");
    public static final List<String> CGROUP = List.of("name", "parent", "limits");
    public static final List<String> LIMITS = List.of("pids", "memory", "cpu");
    public static final List<String> NETWORK = List.of("netns", "hostAddress", "containerAddress", "bridge", "defaultRoute");
    /**
     * A lab member's own network fields. The loader still recognises the rest of {@link #NETWORK}
     * in a member, to say that the lab's network holds them rather than "unknown key".
     */
    public static final List<String> MEMBER_NETWORK = List.of("netns", "containerAddress");
    /** One item of probes: exactly one of these. */
    public static final List<String> PROBE = List.of("tcp", "http", "exec");
    public static final List<String> TCP_PROBE = List.of("port", "expect");
    public static final List<String> HTTP_PROBE = List.of("port", "path", "status", "contains");
    public static final List<String> EXEC_PROBE = List.of("command", "expect");
    /** A {@code kind: Lab} document. */
    public static final List<String> LAB = List.of("apiVersion", "kind", "name", "network", "containers");
    public static final List<String> LAB_NETWORK = List.of("bridge", "address", "defaultRoute");

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
