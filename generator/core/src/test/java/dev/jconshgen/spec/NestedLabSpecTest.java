package dev.jconshgen.spec;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.dsl.Lab;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.model.Namespace;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A lab member inside another ('inside: OUTER'): what it gets, and every rule it must follow, each at its line. */
class NestedLabSpecTest {
    static final String HEAD = """
            kind: Lab
            name: nest
            network: {bridge: nestbr0, address: 10.0.20.1/24}
            containers:
              - name: outer
            """;

    private static List<String> errors(String members) {
        return LabSpecLoaderTest.errors(HEAD + members).stream().map(SpecError::format).toList();
    }

    @Test
    void anInnerMemberHasNoNetworkAndEveryNamespaceButCgroup() {
        LabSpec lab = LabSpecLoaderTest.parse(HEAD + """
                  - name: inner
                    inside: outer
                    hostname: inner-host
                  - name: third
                """);

        ContainerSpec inner = lab.member("inner").orElseThrow();
        assertThat(lab.outerOf("inner")).contains("outer");
        assertThat(lab.isInner("outer")).isFalse();
        assertThat(inner.network()).isEmpty();
        assertThat(inner.namespaces()).isEqualTo(EnumSet.complementOf(EnumSet.of(Namespace.CGROUP)));
        assertThat(inner.hostname()).isEqualTo("inner-host");
        assertThat(lab.networked()).extracting(ContainerSpec::name).containsExactly("outer", "third");
        // the members after it keep their addresses by position
        assertThat(lab.member("third").orElseThrow().network().orElseThrow().containerAddress()).isEqualTo("10.0.20.4/24");
        // written and read back: the writer writes 'inside' and no workdir or network for it
        String written = SpecYamlWriter.write(lab);
        assertThat(written).contains("inside: outer");
        assertThat(LabSpecLoaderTest.parse(written)).isEqualTo(lab);
    }

    @Test
    void theDslBuildsTheSameLabAndRefusesInsideOnAPlainContainer() {
        LabSpec fromYaml = LabSpecLoaderTest.parse(HEAD + "  - {name: inner, inside: outer}\n");
        LabSpec fromJava = Lab.named("nest").bridge("nestbr0").address("10.0.20.1/24")
                .container(Container.named("outer")).container(Container.named("inner").inside("outer")).build();
        assertThat(fromJava).isEqualTo(fromYaml);
        assertThatThrownBy(() -> Container.named("inner").inside("outer").build()).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("only a member of a lab can be inside another member");
    }

    @Test
    void theOuterMustBeAnEarlierNonInnerMemberWithBusyboxAndUserAndPidNamespaces() {
        assertThat(errors("  - {name: inner, inside: nobody}\n"))
                .singleElement().asString().contains(":6:", "containers[1].inside", "'nobody' is not a member of this lab (members: outer, inner)");
        assertThat(errors("  - {name: inner, inside: inner}\n"))
                .singleElement().asString().contains("containers[1].inside", "cannot be inside itself");
        assertThat(errors("  - {name: inner, inside: later}\n  - {name: later}\n"))
                .singleElement().asString().contains("containers[1].inside", "'later' comes after this member");
        assertThat(errors("  - {name: a, inside: outer}\n  - {name: b, inside: a}\n"))
                .singleElement().asString().contains("containers[2].inside", "'a' runs inside 'outer' itself: one level of nesting only");
        assertThat(LabSpecLoaderTest.errors("""
                kind: Lab
                name: nest
                network: {bridge: nestbr0, address: 10.0.20.1/24}
                containers:
                  - {name: outer, namespaces: [mount, net, uts], rootfs: {layers: [{directory: {dir: base}}]}}
                  - {name: inner, inside: outer}
                """).stream().map(SpecError::format).toList())
                .anySatisfy(m -> assertThat(m).contains("containers[1].inside", "'outer' has no busybox layer"))
                .anySatisfy(m -> assertThat(m).contains("containers[1].inside", "'outer' needs the user and pid namespaces"));
    }

    @Test
    void anInnerMemberHasWhatBusyboxCanMakeInsideAContainerAndNothingElse() {
        List<String> errors = errors("""
                  - name: inner
                    inside: outer
                    workdir: elsewhere
                    network: {netns: innerns}
                    cgroup: {limits: {pids: 10}}
                    namespaces: [user, mount, cgroup]
                    rootfs: {layers: [{busybox: {}}, {directory: {dir: extra}}]}
                    user: {mapRootUser: false}
                    probes: [{tcp: {port: 80}}, {exec: {command: [hostname]}}]
                """);

        assertThat(errors).anySatisfy(m -> assertThat(m).contains(":8:", "containers[1].workdir", "/nested/NAME inside its outer container"));
        assertThat(errors).anySatisfy(m -> assertThat(m).contains(":9:", "containers[1].network", "whose ip cannot make a veth pair"));
        assertThat(errors).anySatisfy(m -> assertThat(m).contains(":10:", "containers[1].cgroup", "no cgroup of its own"));
        assertThat(errors).anySatisfy(m -> assertThat(m).contains(":11:", "containers[1].namespaces", "has no --cgroup"));
        assertThat(errors).anySatisfy(m -> assertThat(m).contains(":11:", "containers[1].namespaces", "needs the user and pid namespaces"));
        assertThat(errors).anySatisfy(m -> assertThat(m).contains(":12:", "containers[1].rootfs.layers", "one layer, busybox"));
        // as for any container: root mapped with a user namespace, and no tcp probe without a network
        assertThat(errors).anySatisfy(m -> assertThat(m).contains(":13:", "containers[1].user.mapRootUser", "must be true"));
        assertThat(errors).anySatisfy(m -> assertThat(m).contains(":14:", "containers[1].probes[0].tcp", "needs 'network'"));
        assertThat(errors).hasSize(8);
    }

    @Test
    void anInnerMembersLayerAndOverlayDirectoryHaveTheirFixedNames() {
        List<String> errors = errors("""
                  - name: inner
                    inside: outer
                    rootfs: {layers: [{busybox: {dir: base}}], overlay: mine}
                """);
        assertThat(errors).anySatisfy(m -> assertThat(m).contains("containers[1].rootfs.layers[0].busybox.dir", "remove 'dir'"));
        assertThat(errors).anySatisfy(m -> assertThat(m).contains("containers[1].rootfs.overlay", "remove 'overlay'"));
        assertThat(errors).hasSize(2);
    }

    @Test
    void insideIsNotAFieldOfAContainerDocument() {
        assertThatThrownBy(() -> new YamlSpecLoader().parse(YamlSpecs.FILE, "name: a\ninside: b\n"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("unknown key 'inside'");
    }
}
