package dev.jconshgen.apply;

import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.NetworkSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks on the host for a container's resources: before apply (anything in the way) and after
 * destroy (anything left behind). It asks the kernel (ip, mountinfo, cgroup files), not
 * jconshgen's own state.
 */
public final class HostInspector {
    private final ProcFs proc;

    public HostInspector(ProcFs proc) {
        this.proc = proc;
    }

    /** Network and cgroup resources of the container that exist now. */
    public List<String> kernelResources(Resources r) {
        List<String> found = new ArrayList<>();
        for (NetworkSpec network : r.network().stream().toList()) {
            // The kernel's own list, not an 'ip link show' process; one that cannot be read proves nothing.
            Optional<List<String>> interfaces = proc.networkInterfaces();
            if (interfaces.isEmpty()) {
                found.add("veth " + network.hostVeth() + " (unknown: /proc/self/net/dev is unreadable)");
            } else if (interfaces.get().contains(network.hostVeth())) {
                found.add("veth " + network.hostVeth());
            }
            if (Files.exists(r.netnsFile())) {
                found.add("netns " + r.netnsFile());
            }
        }
        for (Path dir : r.cgroupDirs()) {
            if (Files.isDirectory(dir)) {
                found.add("cgroup " + dir);
            }
        }
        for (long pid : processesUsing(r.workdir())) {
            found.add("mounts of process " + pid + " use " + r.workdir());
        }
        return found;
    }

    /**
     * Processes whose mount namespace has a mount below {@code dir}, or an overlay built from
     * layers there: the host's own table shows the first, only a container's own namespace shows
     * the second. One process is named per mount namespace. A mount at {@code dir} itself is the
     * user's file system for the work directory (a tmpfs or a disk of its own), not a container.
     */
    public List<Long> processesUsing(Path dir) {
        String prefix = dir.toString();
        List<Long> users = new ArrayList<>();
        java.util.Set<String> seenNamespaces = new java.util.HashSet<>();
        for (long pid : proc.pids()) {
            String namespace = proc.namespace(pid, "mnt").orElse("");
            if (namespace.isEmpty() || !seenNamespaces.add(namespace)) {
                continue;
            }
            MountInfo mounts = MountInfo.parse(proc.read(pid, "mountinfo").orElse(""));
            boolean uses = mounts.below(prefix).stream().anyMatch(p -> !p.equals(prefix)) || mounts.mounts().stream().anyMatch(m -> m.fsType().equals("overlay")
                    && java.util.stream.Stream.of("lowerdir", "upperdir", "workdir").flatMap(o -> m.option(o).stream())
                    .flatMap(v -> java.util.Arrays.stream(v.split(":")))
                    .anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + "/")));
            if (uses) {
                users.add(pid);
            }
        }
        return users;
    }

    /**
     * Scripts of this container that still run: an apply killed with SIGKILL leaves its current
     * script running. They are the processes with an argument inside the container's own scripts
     * directory (apply runs 'sh SCRIPTS_DIR/SCRIPT').
     */
    public List<Long> scriptsRunningFrom(Path scriptsDir) {
        String prefix = scriptsDir + "/";
        List<Long> scripts = new ArrayList<>();
        for (long pid : proc.pids()) {
            String[] argv = proc.read(pid, "cmdline").orElse("").split("\0");
            if (java.util.Arrays.stream(argv).anyMatch(arg -> arg.startsWith(prefix))) {
                scripts.add(pid);
            }
        }
        return scripts;
    }

    /**
     * Processes of a container that nobody recorded (apply was killed before it read the PID):
     * those in a mount namespace of their own whose overlay has its upper directory in the
     * container's overlay directory. Processes in this process's mount namespace (the host's)
     * are never named, whatever is mounted there.
     */
    public List<Long> containerProcessesOf(Path overlayDir) {
        String own = proc.selfNamespace("mnt").orElse("");
        String prefix = overlayDir + "/";
        List<Long> found = new ArrayList<>();
        for (long pid : proc.pids()) {
            String namespace = proc.namespace(pid, "mnt").orElse(own);
            if (own.isEmpty() || namespace.equals(own)) {
                continue;
            }
            MountInfo mounts = MountInfo.parse(proc.read(pid, "mountinfo").orElse(""));
            if (mounts.mounts().stream().anyMatch(m -> m.fsType().equals("overlay")
                    && m.option("upperdir").filter(upper -> upper.startsWith(prefix)).isPresent())) {
                found.add(pid);
            }
        }
        return found;
    }

    /** The cgroup directories the kernel shows {@code pid} in that are this container's (by the spec's path). */
    public List<Path> cgroupDirsOf(Resources r, long pid) {
        if (r.cgroup().isEmpty()) {
            return List.of();
        }
        String relative = r.cgroup().get().relativePath();
        MountInfo mounts = MountInfo.parse(proc.readSelf("mountinfo").orElse(""));
        return proc.cgroups(pid).stream().filter(line -> line.path().equals(relative))
                .map(line -> ProcFs.cgroupDir(line, mounts)).flatMap(java.util.Optional::stream).distinct().toList();
    }

    /**
     * Processes still in the container's cgroups, including cgroups made below them (root in the
     * container may create those): cgroup.procs lists only direct members.
     */
    public List<Long> cgroupProcesses(Resources r) {
        List<Long> pids = new ArrayList<>();
        for (Path top : r.cgroupDirs()) {
            for (Path dir : cgroupTree(top)) {
                for (String line : proc.readPath(dir.resolve("cgroup.procs")).orElse("").split("\n")) {
                    if (line.trim().matches("[0-9]+") && !pids.contains(Long.parseLong(line.trim()))) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            }
        }
        return pids;
    }

    /** A cgroup and every cgroup below it, deepest first (the order rmdir needs). */
    public static List<Path> cgroupTree(Path top) {
        if (!Files.isDirectory(top)) {
            return List.of();
        }
        try (var walk = Files.walk(top)) {
            return walk.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return List.of(top);
        }
    }

    /** Everything of the container still on the host after destroy. */
    public List<String> leftovers(Resources r, long pid, long startTime, List<Path> directories) {
        List<String> found = new ArrayList<>();
        if (proc.isAlive(pid, startTime)) {
            found.add("process " + pid);
        }
        cgroupProcesses(r).forEach(p -> found.add("process " + p + " (in the container's cgroup)"));
        found.addAll(kernelResources(r));
        for (Path dir : directories) {
            if (Files.exists(dir)) {
                found.add("directory " + dir);
            }
        }
        return found;
    }
}
