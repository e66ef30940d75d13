package dev.jconshgen.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Linux namespaces a container can get. Declaration order is the canonical order used
 * everywhere (flags, plans, checks) so that output is deterministic.
 */
public enum Namespace {
    USER("user", "user", "--user"),
    PID("pid", "pid", "--pid"),
    MOUNT("mount", "mnt", "--mount"),
    NET("net", "net", "--net"),
    IPC("ipc", "ipc", "--ipc"),
    UTS("uts", "uts", "--uts"),
    CGROUP("cgroup", "cgroup", "--cgroup");

    private final String specName;
    private final String procName;
    private final String unshareFlag;

    Namespace(String specName, String procName, String unshareFlag) {
        this.specName = specName;
        this.procName = procName;
        this.unshareFlag = unshareFlag;
    }

    /** The name used in the spec's {@code namespaces} list. */
    public String specName() {
        return specName;
    }

    /** The name of the link under {@code /proc/PID/ns/}. */
    public String procName() {
        return procName;
    }

    /** The option of unshare(1) that creates this namespace. */
    public String unshareFlag() {
        return unshareFlag;
    }

    public static Optional<Namespace> fromSpecName(String name) {
        return Arrays.stream(values()).filter(ns -> ns.specName.equals(name)).findFirst();
    }

    public static List<String> specNames() {
        return Arrays.stream(values()).map(Namespace::specName).toList();
    }
}
