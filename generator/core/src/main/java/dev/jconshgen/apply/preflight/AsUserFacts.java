package dev.jconshgen.apply.preflight;

import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.DelegatedParent;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.rootless.RunAsUser;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The host as 'apply --user U' (run by root) sees it for U's steps: U creates the user namespace
 * and the cgroup, without CAP_SYS_ADMIN, and its setup process starts where root puts it, in the
 * leaf {@link RunAsUser#LEAF} of U's delegated subtree. Everything else is the host itself; the
 * directories U writes are made and handed over by root, so they need no check as U.
 */
final class AsUserFacts implements HostFacts {
    private final HostFacts host;
    private final long uid;

    AsUserFacts(HostFacts host, long uid) {
        this.host = host;
        this.uid = uid;
    }

    @Override
    public long effectiveUid() {
        return uid;
    }

    @Override
    public boolean hasCapSysAdmin() {
        return false;
    }

    @Override
    public Optional<String> ownCgroup2Path() {
        Optional<CgroupLayout> layout = CgroupLayout.detect(host.mounts());
        if (layout.isEmpty()) {
            return host.ownCgroup2Path();
        }
        return DelegatedParent.find(layout.get().membershipRoot(), uid, host::ownerUid).map(parent -> parent + "/" + RunAsUser.LEAF)
                .or(host::ownCgroup2Path);
    }

    @Override
    public Optional<String> sysctl(String name) {
        return host.sysctl(name);
    }

    @Override
    public MountInfo mounts() {
        return host.mounts();
    }

    @Override
    public Optional<String> env(String name) {
        return host.env(name);
    }

    @Override
    public Optional<Path> onPath(String command) {
        return host.onPath(command);
    }

    @Override
    public Elf.Linking linking(Path binary) {
        return host.linking(binary);
    }

    @Override
    public Path nearestExisting(Path path) {
        return host.nearestExisting(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return host.isDirectory(path);
    }

    @Override
    public boolean isWritable(Path directory) {
        return host.isWritable(directory);
    }

    @Override
    public boolean isOnReadOnlyMount(Path path) {
        return host.isOnReadOnlyMount(path);
    }

    @Override
    public OptionalLong ownerUid(Path directory) {
        return host.ownerUid(directory);
    }
}
