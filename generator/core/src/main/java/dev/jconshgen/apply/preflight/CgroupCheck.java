package dev.jconshgen.apply.preflight;

import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.CgroupPlacement;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.model.CgroupSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A spec with a cgroup needs a real cgroup hierarchy where setup will make it, and the right
 * to make it there. A tmpfs at /sys/fs/cgroup with no hierarchy under it would take the mkdir
 * and yield a plain directory: a fake cgroup that limits nothing. A cgroup directory that
 * exists already is not judged here: that is a name in use, which apply reports after it has
 * claimed the name.
 */
public final class CgroupCheck implements PreflightCheck {
    private static final String WITHOUT = "or remove 'cgroup:' from the spec";

    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        Optional<CgroupSpec> cgroup = subject.resources().spec().cgroup();
        if (cgroup.isEmpty()) {
            return List.of();
        }
        MountInfo mounts = host.mounts();
        Optional<CgroupLayout> layout = CgroupLayout.detect(mounts);
        if (layout.isEmpty()) {
            return List.of(noHierarchy(mounts));
        }
        CgroupPlacement placement = CgroupPlacement.of(layout.get(), cgroup.get(), host.effectiveUid(), host::ownerUid);
        List<Blocker> blockers = new ArrayList<>();
        for (Path dir : placement.allDirs(cgroup.get())) {
            Path existing = host.nearestExisting(dir);
            if (existing.equals(dir)) {
                continue;
            }
            MountInfo.Mount mount = mounts.containing(existing.toString()).orElse(null);
            String fsType = mount == null ? "no file system" : mount.fsType();
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) {
                blockers.add(new Blocker("the cgroup " + dir + " would be made on " + fsType + " (" + existing
                        + "), not in a cgroup hierarchy: that hierarchy is not mounted", mountRemedy(dir)));
            } else if (host.isOnReadOnlyMount(existing)) {
                blockers.add(new Blocker("the cgroup " + dir + " cannot be created: " + existing + " is on a read-only mount ("
                        + mount.mountPoint() + ")", "sudo mount -o remount,rw " + Remedy.quote(mount.mountPoint()) + " (" + WITHOUT + ")"));
            } else if (!host.isWritable(existing)) {
                blockers.add(new Blocker("the cgroup " + dir + " cannot be created: uid " + host.effectiveUid()
                        + " may not write to " + existing,
                        "run apply as root: sudo " + subject.applyCommand() + ", or set cgroup.parent to a cgroup delegated to you ("
                                + WITHOUT + ")"));
            }
        }
        return blockers;
    }

    private static Blocker noHierarchy(MountInfo mounts) {
        String top = mounts.at(CgroupLayout.CGROUP_MOUNT).map(MountInfo.Mount::fsType).orElse("");
        if (top.equals("tmpfs")) {
            return new Blocker(CgroupLayout.CGROUP_MOUNT + " is a tmpfs with no cgroup hierarchy under it (no cgroup2 at "
                    + CgroupLayout.CGROUP_MOUNT + "/unified, no v1 pids hierarchy): a cgroup made there would be a plain directory",
                    "sudo mkdir -p " + CgroupLayout.CGROUP_MOUNT + "/unified && sudo mount -t cgroup2 cgroup2 "
                            + CgroupLayout.CGROUP_MOUNT + "/unified (" + WITHOUT + ")");
        }
        return new Blocker("no cgroup file system is mounted at " + CgroupLayout.CGROUP_MOUNT
                + (top.isEmpty() ? "" : " (it is " + top + ")") + ", but the spec asks for a cgroup",
                "sudo mount -t cgroup2 cgroup2 " + CgroupLayout.CGROUP_MOUNT + " (systemd does this at boot; " + WITHOUT + ")");
    }

    /** A v1 controller's hierarchy (limits on a hybrid or v1 host), or the membership one. */
    private static String mountRemedy(Path dir) {
        String relative = dir.toString().substring(CgroupLayout.CGROUP_MOUNT.length() + 1);
        String controller = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : relative;
        if (controller.equals("pids") || controller.equals("memory")) {
            return "sudo mkdir -p " + CgroupLayout.CGROUP_MOUNT + "/" + controller + " && sudo mount -t cgroup -o " + controller
                    + " cgroup " + CgroupLayout.CGROUP_MOUNT + "/" + controller + " (or drop the " + controller
                    + " limit from the spec)";
        }
        return "sudo mount -t cgroup2 cgroup2 " + CgroupLayout.CGROUP_MOUNT + " (" + WITHOUT + ")";
    }
}
