package dev.jconshgen.apply.preflight;

import dev.jconshgen.model.Namespace;

import java.util.List;
import java.util.Optional;

/**
 * consh_post_setup.sh mounts the OverlayFS root inside the container, i.e. inside its user
 * namespace when the spec has one; the kernel allows that only from Linux 5.11 on. Without a
 * user namespace root mounts it, which every kernel allows.
 */
public final class KernelOverlayCheck implements PreflightCheck {
    static final KernelRelease MINIMUM = new KernelRelease(5, 11);

    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        if (!subject.has(Namespace.USER)) {
            return List.of();
        }
        Optional<String> release = host.sysctl("kernel.osrelease");
        // A release that cannot be read or parsed is not judged: the mount itself will tell.
        Optional<KernelRelease> version = release.flatMap(KernelRelease::parse);
        if (version.isEmpty() || version.get().compareTo(MINIMUM) >= 0) {
            return List.of();
        }
        return List.of(new Blocker(
                "Linux " + release.get() + " cannot mount OverlayFS inside a user namespace (that needs " + MINIMUM
                        + " or later), and consh_post_setup.sh mounts the container's root there",
                "upgrade the kernel to " + MINIMUM + "+ (Debian 12: sudo apt-get install linux-image-amd64, then reboot),"
                        + " or remove 'user' from namespaces so that root mounts the overlay"));
    }
}
