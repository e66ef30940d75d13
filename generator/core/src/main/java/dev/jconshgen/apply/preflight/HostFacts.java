package dev.jconshgen.apply.preflight;

import dev.jconshgen.host.MountInfo;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What preflight needs to know about this host. One small interface so that every check runs
 * against a fake in unit tests; {@link LiveHostFacts} asks the real host.
 */
public interface HostFacts {
    /** The effective UID of jconshgen (and so of the scripts it runs). */
    long effectiveUid();

    /** CAP_SYS_ADMIN in jconshgen's own user namespace (what AppArmor's userns rule asks). */
    boolean hasCapSysAdmin();

    /** A sysctl value, e.g. {@code kernel.osrelease}, trimmed; empty when the kernel has none. */
    Optional<String> sysctl(String name);

    /** This process's mount table (the scripts run in the same mount namespace). */
    MountInfo mounts();

    /** An environment variable that the scripts inherit; empty when unset or empty. */
    Optional<String> env(String name);

    /** The executable a shell would run for {@code command}: the first one on $PATH. */
    Optional<Path> onPath(String command);

    /** Whether an executable needs the dynamic loader. */
    Elf.Linking linking(Path binary);

    /** The real path (symbolic links resolved) of {@code path} or its nearest existing ancestor. */
    Path nearestExisting(Path path);

    boolean isDirectory(Path path);

    /** access(2) W_OK: this process may create entries in the directory. */
    boolean isWritable(Path directory);

    /** The file system holding {@code path} is mounted read-only (statvfs ST_RDONLY). */
    boolean isOnReadOnlyMount(Path path);

    /**
     * The policy of iptables' FORWARD chain (ACCEPT, DROP), as {@code iptables -S FORWARD} shows
     * it; empty when it cannot be read (no iptables). Bridged traffic meets it only when
     * br_netfilter's {@code net.bridge.bridge-nf-call-iptables} is 1.
     */
    default Optional<String> iptablesForwardPolicy() {
        return Optional.empty();
    }

    /** The owner UID of a directory; empty when it is no directory. */
    OptionalLong ownerUid(Path directory);

    /** This process's cgroup in the cgroup2 hierarchy ("/a/b", the "0::" line of /proc/self/cgroup); empty without one. */
    Optional<String> ownCgroup2Path();
}
