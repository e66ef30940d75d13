package dev.jconshgen.spec;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static dev.jconshgen.spec.DslSpecs.box;
import static dev.jconshgen.spec.DslSpecs.onlyError;
import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static org.assertj.core.api.Assertions.assertThat;

/** cgroup.limits.cpu: a share of one CPU from 0.01 to 64, turned into an exact CFS quota. */
class CpuLimitValidationTest {

    @ParameterizedTest(name = "cpu: {0} -> quota {1}")
    @CsvSource({"0.01, 1000", "0.2, 20000", "0.5, 50000", "1, 100000", "1.5, 150000", "2, 200000", "0.125, 12500", "64, 6400000", "0.500, 50000"})
    void parsedIntoAnExactQuotaPerPeriod(String yamlValue, long quota) {
        CgroupSpec cgroup = YamlSpecs.parse("name: box\ncgroup: {limits: {cpu: " + yamlValue + "}}\n").cgroup().orElseThrow();

        assertThat(cgroup.cpu()).isEqualByComparingTo(yamlValue);
        assertThat(cgroup.cpuQuotaUs()).isEqualTo(quota);
    }

    @ParameterizedTest(name = "cpu: {0}")
    @ValueSource(strings = {"0", "0.0", "0.009", "64.001", "65", "999999"})
    void outOfRangeNamesTheRange(String yamlValue) {
        String yaml = "name: box\ncgroup: {limits: {cpu: " + yamlValue + "}}\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("cgroup.limits.cpu");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, yamlValue));
        assertThat(error.message()).contains("out of range").contains("0.01 to 64");
    }

    @Test
    void moreThanThreeDecimalPlacesIsRejected() {
        SpecError error = YamlSpecs.onlyError("name: box\ncgroup: {limits: {cpu: 0.1234}}\n");

        assertThat(error.path()).isEqualTo("cgroup.limits.cpu");
        assertThat(error.message()).contains("more than 3 decimal places");
    }

    @ParameterizedTest(name = "cpu: {0}")
    @ValueSource(strings = {"50%", "half", "-0.5", "1e1", ".inf", ".nan", "'0.5'", "[1]", "0x10", "1_000"})
    void notANumberOfCpus(String yamlValue) {
        String yaml = "name: box\ncgroup:\n  limits:\n    cpu: " + yamlValue + "\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("cgroup.limits.cpu");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, yamlValue));
        assertThat(error.message()).contains("expected a number of CPUs, like 0.5");
    }

    @Test
    void theDslIsValidatedTheSameWay() {
        assertThat(box().cgroup(c -> c.cpu(new BigDecimal("0.25"))).build().cgroup().orElseThrow().cpuQuotaUs()).isEqualTo(25000);
        assertThat(onlyError(box().cgroup(c -> c.cpu(new BigDecimal("100")))).path()).isEqualTo("cgroup.limits.cpu");
    }

    @Test
    void noCpuLimitByDefault() {
        CgroupSpec cgroup = YamlSpecs.parse("name: box\ncgroup: {limits: {pids: 8}}\n").cgroup().orElseThrow();

        assertThat(cgroup.cpu()).isNull();
        assertThat(cgroup.cpuQuotaUs()).isNull();
    }
}
