package dev.jconshgen.fleet;

import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostVariablesTest {
    private static final GeneratorService GENERATOR = new GeneratorService();

    @Test
    void aContainersNamesAndAddressesAreItsVariablesWithTheSpecsValues() {
        ContainerSpec lab = GENERATOR.load(Repo.labSpec()).spec();
        HostVariables.Set set = HostVariables.of(lab);
        assertThat(set.variables()).extracting(HostVariable::name).containsExactly("consh_name", "consh_hostname", "consh_cgroup",
                "consh_netns", "consh_host_address", "consh_container_address");
        assertThat(set.variables()).extracting(HostVariable::defaultValue).containsExactly("consh", "consh-host", "consh_cgrp",
                "consh", "10.0.0.1/24", "10.0.0.2/24");
        assertThat(set.variables().get(4).path()).containsExactly("network", "hostAddress");
        assertThat(set.target()).isEqualTo("consh_name");
        assertThat(set.uses()).isEmpty();
    }

    @Test
    void aContainerWithoutHostNameCgroupOrNetworkHasOnlyItsName() {
        ContainerSpec bare = dev.jconshgen.dsl.Container.named("bare").hostname(null).build();
        assertThat(bare.cgroup()).isEmpty();
        assertThat(bare.network()).isEmpty();
        assertThat(HostVariables.of(bare).variables()).extracting(HostVariable::name).containsExactly("consh_name");
    }

    @Test
    void aLabsVariablesAreTheLabsThenEachMembersByName() {
        LabSpec trio = GENERATOR.loadLab(Repo.examples().resolve("trio.yaml")).lab();
        HostVariables.Set set = HostVariables.of(trio);
        List<String> names = set.variables().stream().map(HostVariable::name).toList();
        assertThat(names).startsWith("consh_lab_name", "consh_bridge", "consh_bridge_address")
                .contains("consh_web_name", "consh_web_address", "consh_client_netns", "consh_spare_address")
                .doesNotContain("consh_web_host_address");
        assertThat(set.target()).isEqualTo("consh_lab_name");
        HostVariable spare = set.variables().stream().filter(v -> v.name().equals("consh_spare_address")).findFirst().orElseThrow();
        assertThat(spare.path()).containsExactly("containers", 2, "network", "containerAddress");
        assertThat(spare.defaultValue()).isEqualTo("10.0.10.20/24");
    }

    @Test
    void anInnerMembersInsideFollowsItsOuterMembersName() {
        LabSpec nested = GENERATOR.loadLab(Repo.examples().resolve("nested.yaml")).lab();
        HostVariables.Set set = HostVariables.of(nested);
        String inner = nested.inside().keySet().iterator().next();
        String outer = nested.inside().get(inner);
        int innerIndex = nested.containers().indexOf(nested.member(inner).orElseThrow());
        assertThat(set.uses()).containsExactly(new HostVariables.Use(List.of("containers", innerIndex, "inside"),
                "consh_" + outer.replace('-', '_') + "_name"));
        assertThat(set.variables()).extracting(HostVariable::name).contains("consh_" + outer.replace('-', '_') + "_name");
    }

    @Test
    void memberNamesThatWouldCollideAreNumberedByPosition() {
        // names are lower-case letters, digits and inner '-': '-' becomes '_', a digit first or
        // the lab's own "lab" and "bridge" take the position, and a taken position one more '_'
        LabSpec lab = new LabSpec("l", "lbr0", "10.1.1.1/24", false, List.of(member("member3"), member("a-b"), member("9x"),
                member("lab"), member("bridge")));
        assertThat(HostVariables.memberPrefixes(lab)).containsExactly("consh_member3_", "consh_a_b_", "consh_member3__",
                "consh_member4_", "consh_member5_");
    }

    private static ContainerSpec member(String name) {
        return dev.jconshgen.dsl.Container.named(name).build();
    }
}
