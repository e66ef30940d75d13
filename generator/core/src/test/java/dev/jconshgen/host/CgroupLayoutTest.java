package dev.jconshgen.host;

import dev.jconshgen.model.CgroupSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Layout detection and placement for the three ways hosts mount cgroups. */
class CgroupLayoutTest {
    static final String ROOT = "27 1 254:0 / / rw - ext4 /dev/vda rw\n";
    /** Ubuntu 22.04+, Fedora, most CI runners. */
    static final String PURE_V2 = ROOT
            + "30 27 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
    /** This project's CI machines. */
    static final String HYBRID = ROOT
            + "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
            + "32 31 0:29 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
            + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
            + "40 31 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
    static final String PURE_V1 = ROOT
            + "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
            + "32 31 0:29 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
            + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n";

    @Test
    void detectsPureV2() {
        assertThat(CgroupLayout.detect(MountInfo.parse(PURE_V2))).contains(CgroupLayout.V2);
    }

    @Test
    void detectsHybrid() {
        assertThat(CgroupLayout.detect(MountInfo.parse(HYBRID))).contains(CgroupLayout.HYBRID);
    }

    @Test
    void detectsPureV1() {
        assertThat(CgroupLayout.detect(MountInfo.parse(PURE_V1))).contains(CgroupLayout.V1);
    }

    /** cgroup2 mounted over a hybrid host's tmpfs (how the bats suite simulates a v2 host). */
    static final String V2_OVER_HYBRID = HYBRID + "63 31 0:38 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n";

    @Test
    void cgroup2MountedOverAHybridTreeIsV2AndHidesTheOldMounts() {
        MountInfo mounts = MountInfo.parse(V2_OVER_HYBRID);
        assertThat(CgroupLayout.detect(mounts)).contains(CgroupLayout.V2);
        var line = new ProcFs.CgroupLine("0", "", "/consh_cgrp");
        assertThat(ProcFs.cgroupDir(line, mounts)).contains(Path.of("/sys/fs/cgroup/consh_cgrp"));
        assertThat(ProcFs.cgroupDir(line, MountInfo.parse(HYBRID))).contains(Path.of("/sys/fs/cgroup/unified/consh_cgrp"));
        assertThat(mounts.containing("/sys/fs/cgroup/unified/x").orElseThrow().fsType()).isEqualTo("cgroup2");
        assertThat(mounts.visible()).extracting(MountInfo.Mount::mountPoint).doesNotContain("/sys/fs/cgroup/unified");
    }

    @Test
    void aTmpfsWithoutHierarchiesIsNoCgroupFileSystem() {
        assertThat(CgroupLayout.detect(MountInfo.parse(ROOT + "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"))).isEmpty();
        assertThat(CgroupLayout.detect(MountInfo.parse(ROOT))).isEmpty();
    }

    @Test
    void placesTheCgroupInTheMembershipHierarchyOfEachLayout() {
        CgroupSpec spec = new CgroupSpec("consh_cgrp", "auto", 64L, 64L << 20);
        CgroupPlacement v2 = CgroupPlacement.of(CgroupLayout.V2, spec, 0);
        assertThat(v2.membershipDir()).isEqualTo(Path.of("/sys/fs/cgroup/consh_cgrp"));
        assertThat(v2.limitDir("pids")).isEqualTo(v2.membershipDir());
        assertThat(v2.memoryLimitFile()).isEqualTo("memory.max");
        assertThat(v2.allDirs(spec)).containsExactly(Path.of("/sys/fs/cgroup/consh_cgrp"));

        CgroupPlacement hybrid = CgroupPlacement.of(CgroupLayout.HYBRID, spec, 0);
        assertThat(hybrid.membershipDir()).isEqualTo(Path.of("/sys/fs/cgroup/unified/consh_cgrp"));
        assertThat(hybrid.memoryLimitFile()).isEqualTo("memory.limit_in_bytes");
        assertThat(hybrid.allDirs(spec)).containsExactly(Path.of("/sys/fs/cgroup/unified/consh_cgrp"),
                Path.of("/sys/fs/cgroup/pids/consh_cgrp"), Path.of("/sys/fs/cgroup/memory/consh_cgrp"));

        CgroupPlacement v1 = CgroupPlacement.of(CgroupLayout.V1, new CgroupSpec("c", "jobs/lab", null, null), 0);
        assertThat(v1.relativePath()).isEqualTo("/jobs/lab/c");
        assertThat(v1.allDirs(new CgroupSpec("c", "jobs/lab", null, null))).containsExactly(Path.of("/sys/fs/cgroup/pids/jobs/lab/c"));
    }

    @Test
    void theCpuLimitLivesInTheV1CpuHierarchyOrInTheV2Cgroup() {
        CgroupSpec spec = new CgroupSpec("c", "auto", null, null, new java.math.BigDecimal("0.2"));
        CgroupPlacement v2 = CgroupPlacement.of(CgroupLayout.V2, spec, 0);
        assertThat(v2.limitDir("cpu")).isEqualTo(v2.membershipDir());
        assertThat(v2.cpuLimitFile()).isEqualTo("cpu.max");
        assertThat(v2.allDirs(spec)).containsExactly(Path.of("/sys/fs/cgroup/c"));

        CgroupPlacement hybrid = CgroupPlacement.of(CgroupLayout.HYBRID, spec, 0);
        assertThat(hybrid.cpuLimitFile()).isEqualTo("cpu.cfs_quota_us");
        assertThat(hybrid.cpuPeriodFile()).isEqualTo("cpu.cfs_period_us");
        assertThat(hybrid.allDirs(spec)).containsExactly(Path.of("/sys/fs/cgroup/unified/c"), Path.of("/sys/fs/cgroup/cpu/c"));

        CgroupPlacement v1 = CgroupPlacement.of(CgroupLayout.V1, spec, 0);
        assertThat(v1.allDirs(spec)).containsExactly(Path.of("/sys/fs/cgroup/pids/c"), Path.of("/sys/fs/cgroup/cpu/c"));
    }

    @Test
    void autoParentOfAnUnprivilegedUserWithoutSliceIsTheRoot() {
        CgroupPlacement placement = CgroupPlacement.of(CgroupLayout.V2, new CgroupSpec("x", "auto", null, null), 4242);
        assertThat(placement.relativePath()).isEqualTo("/x");
    }
}
