package dev.jconshgen.rootless;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * 'jconshgen delegate': root prepares the cgroup subtree of a user that has no systemd
 * user@UID.service, as rootless runtimes ask root to do, and removes it again. Plain file
 * operations on the cgroup file systems (mkdir, chown, writing cgroup.procs): no external command.
 */
public final class Delegation {
    /** The leaf cgroup of the user's shell: in cgroup2 a cgroup with processes may not delegate controllers to children. */
    public static final String SHELL_LEAF = "shell";
    private static final List<String> V2_CONTROLLERS = List.of("pids", "memory", "cpu");

    private final ProcFs proc;

    public Delegation(ProcFs proc) {
        this.proc = proc;
    }

    private DelegationPlan plan(long uid) {
        if (proc.selfUid() != 0) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "delegate must run as root: it makes cgroups and gives them to a user"
                    + " (sudo jconshgen delegate ...)");
        }
        return DelegationPlan.of(MountInfo.parse(proc.readSelf("mountinfo").orElse("")), uid)
                .orElseThrow(() -> new JconshgenException(ExitCode.FAILURE, "no cgroup file system is mounted at /sys/fs/cgroup"));
    }

    /** Makes the user's directory in every hierarchy, and optionally moves a process of the user into its shell leaf. */
    public List<String> delegate(UserIds user, OptionalLong joinPid) {
        DelegationPlan plan = plan(user.uid());
        if (joinPid.isPresent()) {
            long owner = proc.realUid(joinPid.getAsLong()).orElseThrow(() -> new JconshgenException(ExitCode.INVALID_INPUT,
                    "--join: no process " + joinPid.getAsLong()));
            if (owner != user.uid()) {
                // In the subtree the user could move it anywhere below, and limit it: only its own processes.
                throw new JconshgenException(ExitCode.INVALID_INPUT, "--join: process " + joinPid.getAsLong() + " belongs to uid " + owner
                        + ", not to uid " + user.uid() + ": only the user's own processes go into its cgroup");
            }
        }
        List<String> done = new ArrayList<>();
        try {
            for (DelegationPlan.Hierarchy h : plan.hierarchies()) {
                if (h.cgroup2()) {
                    enableControllers(h.root());
                }
                mkdir(h.usersDir());
                if (h.cgroup2()) {
                    enableControllers(h.usersDir());
                }
                mkdir(h.userDir());
                chown(h.userDir(), user);
                for (String file : h.delegatedFiles()) {
                    if (Files.exists(h.userDir().resolve(file))) {
                        chown(h.userDir().resolve(file), user);
                    }
                }
                done.add("delegated " + h.userDir() + " to uid " + user.uid() + " (gid " + user.gid() + ")");
            }
            if (joinPid.isPresent()) {
                DelegationPlan.Hierarchy h = plan.cgroup2().orElse(null);
                if (h == null) {
                    done.add("--join: nothing to do on a cgroup v1 host (a user may move its own processes into its v1 cgroups)");
                } else {
                    Path leaf = h.userDir().resolve(SHELL_LEAF);
                    mkdir(leaf);
                    Files.writeString(leaf.resolve("cgroup.procs"), joinPid.getAsLong() + "\n");
                    done.add("moved process " + joinPid.getAsLong() + " into " + leaf);
                }
            }
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "delegate failed: " + e + (done.isEmpty() ? "" : " (done: " + done + ")"), e);
        }
        return done;
    }

    /** Removes the user's directories; refuses while processes other than its shell run in them. */
    public List<String> undo(UserIds user) {
        DelegationPlan plan = plan(user.uid());
        List<String> busy = new ArrayList<>();
        for (DelegationPlan.Hierarchy h : plan.hierarchies()) {
            for (Path dir : tree(h.userDir())) {
                if (!dir.getFileName().toString().equals(SHELL_LEAF) || !dir.getParent().equals(h.userDir())) {
                    String procs = read(dir.resolve("cgroup.procs")).strip();
                    if (!procs.isEmpty()) {
                        busy.add(dir + " (" + procs.replace('\n', ' ') + ")");
                    }
                }
            }
        }
        if (!busy.isEmpty()) {
            throw new JconshgenException(ExitCode.FAILURE, "uid " + user.uid() + " still has processes in its cgroups: " + String.join(", ", busy)
                    + "; destroy its containers first (jconshgen destroy NAME, as that user)");
        }
        List<String> done = new ArrayList<>();
        try {
            for (DelegationPlan.Hierarchy h : plan.hierarchies()) {
                if (!Files.isDirectory(h.userDir())) {
                    continue;
                }
                Path leaf = h.userDir().resolve(SHELL_LEAF);
                if (Files.isDirectory(leaf)) {
                    // The shell goes back to the root, where it was before --join.
                    for (String pid : read(leaf.resolve("cgroup.procs")).split("\n")) {
                        if (!pid.isBlank()) {
                            moveOut(h.root(), pid.strip());
                        }
                    }
                }
                for (Path dir : tree(h.userDir())) {
                    Files.delete(dir);
                }
                done.add("removed " + h.userDir());
                // Other users' delegations stay, and with them the directory (rmdir of a cgroup
                // with children fails with EBUSY, not ENOTEMPTY: ask first).
                if (tree(h.usersDir()).size() == 1) {
                    Files.deleteIfExists(h.usersDir());
                }
            }
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "undo failed: " + e + (done.isEmpty() ? "" : " (done: " + done + ")"), e);
        }
        return done;
    }

    private static void moveOut(Path root, String pid) {
        try {
            Files.writeString(root.resolve("cgroup.procs"), pid + "\n");
        } catch (IOException e) {
            // it ended meanwhile
        }
    }

    /** The cgroup directories of a subtree, deepest first; empty when it does not exist. */
    private static List<Path> tree(Path top) {
        if (!Files.isDirectory(top)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(top)) {
            return walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot list " + top + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void mkdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir);
        }
    }

    private static void chown(Path path, UserIds user) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) user.uid());
        Files.setAttribute(path, "unix:gid", (int) user.gid());
    }

    /** cgroup2: the controllers a container's limits need, where the parent offers them, for the children of {@code dir}. */
    private static void enableControllers(Path dir) throws IOException {
        List<String> available = List.of(read(dir.resolve("cgroup.controllers")).strip().split(" "));
        List<String> enabled = List.of(read(dir.resolve("cgroup.subtree_control")).strip().split(" "));
        for (String controller : V2_CONTROLLERS) {
            if (available.contains(controller) && !enabled.contains(controller)) {
                Files.writeString(dir.resolve("cgroup.subtree_control"), "+" + controller + "\n");
            }
        }
    }
}
