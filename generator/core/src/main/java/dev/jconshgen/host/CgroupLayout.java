package dev.jconshgen.host;

import java.util.Optional;

/**
 * How a host mounts its cgroups; the same detection the generated scripts do with stat -f,
 * here from the mount table so that it can be tested with any host's mountinfo.
 */
public enum CgroupLayout {
    /** cgroup2 at /sys/fs/cgroup. */
    V2("/sys/fs/cgroup", ""),
    /** v1 hierarchies on a tmpfs at /sys/fs/cgroup, cgroup2 at /sys/fs/cgroup/unified. */
    HYBRID("/sys/fs/cgroup/unified", ""),
    /** v1 hierarchies only; membership is read in the pids hierarchy. */
    V1("/sys/fs/cgroup/pids", "pids");

    public static final String CGROUP_MOUNT = "/sys/fs/cgroup";

    private final String membershipRoot;
    private final String membershipController;

    CgroupLayout(String membershipRoot, String membershipController) {
        this.membershipRoot = membershipRoot;
        this.membershipController = membershipController;
    }

    /** The hierarchy in which the container's cgroup is created and membership is proven. */
    public String membershipRoot() {
        return membershipRoot;
    }

    /** The controller field of that hierarchy's line in /proc/PID/cgroup ("" for cgroup2). */
    public String membershipController() {
        return membershipController;
    }

    public static Optional<CgroupLayout> detect(MountInfo table) {
        // Only what a path reaches counts, like stat -f in the scripts: a tmpfs mounted over
        // /sys/fs/cgroup hides the hierarchies below it, which the table still lists.
        MountInfo mounts = new MountInfo(table.visible());
        String top = mounts.at(CGROUP_MOUNT).map(MountInfo.Mount::fsType).orElse("");
        if (top.equals("cgroup2")) {
            return Optional.of(V2);
        }
        if (top.equals("tmpfs")) {
            if (mounts.at(CGROUP_MOUNT + "/unified").map(m -> m.fsType().equals("cgroup2")).orElse(false)) {
                return Optional.of(HYBRID);
            }
            if (mounts.at(CGROUP_MOUNT + "/pids").map(m -> m.fsType().equals("cgroup")).orElse(false)) {
                return Optional.of(V1);
            }
        }
        return Optional.empty();
    }
}
