package dev.jconshgen.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads what the kernel says about processes, from /proc (or another root, for tests). */
public final class ProcFs {
    private final Path proc;

    public ProcFs(Path proc) {
        this.proc = proc;
    }

    public static ProcFs host() {
        return new ProcFs(Path.of("/proc"));
    }

    public Path pidDir(long pid) {
        return proc.resolve(Long.toString(pid));
    }

    public Optional<String> read(long pid, String file) {
        return readPath(pidDir(pid).resolve(file));
    }

    public Optional<String> readSelf(String file) {
        return readPath(proc.resolve("self").resolve(file));
    }

    /** Any file, empty when it cannot be read. */
    public Optional<String> readPath(Path path) {
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** This process's host name (of its UTS namespace), as hostname(1) prints it. */
    public Optional<String> hostname() {
        return readPath(proc.resolve("sys/kernel/hostname")).map(String::strip);
    }

    /**
     * The network interfaces of this process's network namespace, from /proc/self/net/dev (what
     * 'ip link show' lists, without starting it); empty when that file cannot be read.
     */
    public Optional<List<String>> networkInterfaces() {
        return readSelf("net/dev").map(ProcFs::parseNetDev);
    }

    /** The interface names of a /proc/net/dev table: each line after the two heading lines, up to its ':'. */
    public static List<String> parseNetDev(String table) {
        List<String> names = new ArrayList<>();
        String[] lines = table.split("\n");
        for (int i = 2; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                // The kernel allows no ':' and no blank in an interface name.
                names.add(lines[i].substring(0, colon).strip());
            }
        }
        return names;
    }

    /** Every process ID now in /proc. */
    public List<Long> pids() {
        try (var entries = java.nio.file.Files.list(proc)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
    public OptionalLong startTime(long pid) {
        return statField(pid, 22).map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }

    /** Field 3 of /proc/PID/stat: R, S, D, Z, ... */
    public Optional<String> state(long pid) {
        return statField(pid, 3);
    }

    public OptionalLong parentPid(long pid) {
        return statField(pid, 4).map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }

    private Optional<String> statField(long pid, int field) {
        return read(pid, "stat").map(stat -> {
            // the command name (field 2) is in parentheses and may contain spaces
            String afterName = stat.substring(stat.lastIndexOf(')') + 2);
            String[] fields = afterName.trim().split(" ");
            return field - 3 < fields.length ? fields[field - 3] : null;
        });
    }

    /** The process exists, is not a zombie and is the same one that was recorded. */
    public boolean isAlive(long pid, long expectedStartTime) {
        if (pid <= 0) {
            return false;
        }
        OptionalLong start = startTime(pid);
        return start.isPresent() && start.getAsLong() == expectedStartTime
                && !state(pid).orElse("Z").equals("Z");
    }

    /** The namespace a link under /proc/PID/ns/ points to, e.g. {@code net:[4026531840]}. */
    public Optional<String> namespace(long pid, String procName) {
        return link(pidDir(pid).resolve("ns").resolve(procName));
    }

    public Optional<String> selfNamespace(String procName) {
        return link(proc.resolve("self").resolve("ns").resolve(procName));
    }

    private static Optional<String> link(Path path) {
        try {
            return Optional.of(Files.readSymbolicLink(path).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The real UID of a process (first field of its Uid: line); empty when it is gone. */
    public java.util.OptionalLong realUid(long pid) {
        for (String line : read(pid, "status").orElse("").split("\n")) {
            if (line.startsWith("Uid:")) {
                return java.util.OptionalLong.of(Long.parseLong(line.substring(4).trim().split("\\s+")[0]));
            }
        }
        return java.util.OptionalLong.empty();
    }

    /** The effective UID of this process (second field of the Uid: line of /proc/self/status). */
    public long selfUid() {
        for (String line : readSelf("status").orElse("").split("\n")) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("no Uid: line in /proc/self/status");
    }

    /** The effective GID of this process (second field of the Gid: line of /proc/self/status). */
    public long selfGid() {
        for (String line : readSelf("status").orElse("").split("\n")) {
            if (line.startsWith("Gid:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("no Gid: line in /proc/self/status");
    }

    /** One line of /proc/PID/cgroup: hierarchy id, controllers ("" for cgroup2), path. */
    public record CgroupLine(String hierarchyId, String controllers, String path) {
    }

    public List<CgroupLine> cgroups(long pid) {
        return parseCgroups(read(pid, "cgroup").orElse(""));
    }

    public static List<CgroupLine> parseCgroups(String text) {
        List<CgroupLine> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3) {
                lines.add(new CgroupLine(parts[0], parts[1], parts[2]));
            }
        }
        return lines;
    }

    /**
     * The host directory of a /proc/PID/cgroup line: the mount of its hierarchy (cgroup2 for an
     * empty controller list, else a cgroup mount whose options name the controllers) plus path.
     */
    public static Optional<Path> cgroupDir(CgroupLine line, MountInfo mounts) {
        for (MountInfo.Mount mount : mounts.visible()) {
            boolean matches = line.controllers().isEmpty()
                    ? mount.fsType().equals("cgroup2")
                    : mount.fsType().equals("cgroup") && List.of(mount.superOptions().split(",")).containsAll(List.of(line.controllers().split(",")));
            if (matches) {
                return Optional.of(Path.of(mount.mountPoint() + (line.path().equals("/") ? "" : line.path())));
            }
        }
        return Optional.empty();
    }
}
