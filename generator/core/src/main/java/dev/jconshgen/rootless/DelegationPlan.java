package dev.jconshgen.rootless;

import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.DelegatedParent;
import dev.jconshgen.host.MountInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which directories 'jconshgen delegate' makes for a user, decided from the mount table alone (so
 * that every layout is unit-tested): {@code jconshgen.users/UID} in the membership hierarchy and,
 * on hybrid and v1 hosts, in each v1 hierarchy that carries a limit (pids, memory, cpu), because
 * setup joins the same relative path in each of them.
 */
public record DelegationPlan(CgroupLayout layout, List<Hierarchy> hierarchies) {

    /** One hierarchy: its root, whether it is cgroup2, and the user's directory in it. */
    public record Hierarchy(Path root, boolean cgroup2, Path usersDir, Path userDir) {
        /** The files a user must be able to write to use the directory as its own (cgroup-v2.rst, "Delegation"). */
        public List<String> delegatedFiles() {
            return cgroup2 ? List.of("cgroup.procs", "cgroup.subtree_control", "cgroup.threads") : List.of("cgroup.procs", "tasks");
        }
    }

    /** The v1 hierarchies whose limits setup writes. */
    static final List<String> V1_CONTROLLERS = List.of("pids", "memory", "cpu");

    public static Optional<DelegationPlan> of(MountInfo table, long uid) {
        Optional<CgroupLayout> layout = CgroupLayout.detect(table);
        if (layout.isEmpty()) {
            return Optional.empty();
        }
        MountInfo visible = new MountInfo(table.visible());
        List<Hierarchy> hierarchies = new ArrayList<>();
        if (layout.get() != CgroupLayout.V1) {
            hierarchies.add(hierarchy(Path.of(layout.get().membershipRoot()), true, uid));
        }
        if (layout.get() != CgroupLayout.V2) {
            for (String controller : V1_CONTROLLERS) {
                String mountPoint = CgroupLayout.CGROUP_MOUNT + "/" + controller;
                boolean mounted = visible.at(mountPoint).map(m -> m.fsType().equals("cgroup")).orElse(false)
                        // Debian mounts cpu as a joint cpu,cpuacct hierarchy, reached through a symlink
                        || visible.mounts().stream().anyMatch(m -> m.fsType().equals("cgroup")
                                && m.mountPoint().startsWith(CgroupLayout.CGROUP_MOUNT + "/")
                                && List.of(m.mountPoint().substring(CgroupLayout.CGROUP_MOUNT.length() + 1).split(",")).contains(controller));
                if (mounted) {
                    hierarchies.add(hierarchy(Path.of(mountPoint), false, uid));
                }
            }
        }
        return Optional.of(new DelegationPlan(layout.get(), List.copyOf(hierarchies)));
    }

    private static Hierarchy hierarchy(Path root, boolean cgroup2, long uid) {
        Path users = root.resolve(DelegatedParent.USERS_DIR);
        return new Hierarchy(root, cgroup2, users, users.resolve(Long.toString(uid)));
    }

    /** The cgroup2 hierarchy, where a user's shell must sit inside its subtree; empty on v1 hosts. */
    public Optional<Hierarchy> cgroup2() {
        return hierarchies.stream().filter(Hierarchy::cgroup2).findFirst();
    }
}
