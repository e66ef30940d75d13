package dev.jconshgen.render;

import dev.jconshgen.dsl.Container;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Java turns the cpu share into the CFS quota and period the scripts write; none without a limit. */
class CpuLimitRenderTest {

    @Test
    void aShareOfACpuBecomesQuotaAndPeriodInMicroseconds() {
        RenderModel model = RenderModel.from(Container.named("box").workdir("box")
                .cgroup(c -> c.cpu(new BigDecimal("0.2"))).build());

        assertThat(model.cpuQuota()).isEqualTo("20000");
        assertThat(model.cpuPeriod()).isEqualTo("100000");
    }

    @Test
    void noLimitRendersEmptyValues() {
        RenderModel model = RenderModel.from(Container.named("box").workdir("box").cgroup(c -> c.pidsMax(8)).build());

        assertThat(model.cpuQuota()).isEmpty();
        assertThat(model.cpuPeriod()).isEmpty();
    }
}
