package dev.jconshgen.verify;

import dev.jconshgen.host.CgroupLayout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What verify expects to read back for a cpu limit, in each layout's own files. */
class CpuLimitCheckTest {

    @Test
    void v2ReadsQuotaAndPeriodFromCpuMax() {
        assertThat(CgroupChecks.expectedCpu(CgroupLayout.V2, 20000)).isEqualTo("20000 100000");
    }

    @Test
    void v1AndHybridReadTheQuotaAndPeriodFiles() {
        assertThat(CgroupChecks.expectedCpu(CgroupLayout.HYBRID, 150000)).isEqualTo("150000 / 100000");
        assertThat(CgroupChecks.expectedCpu(CgroupLayout.V1, 1000)).isEqualTo("1000 / 100000");
    }
}
