package dev.jconshgen.verify;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.layers.CachedLayers;
import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.run.ProcessRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A running container found by the PID of its first process, whoever made it (the generated
 * scripts run by hand, the handout's own, runc from an exported bundle): no state is read, only
 * the kernel's view in /proc. A PID that cannot be a container is refused before any check runs.
 */
public final class ContainerByPid {
    /** /proc/PID/comm keeps at most this many characters of a program's name. */
    static final int COMM_LENGTH = 15;

    private final ProcFs proc;

    public ContainerByPid(ProcFs proc) {
        this.proc = proc;
    }

    /**
     * The container whose first process is PID, to be checked against SPEC. Its owner is the host
     * user its processes run as (the user a user namespace maps its root to).
     *
     * @param callerUid who asks: an ordinary user may only read containers of their own
     */
    public Target attach(ContainerSpec spec, Path workdir, long pid, long callerUid, ProcessRunner runner) {
        OptionalLong start = pid > 0 ? proc.startTime(pid) : OptionalLong.empty();
        OptionalLong owner = proc.realUid(pid);
        if (start.isEmpty() || owner.isEmpty() || proc.state(pid).orElse("Z").equals("Z")) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "no process " + pid + " (it has ended, or never ran): give the PID"
                    + " of the container's first process, or let --pid-of COMMAND find it; nothing was checked");
        }
        if (callerUid != 0 && owner.getAsLong() != callerUid) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "process " + pid + " runs as uid " + owner.getAsLong() + ", not as you (uid "
                    + callerUid + "): an ordinary user can verify only their own containers; run verify as root to read it");
        }
        if (ownNamespaces(pid).isEmpty()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "process " + pid + " is not in a container: every namespace of it is the"
                    + " host's (" + String.join(", ", readable(pid)) + "); give the PID of the container's first process"
                    + " (for the lab's shell: --pid-of sh)");
        }
        return new Target(spec, workdir, pid, start.getAsLong(), owner.getAsLong(), proc, runner,
                cachedLayers(pid, LayerCache.fromEnvironment(System.getenv(), callerUid).root(), spec), Target.Found.BY_PID);
    }

    /**
     * The lower layers of the container's overlay root taken from jconshgen's layer cache (apply
     * uses the cached busybox and image layers instead of the spec's directories): the same
     * layers, so the root check expects them there. None for a container built by hand.
     */
    CachedLayers cachedLayers(long pid, Path cacheRoot) {
        return cachedLayers(pid, cacheRoot, null);
    }

    /**
     * @param spec when given, an image layer of the spec (sha256-HEX of one of its digests) in any
     *             directory counts as the spec's: taken from another user's cache, or one another
     *             $JCONSHGEN_CACHE_DIR named
     */
    CachedLayers cachedLayers(long pid, Path cacheRoot, ContainerSpec spec) {
        List<Path> all = MountInfo.parse(proc.read(pid, "mountinfo").orElse("")).at("/").flatMap(m -> m.option("lowerdir"))
                .map(dirs -> java.util.Arrays.stream(dirs.split(":")).map(Path::of).toList()).orElse(List.of());
        List<Path> lower = all.stream().filter(dir -> dir.startsWith(cacheRoot)).toList();
        Optional<Path> busybox = lower.stream().filter(dir -> dir.getFileName().toString().startsWith("busybox-")).findFirst();
        Path imagesDir = cacheRoot.resolve(LayerCache.IMAGES_DIR);
        Optional<Path> images = lower.stream().filter(dir -> imagesDir.equals(dir.getParent())
                && dir.getFileName().toString().startsWith(LayerCache.IMAGE_PREFIX)).findFirst().map(Path::getParent);
        if (images.isEmpty() && spec != null) {
            java.util.Set<String> ours = spec.rootfs().layers().stream().filter(l -> l instanceof dev.jconshgen.model.Layer.Image)
                    .flatMap(l -> ((dev.jconshgen.model.Layer.Image) l).blobs().stream())
                    .map(b -> LayerCache.IMAGE_PREFIX + b.digest().substring("sha256:".length())).collect(java.util.stream.Collectors.toSet());
            // (the work directory's images/ gives the paths the scripts use: the same either way)
            images = all.stream().filter(dir -> dir.getFileName() != null && ours.contains(dir.getFileName().toString())
                    && dir.getParent() != null).findFirst().map(Path::getParent);
        }
        return new CachedLayers(busybox, images);
    }

    /**
     * The one process named COMMAND that is a container's first process: its namespaces are not
     * all the host's, and its parent's differ from its own (a child of the container's shell
     * shares them and is not a candidate). None or several: an error that lists what was seen.
     */
    public long pidOf(String command) {
        String name = command.length() > COMM_LENGTH ? command.substring(0, COMM_LENGTH) : command;
        List<Long> named = new ArrayList<>();
        List<Long> candidates = new ArrayList<>();
        for (long pid : proc.pids()) {
            if (!name.equals(proc.read(pid, "comm").map(String::strip).orElse(""))) {
                continue;
            }
            named.add(pid);
            List<String> mine = links(pid);
            boolean inContainer = !ownNamespaces(pid).isEmpty();
            OptionalLong parent = proc.parentPid(pid);
            boolean first = parent.isEmpty() || !links(parent.getAsLong()).equals(mine);
            if (inContainer && first) {
                candidates.add(pid);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "no process named " + command + " is the first process of a container"
                    + (named.isEmpty() ? " (no process has that name)" : " (processes of that name, in the host's namespaces or a container's"
                    + " children: " + join(named) + ")") + "; start the container, or give its PID with --pid");
        }
        List<String> described = new ArrayList<>();
        for (long pid : candidates) {
            described.add(pid + " (" + String.join(" ", ownNamespaces(pid)) + ")");
        }
        throw new JconshgenException(ExitCode.INVALID_INPUT, "several containers' first processes are named " + command + ": "
                + String.join(", ", described) + "; choose one with --pid PID");
    }

    /** The namespaces (their spec names) in which a process is not in the host's, as far as they can be read. */
    List<String> ownNamespaces(long pid) {
        List<String> own = new ArrayList<>();
        for (Namespace namespace : Namespace.values()) {
            Optional<String> mine = proc.namespace(pid, namespace.procName());
            Optional<String> host = proc.selfNamespace(namespace.procName());
            if (mine.isPresent() && host.isPresent() && !mine.equals(host)) {
                own.add(namespace.specName());
            }
        }
        return own;
    }

    private List<String> links(long pid) {
        List<String> links = new ArrayList<>();
        for (Namespace namespace : Namespace.values()) {
            links.add(proc.namespace(pid, namespace.procName()).orElse("?"));
        }
        return links;
    }

    private List<String> readable(long pid) {
        List<String> seen = new ArrayList<>();
        for (Namespace namespace : Namespace.values()) {
            proc.namespace(pid, namespace.procName()).ifPresent(seen::add);
        }
        return seen;
    }

    private static String join(List<Long> pids) {
        return String.join(", ", pids.stream().map(String::valueOf).toList());
    }
}
