package dev.jconshgen.spec;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Ipv4Cidr;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.model.NetworkSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The checks of a lab: its own fields, every member as a container (paths prefixed with
 * {@code containers[i].}), and what only the members together can get wrong: names, netns,
 * addresses, cgroups and directories that two members share, addresses outside the bridge's
 * subnet, a bridge named like a member's veth.
 */
public final class LabValidator {
    public static final String MEMBER_BRIDGE = "a member joins the lab's bridge: remove it here and set 'network.bridge' of the lab";
    public static final String MEMBER_HOST_ADDRESS = "the host address of a member is the lab's bridge address: remove it here"
            + " and set 'network.address' of the lab";
    public static final String MEMBER_DEFAULT_ROUTE = "the default route is the lab's, for every member: remove it here and set"
            + " 'network.defaultRoute' of the lab";

    public static final String INNER_NETWORK = "an inner container has no network of its own: its outer container has only"
            + " busybox, whose ip cannot make a veth pair; remove 'network' (it gets a net namespace with only loopback,"
            + " or none when 'net' is left out of its namespaces)";
    public static final String INNER_WORKDIR = "an inner container's work directory is /nested/NAME inside its outer container"
            + " (a tmpfs: OverlayFS refuses an upper directory on OverlayFS): remove 'workdir'";

    public List<Violation> validate(LabSpec lab) {
        List<Violation> out = new ArrayList<>();
        checkLab(lab, out);
        Ipv4Cidr bridgeAddress = parseOrNull(lab.address());
        List<ContainerSpec> members = lab.containers();
        for (int i = 0; i < members.size(); i++) {
            String at = "containers[" + i + "].";
            // Without a usable bridge address a member has no default address either: that error is the lab's.
            boolean noAddress = bridgeAddress == null && members.get(i).network().map(n -> n.containerAddress() == null
                    || n.containerAddress().isEmpty()).orElse(false);
            for (Violation v : new SpecValidator().validate(members.get(i))) {
                if (!isTheLabs(v) && !(noAddress && v.path().equals("network.containerAddress"))) {
                    out.add(new Violation(at + v.path(), v.message()));
                }
            }
            checkMember(lab, i, bridgeAddress, out);
            if (lab.isInner(members.get(i).name())) {
                checkInner(lab, i, out);
            }
        }
        unique(members, "name", ContainerSpec::name, "member name", out);
        unique(members, "network.netns", c -> c.network().map(NetworkSpec::netns).orElse(null), "netns", out);
        unique(members, "network.containerAddress", c -> c.network().map(n -> addressOnly(n.containerAddress())).orElse(null),
                "container address", out);
        unique(members, "cgroup.name", c -> c.cgroup().map(LabValidator::cgroupKey).orElse(null), "cgroup", out);
        // an inner member's directories are inside its outer container, not beside the lab file
        unique(members, "workdir", c -> lab.isInner(c.name()) ? null : normalized(c.workdir()), "work directory", out);
        unique(members, "rootfs.overlay", c -> lab.isInner(c.name()) || c.workdir() == null || c.rootfs().overlay() == null ? null
                : normalized(c.workdir() + "/" + c.rootfs().overlay()), "overlay directory", out);
        return out;
    }

    /** A member's violations of the fields the lab sets for it: reported once, at the lab's field. */
    private static boolean isTheLabs(Violation v) {
        return v.path().startsWith("network.hostAddress") || v.path().startsWith("network.bridge")
                || (v.path().equals("network.containerAddress") && v.message().contains("hostAddress"));
    }

