package dev.jconshgen.spec;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Ipv4Cidr;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.model.NetworkSpec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The semantic checks every spec goes through, whether it came from YAML or from the Java DSL.
 * Each check adds violations instead of throwing, so that the user sees every problem at once.
 */
public final class SpecValidator {
    /** RFC 1123 label: letters, digits and inner hyphens. Lower case keeps names portable. */
    /** systemd's own cgroups: never create, join or remove those. */
    private static final Pattern SYSTEMD_UNIT = Pattern.compile("\\.(slice|scope|service|socket|mount|swap|target)(/|$)");
    static final int MAX_NAME = 63;
    /** HOST_NAME_MAX on Linux. */
    static final int MAX_HOSTNAME = 64;
    static final int MAX_NETNS = NetworkSpec.MAX_INTERFACE_NAME - 2;
    static final long MIN_MEMORY = 1024L * 1024L;
    static final BigDecimal MIN_CPU = new BigDecimal("0.01");
    static final BigDecimal MAX_CPU = new BigDecimal("64");
    /**
     * A path field, in UTF-8 bytes: NAME_MAX, the longest single file name. The kernel takes the
     * overlay mount options (every layer's absolute path, the overlay's twice) in one 4096-byte
     * page, so a field much longer could not be mounted; 255 keeps a two-layer spec well inside.
     */
    static final int MAX_PATH_BYTES = 255;
    /** Longer values are shortened in messages: the start identifies them, the rest is noise. */
    static final int MAX_SHOWN = 80;
    /** Longer than any address/prefix ("255.255.255.255/32" has 18 characters), short enough to quote. */
    static final int MAX_ADDRESS = 40;

    private final List<BiConsumer<ContainerSpec, List<Violation>>> checks = List.of(
            SpecValidator::checkName,
            SpecValidator::checkHostname,
            SpecValidator::checkPaths,
            SpecValidator::checkNamespaces,
            SpecValidator::checkCgroup,
            SpecValidator::checkNetwork,
            WorkloadValidator::check);

    public List<Violation> validate(ContainerSpec spec) {
        List<Violation> violations = new ArrayList<>();
        checks.forEach(check -> check.accept(spec, violations));
        return violations;
    }

    private static void checkName(ContainerSpec spec, List<Violation> out) {
        String name = spec.name();
        if (name == null || name.isEmpty()) {
            out.add(new Violation("name", "is required (a lower-case RFC 1123 label such as 'consh')"));
        } else if (name.length() > MAX_NAME || !SpecPatterns.NAME.matcher(name).matches()) {
            out.add(new Violation("name", "'" + printable(name) + "' is not a valid name (lower-case letters, digits and inner '-', at most " + MAX_NAME + " characters)"));
        }
    }

    private static void checkHostname(ContainerSpec spec, List<Violation> out) {
        String hostname = spec.hostname();
        if (hostname == null) {
            return;
        }
        if (!spec.has(Namespace.UTS)) {
            out.add(new Violation("hostname", "needs the uts namespace (add 'uts' to namespaces, or remove hostname so the host's name is left alone)"));
        }
        boolean labelsOk = !hostname.isEmpty() && hostname.length() <= MAX_HOSTNAME;
        for (String label : hostname.split("\\.", -1)) {
            labelsOk &= label.length() <= MAX_NAME && SpecPatterns.HOST_LABEL.matcher(label).matches();
        }
        if (!labelsOk) {
            out.add(new Violation("hostname", "'" + printable(hostname) + "' is not an RFC 1123 host name (dot-separated labels of letters, digits and inner '-', at most " + MAX_HOSTNAME + " characters)"));
        }
    }

