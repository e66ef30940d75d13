package dev.jconshgen.oci;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.model.NetworkSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spec's container as an OCI runtime bundle's config.json (runtime spec 1.0, as runc 1.1 reads
 * it): the same namespaces (a valid spec always has its own mount namespace, as a runtime gives
 * every container), host name, uid/gid maps, mounts, cgroup path and limits the generated
 * scripts give it, so that 'jconshgen verify SPEC --pid' can check runc's container against the
 * same spec. Where runc must differ, it is said in README.md ("the scripts vs runc"). Pure: the
 * same spec and options give the same text.
 */
public final class OciConfig {
    /** The runtime spec version written; runc 1.1 accepts 1.0.x. */
    public static final String OCI_VERSION = "1.0.2";
    /** What PID 1 runs when the spec has no command: a shell that waits, and ends on TERM. */
    static final List<String> IDLE_INIT = List.of("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait; done");
    /** Where consh_nw_setup.sh binds a container's network namespace (ip-netns(8)). */
    static final String NETNS_DIR = "/var/run/netns/";

    /**
     * @param ownerUid    the host user the container's root is (the user namespace's map); 0 as root
     * @param ownerGid    that user's group
     * @param cgroupsPath the cgroup path (relative to each hierarchy's root), as the scripts place it here
     * @param joinNetns   join the network namespace consh_nw_setup.sh made (by its path) instead of a new one
     */
    public record Options(long ownerUid, long ownerGid, Optional<String> cgroupsPath, boolean joinNetns) {
    }

    private OciConfig() {
    }

    /** The config as ordered maps and lists, for {@link dev.jconshgen.core.Json}. */
    public static Map<String, Object> of(ContainerSpec spec, Options options) {
        if (options.joinNetns() && spec.network().isEmpty()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--join-netns: container " + spec.name()
                    + " has no network: there is no netns to join (leave the option out)");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ociVersion", OCI_VERSION);
        config.put("process", process(spec));
        config.put("root", map("path", "rootfs", "readonly", false));
        if (spec.hostname() != null && spec.has(Namespace.UTS)) {
            config.put("hostname", spec.hostname());
        }
        config.put("mounts", mounts(spec, options));
        config.put("linux", linux(spec, options));
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("dev.jconshgen.container", spec.name());
        spec.network().ifPresent(network -> annotations.put("dev.jconshgen.network", networkHint(network, options.joinNetns())));
        config.put("annotations", annotations);
        return config;
    }

    /** What the user runs for the network, as the bundle's README and the annotation say it. */
    public static String networkHint(NetworkSpec network, boolean joinNetns) {
        return joinNetns
                ? "joins " + NETNS_DIR + network.netns() + ": make it first (consh_nw_setup.sh PID of a process in it)"
                : "after 'runc run -d': consh_nw_setup.sh PID " + network.netns() + " " + network.hostAddress() + " "
                        + network.containerAddress() + " (PID: runc state ID)";
    }

    private static Map<String, Object> process(ContainerSpec spec) {
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", false);
        process.put("user", map("uid", 0, "gid", 0));
        process.put("args", spec.command().isEmpty() ? IDLE_INIT : spec.command());
        // The scripts' container starts with 'env -i' and this PATH (consh_setup.sh).
        process.put("env", List.of("PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/root", "TERM=xterm"));
        process.put("cwd", "/");
        // No capabilities list: runc then keeps the full set, as the scripts' root has in its
        // user namespace (see README.md: the scripts vs runc).
        return process;
    }

    private static List<Object> mounts(ContainerSpec spec, Options options) {
        List<Object> mounts = new ArrayList<>();
        mounts.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        // runc needs a /dev to create its device nodes in; the scripts keep the lower layer's.
        mounts.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")));
        mounts.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        // sysfs can be mounted only by the owner of the network namespace: a container that joins
        // the host's (or an existing one) from its own user namespace binds the host's /sys.
        boolean ownNet = spec.has(Namespace.NET) && !options.joinNetns();
        if (spec.has(Namespace.USER) && !ownNet) {
            mounts.add(mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
        } else {
            mounts.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev")));
        }
        if (spec.has(Namespace.CGROUP)) {
            mounts.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime")));
        }
        return mounts;
    }

    private static Map<String, Object> linux(ContainerSpec spec, Options options) {
        Map<String, Object> linux = new LinkedHashMap<>();
        List<Object> namespaces = new ArrayList<>();
        for (Namespace namespace : spec.namespaces()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", ociType(namespace));
            if (namespace == Namespace.NET && options.joinNetns()) {
                entry.put("path", NETNS_DIR + spec.network().orElseThrow().netns());
            }
            namespaces.add(entry);
        }
        linux.put("namespaces", namespaces);
        if (spec.has(Namespace.USER)) {
            // The scripts' map (unshare --map-root-user): the container's root is the owner, alone.
            linux.put("uidMappings", List.of(map("containerID", 0, "hostID", options.ownerUid(), "size", 1)));
            linux.put("gidMappings", List.of(map("containerID", 0, "hostID", options.ownerGid(), "size", 1)));
        }
        options.cgroupsPath().ifPresent(path -> linux.put("cgroupsPath", path));
        spec.cgroup().map(OciConfig::resources).filter(r -> !r.isEmpty()).ifPresent(r -> linux.put("resources", r));
        return linux;
    }

    /** linux.resources: the spec's limits, as the kernel files the scripts write hold them. */
    static Map<String, Object> resources(CgroupSpec cgroup) {
        Map<String, Object> resources = new LinkedHashMap<>();
        if (cgroup.pidsMax() != null) {
            resources.put("pids", map("limit", cgroup.pidsMax()));
        }
        if (cgroup.memoryMax() != null) {
            resources.put("memory", map("limit", cgroup.memoryMax()));
        }
        if (cgroup.cpu() != null) {
            resources.put("cpu", map("quota", cgroup.cpuQuotaUs(), "period", CgroupSpec.CPU_PERIOD_US));
        }
        return resources;
    }

    static String ociType(Namespace namespace) {
        return switch (namespace) {
            case USER -> "user";
            case PID -> "pid";
            case MOUNT -> "mount";
            case NET -> "network";
            case IPC -> "ipc";
            case UTS -> "uts";
            case CGROUP -> "cgroup";
        };
    }

    private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("destination", destination);
        mount.put("type", type);
        mount.put("source", source);
        mount.put("options", options);
        return mount;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
