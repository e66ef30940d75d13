package dev.jconshgen.rootless;

import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.CgroupPlacement;
import dev.jconshgen.host.DelegatedParent;
import dev.jconshgen.host.ProcFs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Root's 'apply --user U': the handout's split, where the setup runs as an ordinary user and
 * only the network step needs root. Root prepares what U's setup writes (hands the overlay
 * directory and the pid and log files to U), starts the setup process in U's delegated cgroup
 * subtree (on cgroup2 a user may move a process only inside a subtree it owns, and that is where
 * systemd would have started U's session), drops to U with setpriv and a clean environment,
 * and afterwards trusts only a container PID that belongs to U.
 */
public final class RunAsUser {
    /** The leaf of U's subtree where its processes start (the one 'jconshgen delegate --join' uses). */
    public static final String LEAF = Delegation.SHELL_LEAF;

    private final UserIds user;

    public RunAsUser(UserIds user) {
        this.user = user;
    }

    public long uid() {
        return user.uid();
    }

    /** Hands a directory or file root made for U's setup to U (never through a symbolic link). */
    public void handOver(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) user.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    /** Owner, mode bits of a directory entry, not following a symbolic link. */
    public record Entry(long owner, int mode) {
        static final int STICKY = 01000;
        static final int GROUP_OR_OTHER_WRITE = 0022;
    }

    /**
     * Why root must not hand {@code target} to U, if so: a directory above it that U owns or may
     * write (without the sticky bit) lets U swap a path component for a symbolic link between
     * root's mkdir and chown, and have root give it any file (overlay 'shadow' below a link to
     * /etc). The overlay directory of 'apply --user' must be on a path only root controls.
     *
     * @param lstat owner and mode of an existing path; empty when it does not exist
     */
    public Optional<String> unsafeToHandOver(Path target, Function<Path, Optional<Entry>> lstat) {
        Path absolute = target.toAbsolutePath().normalize();
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
            Optional<Entry> entry = lstat.apply(dir);
            if (entry.isEmpty()) {
                continue;
            }
            boolean owned = entry.get().owner() == user.uid();
            boolean openToOthers = (entry.get().mode() & Entry.GROUP_OR_OTHER_WRITE) != 0 && (entry.get().mode() & Entry.STICKY) == 0;
            if (owned || openToOthers) {
                return Optional.of(dir + (owned ? " belongs to uid " + user.uid() : " is writable by group or others")
                        + ", so uid " + user.uid() + " could replace the path to " + absolute + " while root hands it over");
            }
        }
        return Optional.empty();
    }

    /** {@link Entry} of a path on this host. */
    public static Optional<Entry> liveLstat(Path path) {
        try {
            java.util.Map<String, Object> a = Files.readAttributes(path, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Entry(((Number) a.get("uid")).longValue(), ((Number) a.get("mode")).intValue() & 07777));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Creates an empty file for U's setup to write (consh_setup.sh -P and -L) in root's state directory. */
    public void fileFor(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        handOver(file);
    }

    /**
     * The cgroup.procs file the setup process is put in before it drops to U: the leaf of U's
     * delegated subtree in the cgroup2 hierarchy. Empty without a cgroup, on a v1 host (where a
     * user may move its own processes into cgroups it may write), or without a delegation (which
     * preflight reports).
     */
    public Optional<Path> startCgroup(Optional<CgroupPlacement> placement) throws IOException {
        if (placement.isEmpty() || placement.get().layout() == CgroupLayout.V1) {
            return Optional.empty();
        }
        String root = placement.get().layout().membershipRoot();
        Optional<String> delegated = DelegatedParent.find(root, user.uid(), DelegatedParent::liveOwner);
        if (delegated.isEmpty()) {
            return Optional.empty();
        }
        Path leaf = Path.of(root + delegated.get()).resolve(LEAF);
        if (!Files.isDirectory(leaf)) {
            Files.createDirectory(leaf);
        }
        return Optional.of(leaf.resolve("cgroup.procs"));
    }

    /**
     * The command line of a step that runs as U: a root sh that joins the start cgroup, then
     * setpriv to U (no supplementary groups) and env -i with only PATH, so nothing of root's
     * environment reaches U's scripts.
     */
    public List<String> wrap(List<String> argv, Optional<Path> startCgroup, String path) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                "if [ -n \"$1\" ]; then echo $$ >\"$1\" || exit 125; fi; shift; exec \"$@\"", "jconshgen-as-user",
                startCgroup.map(Path::toString).orElse(""),
                "setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(), "--clear-groups", "--",
                "env", "-i", "PATH=" + path, "HOME=/"));
        wrapped.addAll(argv);
        return wrapped;
    }

    /** The container's PID as U's setup wrote it: only a process of U is trusted (U could name any PID). */
    public Optional<String> refusal(ProcFs proc, long pid) {
        OptionalLong owner = proc.realUid(pid);
        if (owner.isPresent() && owner.getAsLong() == user.uid()) {
            return Optional.empty();
        }
        return Optional.of("the PID file names process " + pid + (owner.isPresent() ? " of uid " + owner.getAsLong() : " (gone)")
                + ", not a process of uid " + user.uid() + ": not trusting it");
    }
}