    private static void checkPaths(ContainerSpec spec, List<Violation> out) {
        // Without a name there is no default work directory either; the name error says it all.
        if (spec.workdir() != null || spec.name() != null) {
            checkRelativePath("workdir", spec.workdir(), "the spec file's directory", out);
        }
        List<Layer> layers = spec.rootfs().layers();
        if (layers.isEmpty()) {
            out.add(new Violation("rootfs.layers", "needs at least one layer (e.g. '- busybox: {}')"));
        }
        long busyboxLayers = layers.stream().filter(l -> l instanceof Layer.Busybox).count();
        if (busyboxLayers > 1) {
            out.add(new Violation("rootfs.layers", "has " + busyboxLayers + " busybox layers; create_lowerfs.sh builds one"));
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String path = layerPath(i, layers.get(i));
            if (layers.get(i) instanceof Layer.Image image) {
                checkImage(path, image, out);
                // every image's layers go below the one directory 'images', checked once
                if (seen.contains(Layer.Image.DIR)) {
                    continue;
                }
                path = "rootfs.layers[" + i + "].image";
            }
            if (checkRelativePath(path, layers.get(i).dir(), "the work directory", out)) {
                checkOverlapping(path, layers.get(i).dir(), seen, out);
                seen.add(layers.get(i).dir());
            }
        }
        if (checkRelativePath("rootfs.overlay", spec.rootfs().overlay(), "the work directory", out)) {
            checkOverlapping("rootfs.overlay", spec.rootfs().overlay(), seen, out);
        }
    }

    public static String layerPath(int index, Layer layer) {
        String field;
        if (layer instanceof Layer.Image image) {
            field = image.layout() != null ? "image.layout" : "image.archive";
        } else {
            field = (layer instanceof Layer.Busybox ? "busybox" : "directory") + ".dir";
        }
        return "rootfs.layers[" + index + "]." + field;
    }

    /** One of layout and archive; the image itself is read by the loader, which knows the spec file's directory. */
    private static void checkImage(String path, Layer.Image image, List<Violation> out) {
        if ((image.layout() == null) == (image.archive() == null)) {
            // the loader says so at the layer's line; a DSL spec gets it here
            out.add(new Violation(path.replaceFirst("\\.(layout|archive)$", ""),
                    "needs exactly one of 'layout' (an OCI image layout directory) and 'archive' (a tar of one, or what"
                            + " 'docker save' writes), relative to the spec file"));
            return;
        }
        String source = image.source();
        if (source.isEmpty() || source.chars().anyMatch(SpecValidator::isControl)) {
            out.add(new Violation(path, "must be a path without control characters, relative to the spec file"));
        }
        if (image.ref() != null && (image.ref().isEmpty() || image.ref().chars().anyMatch(SpecValidator::isControl))) {
            out.add(new Violation(path.replaceFirst("\\.(layout|archive)$", ".ref"), "must be the image's ref name, without control characters"));
        }
    }

