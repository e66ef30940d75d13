package dev.jconshgen.dsl;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Ipv4Cidr;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.LabValidator;
import dev.jconshgen.spec.SpecError;
import dev.jconshgen.spec.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * The Java DSL for a lab: several containers on one bridge. The YAML loader fills the same
 * builder, so member defaults (netns = the member's name, addresses after the bridge's) are the
 * same either way:
 *
 * <pre>{@code
 * LabSpec trio = Lab.named("trio").bridge("triobr0").address("10.0.10.1/24").defaultRoute(true)
 *         .container(Container.named("alpha"))                                  // 10.0.10.2/24
 *         .container(Container.named("beta").network(n -> n.containerAddress("10.0.10.20/24")))
 *         .build();
 * }</pre>
 * A member's network takes only {@code netns} and {@code containerAddress}; the bridge, its
 * address and the default route are the lab's.
 */
public final class Lab {
    private final String name;
    private String bridge;
    private String address;
    private boolean defaultRoute;
    private final List<Container> containers = new ArrayList<>();

    private Lab(String name) {
        this.name = name;
    }

    public static Lab named(String name) {
        return new Lab(name);
    }

    public Lab bridge(String bridge) {
        this.bridge = bridge;
        return this;
    }

    /** The bridge's address/prefix: the host on the lab's network, and the members' gateway. */
    public Lab address(String cidr) {
        this.address = cidr;
        return this;
    }

    public Lab defaultRoute(boolean defaultRoute) {
        this.defaultRoute = defaultRoute;
        return this;
    }

    /** Adds a member after those added so far; its network is completed by the lab. */
    public Lab container(Container container) {
        containers.add(container);
        return this;
    }

    /**
     * The lab without validation: the YAML loader validates it itself, with file positions, and
     * reports a member's misplaced network fields at their lines.
     */
    public LabSpec buildUnvalidated() {
        return assemble(new ArrayList<>());
    }

    /** The members completed by the lab; those that set the lab's own network fields are added to {@code misplaced}. */
    private LabSpec assemble(List<Violation> misplaced) {
        List<ContainerSpec> members = new ArrayList<>();
        java.util.Map<String, String> inside = new java.util.LinkedHashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            Container member = containers.get(i);
            Container.Network own = member.networkOrNull();
            if (member.insideOrNull() != null) {
                if (own != null) {
                    misplaced.add(new Violation("containers[" + i + "].network", LabValidator.INNER_NETWORK));
                }
                if (member.workdirSet()) {
                    misplaced.add(new Violation("containers[" + i + "].workdir", LabValidator.INNER_WORKDIR));
                }
                ContainerSpec inner = member.innerMember();
                inside.put(inner.name(), member.insideOrNull());
                members.add(inner);
                continue;
            }
            if (own != null && own.bridgeOrNull() != null) {
                misplaced.add(new Violation("containers[" + i + "].network.bridge", LabValidator.MEMBER_BRIDGE));
            }
            if (own != null && own.hostAddressSet()) {
                misplaced.add(new Violation("containers[" + i + "].network.hostAddress", LabValidator.MEMBER_HOST_ADDRESS));
            }
            if (own != null && own.defaultRouteSet()) {
                misplaced.add(new Violation("containers[" + i + "].network.defaultRoute", LabValidator.MEMBER_DEFAULT_ROUTE));
            }
            String fallback = defaultContainerAddress(address, i);
            members.add(member.memberOf(bridge, address, defaultRoute, fallback));
        }
        return new LabSpec(name, bridge, address, defaultRoute, members, inside);
    }

    /** Builds and validates the lab; throws with every problem found. */
    public LabSpec build() {
        List<Violation> violations = new ArrayList<>();
        LabSpec lab = assemble(violations);
        violations.addAll(new LabValidator().validate(lab));
        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations.stream()
                    .map(v -> new SpecError(Container.SOURCE_LABEL, 0, 0, v.path(), v.message()))
                    .toList());
        }
        return lab;
    }

    /**
     * Member i's address when it names none: the (i+1)-th address after the bridge's, same
     * prefix; empty when the bridge address is unusable (that error is the lab's, reported once).
     */
    static String defaultContainerAddress(String bridgeAddress, int index) {
        try {
            Ipv4Cidr bridge = Ipv4Cidr.parse(bridgeAddress);
            return new Ipv4Cidr(bridge.address() + index + 1, bridge.prefix()).toString();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
