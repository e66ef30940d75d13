package dev.jconshgen.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several containers on one Linux bridge of the host (a "lab"). Each member is a complete
 * container spec whose network already carries the lab's bridge, bridge address (as its
 * hostAddress) and defaultRoute, so everything that handles one container handles a member.
 *
 * @param name         the lab's name: its state, and the argument of destroy/verify/status
 * @param bridge       the Linux bridge the lab makes on the host
 * @param address      address/prefix of the bridge: the host's address on the lab's network and
 *                     the members' gateway
 * @param defaultRoute every member gets a default route via the bridge address
 * @param containers   the members, in the order they are applied
 * @param inside       for each member that runs inside another ("inner"), the name of that
 *                     member ("outer"), in the members' order; an inner member has no network
 *                     of its own and is made from within the outer's namespaces
 */
public record LabSpec(String name, String bridge, String address, boolean defaultRoute, List<ContainerSpec> containers,
                      Map<String, String> inside) {
    /** Fewer makes no network: one container on a bridge is a plain container spec. */
    public static final int MIN_CONTAINERS = 2;
    /** verify checks every pair (ping and TCP each way): n members cost n*(n-1) round trips. */
    public static final int MAX_CONTAINERS = 16;

    /** A lab without nesting. */
    public LabSpec(String name, String bridge, String address, boolean defaultRoute, List<ContainerSpec> containers) {
        this(name, bridge, address, defaultRoute, containers, Map.of());
    }

    public LabSpec {
        containers = List.copyOf(containers);
        inside = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inside));
    }

    /** The member MEMBERNAME runs inside, when it is an inner member. */
    public Optional<String> outerOf(String memberName) {
        return Optional.ofNullable(inside.get(memberName));
    }

    /** Whether MEMBERNAME runs inside another member. */
    public boolean isInner(String memberName) {
        return inside.containsKey(memberName);
    }

    /** The members that have a network of their own (every member but the inner ones), in order. */
    public List<ContainerSpec> networked() {
        return containers.stream().filter(c -> !isInner(c.name())).toList();
    }

    public Optional<ContainerSpec> member(String memberName) {
        return containers.stream().filter(c -> memberName.equals(c.name())).findFirst();
    }
}