    /** Relative, normalised, no way out of its base, and safe inside an overlay mount option. */
    private static boolean checkRelativePath(String field, String value, String base, List<Violation> out) {
        String problem = null;
        if (value == null || value.isEmpty()) {
            problem = "must not be empty";
        } else if (value.startsWith("/")) {
            problem = "'" + printable(value) + "' is absolute";
        } else if (value.chars().anyMatch(SpecValidator::isControl)) {
            problem = "'" + printable(value) + "' contains a control character";
        } else if (value.chars().anyMatch(SpecValidator::isBidiControl)) {
            problem = "'" + printable(value) + "' contains a bidirectional control character, which makes the path display"
                    + " differently from what it is";
        } else if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            problem = "is " + value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes long in UTF-8, more than "
                    + MAX_PATH_BYTES + " (the overlay mount options that carry it must fit in one page)";
        } else if (value.chars().anyMatch(c -> c == ',' || c == ':' || c == '\\')) {
            problem = "'" + printable(value) + "' contains ',', ':' or '\\', which overlay mount options cannot carry";
        } else {
            for (String component : value.split("/", -1)) {
                if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                    problem = "'" + printable(value) + "' has an empty, '.' or '..' component";
                    break;
                }
            }
        }
        if (problem != null) {
            out.add(new Violation(field, problem +  " (a relative path inside " + base + ", like 'demo' or 'layers/base': not absolute, no '..', ',', ':')"));
            return false;
        }
        return true;
    }

    private static void checkOverlapping(String field, String dir, List<String> others, List<Violation> out) {
        for (String other : others) {
            if (dir.equals(other) || dir.startsWith(other + "/") || other.startsWith(dir + "/")) {
                out.add(new Violation(field, "'" + printable(dir) + "' overlaps '" + printable(other) + "' (layers and the overlay directory must be separate directories)"));
            }
        }
    }

    private static void checkNamespaces(ContainerSpec spec, List<Violation> out) {
        if (!spec.has(Namespace.MOUNT)) {
            out.add(new Violation("namespaces", "must include 'mount': the overlay root and pivot_root are private to a mount namespace"));
        }
        if (spec.has(Namespace.USER) && !spec.mapRootUser()) {
            out.add(new Violation("user.mapRootUser", "must be true with the user namespace: the setup mounts inside it and needs root there"));
        }
    }

    private static void checkCgroup(ContainerSpec spec, List<Violation> out) {
        if (spec.cgroup().isEmpty()) {
            return;
        }
        CgroupSpec cgroup = spec.cgroup().get();
        checkCgroupPath("cgroup.name", cgroup.name(), out);
        if (!CgroupSpec.AUTO_PARENT.equals(cgroup.parent())) {
            checkCgroupPath("cgroup.parent", cgroup.parent(), out);
        }
        if (cgroup.pidsMax() != null && cgroup.pidsMax() < 1) {
            out.add(new Violation("cgroup.limits.pids", cgroup.pidsMax() + " is below 1 (a number of tasks)"));
        }
        if (cgroup.memoryMax() != null && cgroup.memoryMax() < MIN_MEMORY) {
            out.add(new Violation("cgroup.limits.memory", cgroup.memoryMax() + " bytes is below 1M (bytes, or a number with K, M or G)"));
        }
        if (cgroup.cpu() != null) {
            checkCpu(cgroup.cpu(), out);
        }
    }

    /**
     * 0.01 CPU is 1 ms per 100 ms period, the smallest quota the kernel accepts. The host's CPU
     * count is unknown when a spec is validated (it is generated on one machine, run on another),
     * so the upper bound is only a sanity bound; a limit above the host's CPUs limits nothing.
     */
    private static void checkCpu(BigDecimal cpu, List<Violation> out) {
        String shown = cpu.toPlainString();
        if (cpu.compareTo(MIN_CPU) < 0 || cpu.compareTo(MAX_CPU) > 0) {
            out.add(new Violation("cgroup.limits.cpu", shown + " is out of range (a share of one CPU from 0.01 to 64, like 0.5 for half a CPU)"));
        } else if (cpu.stripTrailingZeros().scale() > 3) {
            out.add(new Violation("cgroup.limits.cpu", shown + " has more than 3 decimal places (round it, like 0.125)"));
        }
    }

    private static void checkCgroupPath(String field, String value, List<Violation> out) {
        boolean ok = value != null && !value.isEmpty() && value.length() <= 255;
        if (ok) {
            for (String component : value.split("/", -1)) {
                ok &= SpecPatterns.CGROUP_COMPONENT.matcher(component).matches() && !component.equals("..");
            }
        }
        if (!ok) {
            out.add(new Violation(field, "'" + printable(value) + "' is not a cgroup path (letters, digits, '_', '.', '-', components separated by '/', relative to the cgroup hierarchy" + (field.endsWith("parent") ? ", or 'auto'" : "") + ")"));
        } else if (field.equals("cgroup.name") && SYSTEMD_UNIT.matcher(value).find()) {
            out.add(new Violation(field, "'" + printable(value) + "' names a systemd unit's cgroup, which systemd owns (choose a name without ."
                    + "slice, .scope, .service, .socket, .mount, .swap or .target)"));
        }
    }

    private static void checkNetwork(ContainerSpec spec, List<Violation> out) {
        if (spec.network().isEmpty()) {
            return;
        }
        NetworkSpec network = spec.network().get();
        if (!spec.has(Namespace.NET)) {
            out.add(new Violation("network", "needs the net namespace (add 'net' to namespaces, or remove network)"));
        }
        String netns = network.netns();
        if (netns == null || !SpecPatterns.INTERFACE.matcher(netns).matches() || netns.length() > MAX_NETNS) {
            out.add(new Violation("network.netns", "'" + printable(netns) + "' is not a usable netns name (letters, digits, '_', '.', '-', at most " + MAX_NETNS
                    + " characters, so that the veth names '<netns>-0' and '<netns>-1' fit the kernel's " + NetworkSpec.MAX_INTERFACE_NAME + ")"));
        }
        Ipv4Cidr host = parseAddress("network.hostAddress", network.hostAddress(), out);
        Ipv4Cidr container = parseAddress("network.containerAddress", network.containerAddress(), out);
        if (host != null && container != null) {
            if (!host.sameSubnet(container)) {
                out.add(new Violation("network.containerAddress", container + " is not in the subnet of hostAddress " + host + " (same prefix and network)"));
            } else if (host.address() == container.address()) {
                out.add(new Violation("network.containerAddress", "is the same address as hostAddress (" + host.addressText() + ")"));
            }
        }
        String bridge = network.bridge();
        if (bridge != null) {
            // The bridge is an interface of the host: a kernel interface name, and not one of the
            // container's own veth names, which would make setup enslave the veth to itself.
            if (!SpecPatterns.INTERFACE.matcher(bridge).matches() || bridge.length() > NetworkSpec.MAX_INTERFACE_NAME) {
                out.add(new Violation("network.bridge", "'" + printable(bridge) + "' is not a usable interface name (letters, digits, '_', '.', '-', at most "
                        + NetworkSpec.MAX_INTERFACE_NAME + " characters)"));
            } else if (bridge.equals(network.hostVeth()) || bridge.equals(network.containerVeth())) {
                out.add(new Violation("network.bridge", "'" + bridge + "' is the name of one of the container's own veth ends (choose another bridge name)"));
            }
        }
    }

    private static Ipv4Cidr parseAddress(String field, String value, List<Violation> out) {
        // Only short printable ASCII reaches the parser, whose messages quote the value as it is.
        if (value != null && (value.length() > MAX_ADDRESS || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            out.add(new Violation(field, "'" + printable(value) + "' is not an IPv4 address/prefix (digits, dots and a '/prefix', like 10.0.0.1/24)"));
            return null;
        }
        try {
            Ipv4Cidr cidr = Ipv4Cidr.parse(value);
            if (cidr.isNetworkAddress() || cidr.isBroadcastAddress()) {
                out.add(new Violation(field, value + " is the network or broadcast address of its subnet (use a host address)"));
                return null;
            }
            return cidr;
        } catch (IllegalArgumentException e) {
            out.add(new Violation(field, e.getMessage() + " (an IPv4 address/prefix like 10.0.0.1/24, prefix " + Ipv4Cidr.MIN_PREFIX + " to " + Ipv4Cidr.MAX_PREFIX + ")"));
            return null;
        }
    }

    /**
     * Shows a hostile value in an error message without letting it break the line, send a
     * terminal control sequence (C1 controls such as U+009B) or reorder the text around it
     * (bidirectional controls); values longer than {@link #MAX_SHOWN} are cut with their length.
     */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        int length = value.codePointCount(0, value.length());
        if (length <= MAX_SHOWN) {
            return escaped(value);
        }
        return escaped(value.substring(0, value.offsetByCodePoints(0, MAX_SHOWN))) + "...(" + length + " characters)";
    }

    /**
     * TEXT with its control and bidirectional control characters, and halves of surrogate pairs,
     * escaped, however long: for messages that quote the spec's text themselves, such as the
     * YAML library's.
     */
    static String escaped(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x80 && isControl(c)) {
                sb.append(String.format("\\x%02x", c));
            } else if (isControl(c) || isBidiControl(c) || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                // A surrogate here is half of a pair (codePoints() joins whole pairs): no character to show.
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** C0 controls, DEL and the C1 controls U+0080..U+009F (U+009B is a terminal's CSI). */
    static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /** Unicode bidirectional formatting characters, as in "Trojan Source" (CVE-2021-42574). */
    static boolean isBidiControl(int c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
