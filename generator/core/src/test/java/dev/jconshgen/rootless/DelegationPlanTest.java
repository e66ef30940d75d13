package dev.jconshgen.rootless;

import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.MountInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DelegationPlanTest {
    static final String ROOT = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";

    @Test
    void hybridDelegatesInTheUnifiedHierarchyAndInEachV1LimitHierarchy() {
        DelegationPlan plan = DelegationPlan.of(MountInfo.parse(ROOT
                + "2 1 0:20 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
                + "3 2 0:21 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
                + "4 2 0:22 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
                + "5 2 0:23 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
                + "6 2 0:24 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"
                + "7 2 0:25 / /sys/fs/cgroup/blkio rw - cgroup cgroup rw,blkio\n"), 1000).orElseThrow();

        assertThat(plan.layout()).isEqualTo(CgroupLayout.HYBRID);
        assertThat(plan.hierarchies()).extracting(DelegationPlan.Hierarchy::userDir).containsExactly(
                Path.of("/sys/fs/cgroup/unified/jconshgen.users/1000"), Path.of("/sys/fs/cgroup/pids/jconshgen.users/1000"),
                Path.of("/sys/fs/cgroup/memory/jconshgen.users/1000"), Path.of("/sys/fs/cgroup/cpu/jconshgen.users/1000"));
        assertThat(plan.cgroup2().orElseThrow().delegatedFiles()).containsExactly("cgroup.procs", "cgroup.subtree_control", "cgroup.threads");
        assertThat(plan.hierarchies().get(1).delegatedFiles()).containsExactly("cgroup.procs", "tasks");
    }

    @Test
    void pureV2HasOneHierarchy() {
        DelegationPlan plan = DelegationPlan.of(MountInfo.parse(ROOT + "2 1 0:20 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"), 1000)
                .orElseThrow();

        assertThat(plan.hierarchies()).extracting(DelegationPlan.Hierarchy::userDir)
                .containsExactly(Path.of("/sys/fs/cgroup/jconshgen.users/1000"));
        assertThat(plan.cgroup2()).isPresent();
    }

    @Test
    void v1WithAJointCpuHierarchyAndNoCgroup2() {
        DelegationPlan plan = DelegationPlan.of(MountInfo.parse(ROOT
                + "2 1 0:20 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
                + "4 2 0:22 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
                + "6 2 0:24 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"), 1000).orElseThrow();

        assertThat(plan.layout()).isEqualTo(CgroupLayout.V1);
        assertThat(plan.hierarchies()).extracting(DelegationPlan.Hierarchy::root)
                .containsExactly(Path.of("/sys/fs/cgroup/pids"), Path.of("/sys/fs/cgroup/cpu"));
        assertThat(plan.cgroup2()).isEmpty();
    }

    @Test
    void noCgroupFileSystemNoPlan() {
        assertThat(DelegationPlan.of(MountInfo.parse(ROOT), 1000)).isEmpty();
    }
}
