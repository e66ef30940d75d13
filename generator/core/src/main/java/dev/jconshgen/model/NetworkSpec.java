package dev.jconshgen.model;

/**
 * The container's network: a named network namespace and a veth pair between host and container.
 *
 * @param netns            name of the bind mount under /var/run/netns, so that ip-netns(8) finds it
 * @param hostAddress      address/prefix the host has on this network, e.g. {@code 10.0.0.1/24}: on
 *                         the host end of the veth, or, with a bridge, on the bridge
 * @param containerAddress address/prefix of the container end, e.g. {@code 10.0.0.2/24}
 * @param bridge           a Linux bridge on the host that the host end joins instead of getting an
 *                         address (several containers then share one network); null for none
 * @param defaultRoute     whether the container gets a default route via the host address
 */
public record NetworkSpec(String netns, String hostAddress, String containerAddress, String bridge, boolean defaultRoute) {
    /** Linux interface names hold at most 15 characters (IFNAMSIZ - 1). */
    public static final int MAX_INTERFACE_NAME = 15;

    /** A point-to-point veth network without a bridge or default route, as in the handout. */
    public NetworkSpec(String netns, String hostAddress, String containerAddress) {
        this(netns, hostAddress, containerAddress, null, false);
    }

    public boolean hasBridge() {
        return bridge != null;
    }

    /** Name of the veth end that stays on the host. */
    public String hostVeth() {
        return netns + "-0";
    }

    /** Name of the veth end moved into the container's network namespace. */
    public String containerVeth() {
        return netns + "-1";
    }
}
