package dev.jconshgen.model;

/**
 * The cgroup the container is started in.
 *
 * @param name    path of the cgroup below its parent, e.g. {@code consh_cgrp}
 * @param parent  {@code auto} (the caller's delegated systemd slice, or the hierarchy root for
 *                root) or a path relative to the root of the cgroup hierarchy
 * @param pidsMax maximum number of tasks, or {@code null} for no limit
 * @param memoryMax maximum memory in bytes, or {@code null} for no limit
 */
public record CgroupSpec(String name, String parent, Long pidsMax, Long memoryMax) {
    public static final String AUTO_PARENT = "auto";
}
