package dev.jconshgen.model;

import java.math.BigDecimal;

/**
 * The cgroup the container is started in.
 *
 * @param name    path of the cgroup below its parent, e.g. {@code consh_cgrp}
 * @param parent  {@code auto} (the caller's delegated systemd slice, or the hierarchy root for
 *                root) or a path relative to the root of the cgroup hierarchy
 * @param pidsMax maximum number of tasks, or {@code null} for no limit
 * @param memoryMax maximum memory in bytes, or {@code null} for no limit
 * @param cpu     share of one CPU the container may use (0.5 = half a CPU, 2 = two CPUs), or
 *                {@code null} for no limit
 */
public record CgroupSpec(String name, String parent, Long pidsMax, Long memoryMax, BigDecimal cpu) {
    public static final String AUTO_PARENT = "auto";

    /** The CFS period the cpu limit is expressed in: 100 ms, the kernel's default. */
    public static final long CPU_PERIOD_US = 100_000;

    /** A cgroup without a cpu limit. */
    public CgroupSpec(String name, String parent, Long pidsMax, Long memoryMax) {
        this(name, parent, pidsMax, memoryMax, null);
    }

    /**
     * The cpu limit as microseconds of CPU time per {@link #CPU_PERIOD_US}, or {@code null}.
     * The validator allows at most three decimal places, so this is exact.
     */
    public Long cpuQuotaUs() {
        return cpu == null ? null : cpu.multiply(BigDecimal.valueOf(CPU_PERIOD_US)).longValue();
    }
}
