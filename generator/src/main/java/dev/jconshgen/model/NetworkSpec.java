package dev.jconshgen.model;

/**
 * The container's network: a named network namespace and a veth pair between host and container.
 *
 * @param netns            name of the bind mount under /var/run/netns, so that ip-netns(8) finds it
 * @param hostAddress      address/prefix of the host end, e.g. {@code 10.0.0.1/24}
 * @param containerAddress address/prefix of the container end, e.g. {@code 10.0.0.2/24}
 */
public record NetworkSpec(String netns, String hostAddress, String containerAddress) {
    /** Linux interface names hold at most 15 characters (IFNAMSIZ - 1). */
    public static final int MAX_INTERFACE_NAME = 15;

    /** Name of the veth end that stays on the host. */
    public String hostVeth() {
        return netns + "-0";
    }

    /** Name of the veth end moved into the container's network namespace. */
    public String containerVeth() {
        return netns + "-1";
    }
}