    private static void checkLab(LabSpec lab, List<Violation> out) {
        String name = lab.name();
        if (name == null || name.isEmpty()) {
            out.add(new Violation("name", "is required (a lower-case RFC 1123 label such as 'trio')"));
        } else if (name.length() > SpecValidator.MAX_NAME || !SpecPatterns.NAME.matcher(name).matches()) {
            out.add(new Violation("name", "'" + SpecValidator.printable(name) + "' is not a valid name (lower-case letters, digits and inner '-', at most "
                    + SpecValidator.MAX_NAME + " characters)"));
        }
        String bridge = lab.bridge();
        if (bridge == null || bridge.isEmpty()) {
            out.add(new Violation("network.bridge", "is required: the name of the Linux bridge the lab creates, like 'labbr0'"));
        } else if (!SpecPatterns.INTERFACE.matcher(bridge).matches() || bridge.length() > NetworkSpec.MAX_INTERFACE_NAME) {
            out.add(new Violation("network.bridge", "'" + SpecValidator.printable(bridge) + "' is not a usable interface name (letters, digits, '_', '.', '-', at most "
                    + NetworkSpec.MAX_INTERFACE_NAME + " characters)"));
        }
        if (lab.address() == null || lab.address().isEmpty()) {
            out.add(new Violation("network.address", "is required: the bridge's address/prefix, like 10.0.10.1/24 (the members' gateway)"));
        } else {
            try {
                Ipv4Cidr address = Ipv4Cidr.parse(lab.address());
                if (address.isNetworkAddress() || address.isBroadcastAddress()) {
                    out.add(new Violation("network.address", address + " is the network or broadcast address of its subnet (use a host address)"));
                }
            } catch (IllegalArgumentException e) {
                out.add(new Violation("network.address", "not an IPv4 address/prefix like 10.0.10.1/24: " + SpecValidator.printable(e.getMessage())));
            }
        }
        int count = lab.containers().size();
        if (count < LabSpec.MIN_CONTAINERS) {
            out.add(new Violation("containers", "has " + count + " container(s); a lab needs at least " + LabSpec.MIN_CONTAINERS
                    + " (for one container, write a kind: Container spec)"));
        } else if (count > LabSpec.MAX_CONTAINERS) {
            out.add(new Violation("containers", "has " + count + " containers; at most " + LabSpec.MAX_CONTAINERS
                    + " (verify checks every pair; split it into several labs)"));
        }
        for (int i = 0; i < count; i++) {
            if (name != null && name.equals(lab.containers().get(i).name())) {
                // printable: this is reported whether or not the name is valid (that is a separate error).
                out.add(new Violation("containers[" + i + "].name", "'" + SpecValidator.printable(name) + "' is the lab's own name"
                        + " (destroy/verify NAME must name one thing): give the member another name"));
            }
        }
    }

    private static void checkMember(LabSpec lab, int i, Ipv4Cidr bridgeAddress, List<Violation> out) {
        ContainerSpec member = lab.containers().get(i);
        NetworkSpec network = member.network().orElse(null);
        if (network == null) {
            return;
        }
        String at = "containers[" + i + "].network.";
        if (lab.bridge() != null && (lab.bridge().equals(network.hostVeth()) || lab.bridge().equals(network.containerVeth()))) {
            // printable: netns and bridge are quoted whether or not they are valid names (those are separate errors).
            out.add(new Violation(at + "netns", "the veth ends " + SpecValidator.printable(network.hostVeth()) + "/"
                    + SpecValidator.printable(network.containerVeth()) + " would have the name of the lab's bridge "
                    + SpecValidator.printable(lab.bridge()) + " (choose another netns or bridge name)"));
        }
        Ipv4Cidr address = parseOrNull(network.containerAddress());
        if (bridgeAddress == null) {
            return;
        }
        if (address == null) {
            if (network.containerAddress() == null || network.containerAddress().isEmpty()) {
                out.add(new Violation(at + "containerAddress", "is required: an address in the lab's subnet " + bridgeAddress));
            }
        } else if (!address.sameSubnet(bridgeAddress)) {
            out.add(new Violation(at + "containerAddress", address + " is not in the lab's subnet (the bridge's address "
                    + bridgeAddress + ": same prefix and network)"));
        } else if (address.address() == bridgeAddress.address()) {
            out.add(new Violation(at + "containerAddress", "is the bridge's own address (" + bridgeAddress.addressText() + "): use another one"));
        }
    }

