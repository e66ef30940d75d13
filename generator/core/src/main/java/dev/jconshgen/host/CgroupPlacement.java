package dev.jconshgen.host;

import dev.jconshgen.model.CgroupSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Where the generated setup puts a container's cgroup on a host of a given layout, and where
 * its limits live. Verification and cleanup compare the kernel's view against this; it follows
 * the rule the scripts document (parent 'auto' = the caller's {@link DelegatedParent}, or the hierarchy
 * root for root and for a user without one).
 */
public record CgroupPlacement(CgroupLayout layout, String relativePath) {

    public static CgroupPlacement of(CgroupLayout layout, CgroupSpec cgroup, long uid) {
        return of(layout, cgroup, uid, DelegatedParent::liveOwner);
    }

    /** @param ownerOf owner UID of a directory (empty: no directory), for {@link DelegatedParent} */
    public static CgroupPlacement of(CgroupLayout layout, CgroupSpec cgroup, long uid, Function<Path, OptionalLong> ownerOf) {
        String parent;
        if (!CgroupSpec.AUTO_PARENT.equals(cgroup.parent())) {
            parent = "/" + cgroup.parent();
        } else {
            parent = DelegatedParent.find(layout.membershipRoot(), uid, ownerOf).orElse("");
        }
        return new CgroupPlacement(layout, parent + "/" + cgroup.name());
    }

    /** The cgroup directory in the membership hierarchy. */
    public Path membershipDir() {
        return Path.of(layout.membershipRoot() + relativePath);
    }

    /**
     * The directory holding a limit file ({@code pids}, {@code memory} or {@code cpu} controller).
     * On v1 hosts /sys/fs/cgroup/cpu is the cpu hierarchy itself or a symlink to a joint
     * cpu,cpuacct one; either way the path reaches it.
     */
    public Path limitDir(String controller) {
        return layout == CgroupLayout.V2 ? membershipDir() : Path.of(CgroupLayout.CGROUP_MOUNT + "/" + controller + relativePath);
    }

    public String pidsLimitFile() {
        return "pids.max";
    }

    public String memoryLimitFile() {
        return layout == CgroupLayout.V2 ? "memory.max" : "memory.limit_in_bytes";
    }

    /** v2 keeps quota and period in one file, "QUOTA PERIOD". */
    public String cpuLimitFile() {
        return layout == CgroupLayout.V2 ? "cpu.max" : "cpu.cfs_quota_us";
    }

    /** Only v1 has a separate period file; v2's is the second field of cpu.max. */
    public String cpuPeriodFile() {
        return "cpu.cfs_period_us";
    }

    /** Every directory setup may create for this cgroup, membership first. */
    public List<Path> allDirs(CgroupSpec cgroup) {
        List<Path> dirs = new ArrayList<>(List.of(membershipDir()));
        if (layout != CgroupLayout.V2) {
            for (String controller : List.of("pids", "memory", "cpu")) {
                Path dir = limitDir(controller);
                boolean used = switch (controller) {
                    case "pids" -> cgroup.pidsMax() != null || layout == CgroupLayout.V1;
                    case "memory" -> cgroup.memoryMax() != null;
                    default -> cgroup.cpu() != null;
                };
                if (!dirs.contains(dir) && used) {
                    dirs.add(dir);
                }
            }
        }
        return dirs;
    }
}
