package dev.jconshgen.apply.preflight;

import dev.jconshgen.host.DelegatedParent;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;

import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link HostFacts} of the real host: /proc, the environment and the file system. */
public final class LiveHostFacts implements HostFacts {
    /** Bit of CAP_SYS_ADMIN in the CapEff mask (linux/capability.h). */
    private static final int CAP_SYS_ADMIN = 21;

    private final ProcFs proc;
    private final Path procRoot;
    private final Map<String, String> environment;

    public LiveHostFacts(ProcFs proc, Path procRoot, Map<String, String> environment) {
        this.proc = proc;
        this.procRoot = procRoot;
        this.environment = Map.copyOf(environment);
    }

    public static LiveHostFacts of(ProcFs proc) {
        return new LiveHostFacts(proc, Path.of("/proc"), System.getenv());
    }

    @Override
    public long effectiveUid() {
        return proc.selfUid();
    }

    @Override
    public boolean hasCapSysAdmin() {
        return hasCapSysAdmin(proc.readSelf("status").orElse(""));
    }

    /** From the text of /proc/PID/status: the CAP_SYS_ADMIN bit of its CapEff mask. */
    static boolean hasCapSysAdmin(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return ((Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> CAP_SYS_ADMIN) & 1) == 1;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<String> sysctl(String name) {
        return proc.readPath(procRoot.resolve("sys").resolve(name.replace('.', '/'))).map(String::trim);
    }

    @Override
    public MountInfo mounts() {
        return MountInfo.parse(proc.readSelf("mountinfo").orElse(""));
    }

    @Override
    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
    }

    /** Like the shell's lookup: each $PATH entry in order (an empty one is the current directory). */
    @Override
    public Optional<Path> onPath(String command) {
        for (String dir : env("PATH").orElse("").split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    @Override
    public Elf.Linking linking(Path binary) {
        return Elf.inspect(binary);
    }

    @Override
    public Path nearestExisting(Path path) {
        Path current = path.toAbsolutePath().normalize();
        while (current != null) {
            try {
                return current.toRealPath();
            } catch (IOException e) {
                current = current.getParent();
            }
        }
        return Path.of("/");
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public boolean isWritable(Path directory) {
        return Files.isWritable(directory);
    }

    @Override
    public boolean isOnReadOnlyMount(Path path) {
        try {
            return Files.getFileStore(path).isReadOnly();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Optional<String> iptablesForwardPolicy() {
        if (onPath("iptables").isEmpty()) {
            return Optional.empty();
        }
        // Read only: -S lists the chain, its first line is '-P FORWARD POLICY'.
        ExecResult listed = new ProcessRunner().run(Command.of(Duration.ofSeconds(10), "iptables", "-w", "5", "-S", "FORWARD"));
        return listed.ok() ? forwardPolicy(listed.stdout()) : Optional.empty();
    }

    /** The policy from {@code iptables -S FORWARD} output. */
    static Optional<String> forwardPolicy(String listing) {
        for (String line : listing.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 3 && words[0].equals("-P") && words[1].equals("FORWARD")) {
                return Optional.of(words[2]);
            }
        }
        return Optional.empty();
    }

    @Override
    public OptionalLong ownerUid(Path directory) {
        return DelegatedParent.liveOwner(directory);
    }

    @Override
    public Optional<String> ownCgroup2Path() {
        return ownCgroup2Path(proc.readSelf("cgroup").orElse(""));
    }

    /** From the text of /proc/PID/cgroup: the path of its "0::" line. */
    static Optional<String> ownCgroup2Path(String cgroupFile) {
        return cgroupFile.lines().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst();
    }
}