    /**
     * A member inside another: its outer is an earlier member that is not itself inside one, has
     * the busybox layer the inner's is copied from, and the user and pid namespaces the inner's
     * are children of; the inner has what busybox can make inside a container and nothing else.
     */
    private static void checkInner(LabSpec lab, int i, List<Violation> out) {
        ContainerSpec inner = lab.containers().get(i);
        String at = "containers[" + i + "].";
        String outerName = lab.outerOf(inner.name()).orElse("");
        List<String> names = lab.containers().stream().map(ContainerSpec::name).toList();
        int outerIndex = names.indexOf(outerName);
        if (outerName.isEmpty()) {
            out.add(new Violation(at + "inside", "is empty: name the member this one runs inside"));
        } else if (outerName.equals(inner.name())) {
            out.add(new Violation(at + "inside", "names this member itself: a container cannot be inside itself"));
        } else if (outerIndex < 0) {
            out.add(new Violation(at + "inside", "'" + SpecValidator.printable(outerName) + "' is not a member of this lab (members: "
                    + String.join(", ", names.stream().map(SpecValidator::printable).toList()) + ")"));
        } else if (outerIndex > i) {
            out.add(new Violation(at + "inside", "'" + outerName + "' comes after this member: apply makes the members in their order,"
                    + " the outer one first; move this member below it"));
        } else if (lab.isInner(outerName)) {
            out.add(new Violation(at + "inside", "'" + outerName + "' runs inside '" + lab.outerOf(outerName).orElse("")
                    + "' itself: one level of nesting only"));
        } else {
            ContainerSpec outer = lab.containers().get(outerIndex);
            if (outer.rootfs().layers().stream().noneMatch(l -> l instanceof Layer.Busybox)) {
                out.add(new Violation(at + "inside", "'" + outerName + "' has no busybox layer: the inner container's busybox is"
                        + " copied from the outer's /bin/busybox"));
            }
            if (!outer.has(Namespace.USER) || !outer.has(Namespace.PID)) {
                out.add(new Violation(at + "inside", "'" + outerName + "' needs the user and pid namespaces: the inner container's"
                        + " are made as their children"));
            }
        }
        if (inner.cgroup().isPresent()) {
            out.add(new Violation(at + "cgroup", "an inner container has no cgroup of its own: it runs in its outer container's"
                    + " (remove 'cgroup'; limits on '" + SpecValidator.printable(outerName) + "' cover it)"));
        }
        if (inner.has(Namespace.CGROUP)) {
            out.add(new Violation(at + "namespaces", "an inner container cannot have a cgroup namespace: busybox's unshare, which"
                    + " makes its namespaces inside the outer container, has no --cgroup (remove 'cgroup')"));
        }
        if (!inner.has(Namespace.USER) || !inner.has(Namespace.PID)) {
            out.add(new Violation(at + "namespaces", "an inner container needs the user and pid namespaces (children of its outer"
                    + " container's)"));
        }
        if (inner.rootfs().layers().size() != 1 || !(inner.rootfs().layers().get(0) instanceof Layer.Busybox)) {
            out.add(new Violation(at + "rootfs.layers", "an inner container has one layer, busybox, copied from its outer"
                    + " container's /bin/busybox (no directory or image layers)"));
        } else if (!inner.rootfs().layers().get(0).dir().equals(Layer.Busybox.DEFAULT_DIR)) {
            out.add(new Violation(at + "rootfs.layers[0].busybox.dir", "an inner container's layer is 'lower' in its work directory"
                    + " inside the outer container: remove 'dir'"));
        }
        if (!dev.jconshgen.model.RootFs.DEFAULT_OVERLAY.equals(inner.rootfs().overlay())) {
            out.add(new Violation(at + "rootfs.overlay", "an inner container's overlay directory is 'ovly' in its work directory inside"
                    + " the outer container: remove 'overlay'"));
        }
        // mapRootUser and tcp/http probes without a network: SpecValidator says so already
    }

    /** Every value that two members share is an error at each later member, naming the first. */
    private static void unique(List<ContainerSpec> members, String field, Function<ContainerSpec, String> key, String what,
                               List<Violation> out) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            String value = key.apply(members.get(i));
            if (value == null || value.isEmpty()) {
                continue;
            }
            Integer earlier = first.putIfAbsent(value, i);
            if (earlier != null) {
                out.add(new Violation("containers[" + i + "]." + field, what + " '" + SpecValidator.printable(value)
                        + "' is also containers[" + earlier + "]'s (each member needs its own)"));
            }
        }
    }

    private static String cgroupKey(CgroupSpec cgroup) {
        return cgroup.name() == null ? null : Objects.toString(cgroup.parent(), "") + "/" + cgroup.name();
    }

    private static String normalized(String relative) {
        if (relative == null) {
            return null;
        }
        try {
            return Path.of(relative).normalize().toString();
        } catch (RuntimeException e) {
            return relative;
        }
    }

    private static String addressOnly(String cidr) {
        Ipv4Cidr parsed = parseOrNull(cidr);
        return parsed == null ? null : parsed.addressText();
    }

    private static Ipv4Cidr parseOrNull(String cidr) {
        try {
            return cidr == null ? null : Ipv4Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
