package dev.jconshgen.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The cgroup subtree delegated to a non-root user, where its containers' cgroups go when the
 * spec's parent is 'auto'. The kernel lets a user create cgroups only where it owns the
 * directory, so a subtree must be delegated: systemd's {@code user@UID.service} where systemd
 * runs, else {@code jconshgen.users/UID}, which root prepares with 'jconshgen delegate' (as
 * rootless runtimes ask root to do). Only a directory owned by the user counts: one owned by
 * somebody else is no delegation. Root never uses one (it may write anywhere). The generated
 * scripts (cgroup_parent_dir in templates/lib/common.ftl) follow the same rule.
 */
public final class DelegatedParent {
    /** The directory below each hierarchy root that 'jconshgen delegate' makes. */
    public static final String USERS_DIR = "jconshgen.users";

    private DelegatedParent() {
    }

    public static String systemdService(long uid) {
        return "/user.slice/user-" + uid + ".slice/user@" + uid + ".service";
    }

    public static String prepared(long uid) {
        return "/" + USERS_DIR + "/" + uid;
    }

    /** Both candidates, systemd's first (it is what a systemd host delegates by itself). */
    public static List<String> candidates(long uid) {
        return List.of(systemdService(uid), prepared(uid));
    }

    /**
     * The delegated parent of {@code uid} relative to {@code membershipRoot}, if there is one.
     *
     * @param ownerOf the owner UID of a path, empty when it is no directory
     */
    public static Optional<String> find(String membershipRoot, long uid, Function<Path, OptionalLong> ownerOf) {
        if (uid == 0) {
            return Optional.empty();
        }
        for (String candidate : candidates(uid)) {
            OptionalLong owner = ownerOf.apply(Path.of(membershipRoot + candidate));
            if (owner.isPresent() && owner.getAsLong() == uid) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The owner of a directory on this host; empty when it is none. */
    public static OptionalLong liveOwner(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(((Number) Files.getAttribute(dir, "unix:uid")).longValue());
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether a cgroup2 path ("/a/b" from /proc/PID/cgroup) lies in the subtree {@code parent}. */
    public static boolean contains(String parent, String cgroupPath) {
        return cgroupPath.equals(parent) || cgroupPath.startsWith(parent + "/");
    }
}
