package dev.jconshgen.apply.preflight;

import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.DelegatedParent;
import dev.jconshgen.model.CgroupSpec;

import java.util.List;
import java.util.Optional;

/**
 * Rootless mode: a user's container cgroup (parent 'auto') goes into the subtree delegated to it.
 * Without one there is nowhere it may create a cgroup. With one, on a host whose membership
 * hierarchy is cgroup2 (pure v2 and hybrid), the kernel moves a process only when the writer may
 * write cgroup.procs of the common ancestor of both cgroups (cgroup-v2.rst, "Delegation
 * Containment"): setup can join its cgroup only if it already runs inside the delegated subtree,
 * where systemd puts a user's processes and where 'jconshgen delegate --join' puts a shell.
 * A spec with another parent is the user's own choice; CgroupCheck judges whether it is writable.
 */
public final class DelegatedCgroupCheck implements PreflightCheck {
    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        long uid = host.effectiveUid();
        Optional<CgroupSpec> cgroup = subject.resources().spec().cgroup();
        Optional<CgroupLayout> layout = CgroupLayout.detect(host.mounts());
        if (uid == 0 || cgroup.isEmpty() || !CgroupSpec.AUTO_PARENT.equals(cgroup.get().parent()) || layout.isEmpty()) {
            return List.of();
        }
        String root = layout.get().membershipRoot();
        Optional<String> delegated = DelegatedParent.find(root, uid, host::ownerUid);
        if (delegated.isEmpty()) {
            return List.of(new Blocker("no cgroup is delegated to uid " + uid + " (neither " + root + DelegatedParent.systemdService(uid)
                    + " nor " + root + DelegatedParent.prepared(uid) + " exists and is yours): a user may create cgroups only in a"
                    + " subtree delegated to it",
                    "as root: jconshgen delegate --user " + uid + " --join PID (PID: the shell you run apply from, 'echo $$'),"
                            + " or run apply as root (or remove 'cgroup:' from the spec)"));
        }
        if (layout.get() == CgroupLayout.V1) {
            return List.of();
        }
        String own = host.ownCgroup2Path().orElse("?");
        if (!DelegatedParent.contains(delegated.get(), own)) {
            return List.of(new Blocker("jconshgen runs in the cgroup " + own + ", outside the cgroup delegated to uid " + uid + " ("
                    + delegated.get() + "): the kernel lets a user move a process only between cgroups below one it owns, so setup"
                    + " could not join the container's cgroup",
                    "as root: jconshgen delegate --user " + uid + " --join PID (PID: the shell you run apply from, 'echo $$'),"
                            + " or on a systemd host: systemd-run --user --scope " + subject.applyCommand()));
        }
        return List.of();
    }
}
