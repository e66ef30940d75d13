package dev.jconshgen.apply.preflight;

import dev.jconshgen.apply.Resources;
import dev.jconshgen.dsl.Container;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A host for the preflight checks, ready for apply by default (root, Linux 6.1, every tool,
 * static busybox, ext4 root, hybrid cgroups); each test breaks the one thing it is about.
 */
final class FakeHost implements HostFacts {
    static final Path SPEC = Path.of("/work/box.yaml");
    static final Path WORKDIR = Path.of("/work/box");
    static final String ROOT = "1 0 8:1 / / rw - ext4 /dev/sda1 rw";
    static final String HYBRID = String.join("\n",
            ROOT,
            "2 1 0:20 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755",
            "3 2 0:21 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw",
            "4 2 0:22 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids",
            "5 2 0:23 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory");

    long uid = 0;
    boolean capSysAdmin = true;
    final Map<String, String> sysctls = new HashMap<>(Map.of("kernel.osrelease", "6.1.0-18-amd64"));
    String mountinfo = HYBRID;
    final Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin"));
    final Map<String, Path> tools = new HashMap<>();
    final Map<Path, Elf.Linking> linking = new HashMap<>();
    final Set<Path> existing = new HashSet<>(Set.of(Path.of("/work"), Path.of("/sys/fs/cgroup"),
            Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup/pids"), Path.of("/sys/fs/cgroup/memory")));
    final Set<Path> readOnly = new HashSet<>();
    final Set<Path> notWritable = new HashSet<>();
    /** iptables' FORWARD policy; null: unknown (no iptables). */
    String forwardPolicy;
    /** Directories with an owner other than root (every other existing one is root's). */
    final Map<Path, Long> owners = new HashMap<>();
    String ownCgroup2 = "/";

    FakeHost() {
        for (ToolsCheck.Tool tool : ToolsCheck.TOOLS) {
            tools.put(tool.command(), Path.of("/usr/bin").resolve(tool.command()));
        }
        for (ToolsCheck.Tool tool : ToolsCheck.IMAGE_TOOLS) {
            tools.put(tool.command(), Path.of("/usr/bin").resolve(tool.command()));
        }
    }

    /** The subject of a spec in {@link #WORKDIR}, described by {@code /work/box.yaml}. */
    static Subject subject(Container container) {
        // a proc root that does not exist: Resources resolves no cgroup from it, the checks use HostFacts
        Resources resources = Resources.of(container.build(), WORKDIR, new ProcFs(Path.of("/nonexistent-proc")));
        return new Subject(SPEC, resources);
    }

    /** A valid container with every namespace and a busybox layer; tests add cgroup or network. */
    static Container box() {
        return Container.named("box").hostname("box").workdir("box");
    }

    static Container labLike() {
        return box().cgroup(c -> c.name("box_cg").pidsMax(64).memoryMax(64L << 20))
                .network(n -> n.netns("box").hostAddress("10.231.180.1/24").containerAddress("10.231.180.2/24"));
    }

    List<Blocker> run(PreflightCheck check, Container container) {
        return check.check(subject(container), this);
    }

    @Override
    public long effectiveUid() {
        return uid;
    }

    @Override
    public boolean hasCapSysAdmin() {
        return capSysAdmin;
    }

    @Override
    public Optional<String> sysctl(String name) {
        return Optional.ofNullable(sysctls.get(name));
    }

    @Override
    public MountInfo mounts() {
        return MountInfo.parse(mountinfo);
    }

    @Override
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }

    @Override
    public Optional<Path> onPath(String command) {
        return Optional.ofNullable(tools.get(command));
    }

    @Override
    public Elf.Linking linking(Path binary) {
        return linking.getOrDefault(binary, new Elf.Linking(Elf.Kind.STATIC, ""));
    }

    @Override
    public Path nearestExisting(Path path) {
        Path current = path;
        while (current.getParent() != null && !existing.contains(current)) {
            current = current.getParent();
        }
        return current;
    }

    @Override
    public boolean isDirectory(Path path) {
        return existing.contains(path);
    }

    @Override
    public boolean isWritable(Path directory) {
        return !notWritable.contains(directory) && !readOnly.contains(directory);
    }

    @Override
    public boolean isOnReadOnlyMount(Path path) {
        return readOnly.contains(path);
    }

    @Override
    public Optional<String> iptablesForwardPolicy() {
        return Optional.ofNullable(forwardPolicy);
    }

    @Override
    public OptionalLong ownerUid(Path directory) {
        if (owners.containsKey(directory)) {
            return OptionalLong.of(owners.get(directory));
        }
        return existing.contains(directory) ? OptionalLong.of(0) : OptionalLong.empty();
    }

    @Override
    public Optional<String> ownCgroup2Path() {
        return Optional.ofNullable(ownCgroup2);
    }
}
