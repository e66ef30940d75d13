package dev.jconshgen.spec;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.model.NetworkSpec;
import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** kind: Lab from YAML: members' defaults from the lab, and every cross-member error located at its field. */
class LabSpecLoaderTest {
    static final String HEAD = """
            kind: Lab
            name: trio
            network: {bridge: labbr0, address: 10.0.10.1/24, defaultRoute: true}
            containers:
            """;

    static LabSpec parse(String yaml) {
        return new YamlSpecLoader().parseLab(YamlSpecs.FILE, yaml);
    }

    static List<SpecError> errors(String yaml) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> parse(yaml));
        assertThat(e).as("lab should be rejected:%n%s", yaml).isNotNull();
        return e.errors();
    }

    static SpecError only(String yaml) {
        List<SpecError> errors = errors(yaml);
        assertThat(errors).as("errors of%n%s", yaml).hasSize(1);
        return errors.get(0);
    }

    @Test
    void membersGetTheLabsBridgeAddressAndRouteTheirNameAsNetnsAndAddressesAfterTheBridges() {
        LabSpec lab = parse(HEAD + """
                  - name: web
                  - name: db
                    network: {netns: dbns, containerAddress: 10.0.10.20/24}
                  - name: spare
                """);

        assertThat(lab.name()).isEqualTo("trio");
        assertThat(lab.containers()).extracting(ContainerSpec::name).containsExactly("web", "db", "spare");
        assertThat(lab.containers()).extracting(c -> c.network().orElseThrow()).containsExactly(
                new NetworkSpec("web", "10.0.10.1/24", "10.0.10.2/24", "labbr0", true),
                new NetworkSpec("dbns", "10.0.10.1/24", "10.0.10.20/24", "labbr0", true),
                new NetworkSpec("spare", "10.0.10.1/24", "10.0.10.4/24", "labbr0", true));
        assertThat(lab.member("db").orElseThrow().workdir()).isEqualTo("db");
    }

    @Test
    void theKindIsRecognised() {
        assertThat(YamlSpecLoader.isLab(HEAD + "  - name: a\n  - name: b\n")).isTrue();
        assertThat(YamlSpecLoader.isLab("kind: Container\nname: a\n")).isFalse();
        assertThat(YamlSpecLoader.isLab("name: a\n")).isFalse();
        assertThat(YamlSpecLoader.isLab("{{{ not yaml")).isFalse();
    }

    @Test
    void loadEitherReadsAFileOnceAndGivesTheKindItSays(@TempDir Path dir) throws Exception {
        Path lab = Files.writeString(dir.resolve("lab.yaml"), HEAD + "  - name: a\n  - name: b\n");
        Path container = Files.writeString(dir.resolve("one.yaml"), "name: one\n");
        Path notYaml = Files.writeString(dir.resolve("bad.yaml"), "{{{ not yaml\n");
        YamlSpecLoader loader = new YamlSpecLoader();

        assertThat(loader.loadEither(lab)).isInstanceOfSatisfying(YamlSpecLoader.LoadedLab.class,
                loaded -> assertThat(loaded.lab().containers()).extracting(ContainerSpec::name).containsExactly("a", "b"));
        assertThat(loader.loadEither(container)).isInstanceOfSatisfying(YamlSpecLoader.LoadedSpec.class,
                loaded -> assertThat(loaded.spec().name()).isEqualTo("one"));
        // what is not YAML gets the errors loading it as a container gives
        InvalidSpecException either = catchThrowableOfType(InvalidSpecException.class, () -> loader.loadEither(notYaml));
        InvalidSpecException asContainer = catchThrowableOfType(InvalidSpecException.class, () -> loader.load(notYaml));
        assertThat(either).isNotNull();
        assertThat(either.errors()).isEqualTo(asContainer.errors());
    }

    @Test
    void aSharedNetnsIsAnErrorAtTheLaterMembersField() {
        String yaml = HEAD + "  - name: a\n    network: {netns: same}\n  - name: b\n    network: {netns: other}\n  - name: c\n    network: {netns: same }\n";
        SpecError error = only(yaml);
        assertThat(error.path()).isEqualTo("containers[2].network.netns");
        assertThat(error.message()).isEqualTo("netns 'same' is also containers[0]'s (each member needs its own)");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "same }"));
    }

    @Test
    void sharedNamesAddressesCgroupsAndDirectoriesAreEachReported() {
        String yaml = HEAD + """
                  - name: a
                    cgroup: {name: cg}
                    network: {containerAddress: 10.0.10.7/24}
                  - name: b
                    workdir: a
                    cgroup: {name: cg}
                    network: {containerAddress: 10.0.10.7/24}
                """;
        assertThat(errors(yaml)).extracting(SpecError::path).containsExactly(
                "containers[1].rootfs.overlay", "containers[1].workdir", "containers[1].cgroup.name", "containers[1].network.containerAddress");
        SpecError address = errors(yaml).get(3);
        assertThat(locationOf(address)).isEqualTo(new Location(11, 33)); // the second "10.0.10.7/24"
    }

    @Test
    void anAddressOutsideTheSubnetOrTheBridgesOwnIsRefused() {
        assertThat(only(HEAD + "  - name: a\n    network: {containerAddress: 10.0.11.2/24}\n  - name: b\n").message())
                .isEqualTo("10.0.11.2/24 is not in the lab's subnet (the bridge's address 10.0.10.1/24: same prefix and network)");
        assertThat(only(HEAD + "  - name: a\n    network: {containerAddress: 10.0.10.1/24}\n  - name: b\n").message())
                .isEqualTo("is the bridge's own address (10.0.10.1): use another one");
    }

    @Test
    void aMemberWithTheLabsOwnNetworkFieldsIsToldWhereTheyGo() {
        String yaml = HEAD + "  - name: a\n    network: {bridge: x, hostAddress: 10.0.10.9/24, defaultRoute: false}\n  - name: b\n";
        List<SpecError> errors = errors(yaml);
        assertThat(errors).extracting(SpecError::path).containsExactly(
                "containers[0].network.bridge", "containers[0].network.hostAddress", "containers[0].network.defaultRoute");
        assertThat(errors.get(0).message()).contains("set 'network.bridge' of the lab");
        assertThat(locationOf(errors.get(1))).isEqualTo(Location.of(yaml, "10.0.10.9/24"));
    }

    @Test
    void aBridgeNamedLikeAMembersVethIsRefused() {
        SpecError error = only(HEAD.replace("labbr0", "a-0") + "  - name: a\n  - name: b\n");
        assertThat(error.path()).isEqualTo("containers[0].network.netns");
        assertThat(error.message()).contains("would have the name of the lab's bridge a-0");
    }

    /** Found by SpecLoaderFuzzTest: the names were quoted as they are, an escape sequence and all. */
    @Test
    void controlCharactersInNamesTheLabComparesAreEscapedInItsMessages() {
        String escape = "\\u001b[31m";
        List<SpecError> errors = errors("kind: Lab\nname: \"x" + escape + "\"\nnetwork: {bridge: \"n" + escape + "-0\", address: 10.0.10.1/24}\n"
                + "containers:\n  - name: \"x" + escape + "\"\n  - name: b\n    network: {netns: \"n" + escape + "\"}\n");

        assertThat(errors).filteredOn(e -> e.path().equals("containers[0].name")).extracting(SpecError::message)
                .anySatisfy(m -> assertThat(m).startsWith("'x\\x1b[31m' is the lab's own name"));
        assertThat(errors).filteredOn(e -> e.path().equals("containers[1].network.netns")).extracting(SpecError::message)
                .anySatisfy(m -> assertThat(m).startsWith("the veth ends n\\x1b[31m-0/n\\x1b[31m-1 would have the name of the lab's bridge"));
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).doesNotContain("\u001b"));
    }

    @Test
    void aLabNeedsTwoMembersABridgeAndAnAddress() {
        List<SpecError> errors = errors("kind: Lab\nname: x\nnetwork: {}\ncontainers:\n  - name: a\n");
        assertThat(errors).extracting(SpecError::path).containsExactly("network.bridge", "network.address", "containers");
        assertThat(errors.get(2).message()).isEqualTo("has 1 container(s); a lab needs at least 2 (for one container, write a kind: Container spec)");
        assertThat(errors("kind: Lab\nname: x\ncontainers: []\n")).extracting(SpecError::path)
                .containsExactly("network", "network.bridge", "network.address", "containers");
    }

    @Test
    void aMemberNamedLikeTheLabAndMemberKeysOfADocumentAreRefused() {
        List<SpecError> errors = errors(HEAD + "  - name: trio\n  - name: b\n    kind: Container\n");
        assertThat(errors).extracting(SpecError::path).containsExactly("containers[0].name", "containers[1].kind");
        assertThat(errors.get(1).message()).startsWith("unknown key 'kind'");
    }

    @Test
    void aMembersOwnErrorsCarryItsIndexAndLine() {
        String yaml = HEAD + "  - name: a\n  - name: b\n    hostname: bad_host\n    rootfs: {layers: [{busybox: {}}, {directory: {dir: ../x}}]}\n";
        List<SpecError> errors = errors(yaml);
        assertThat(errors).extracting(SpecError::path).containsExactly("containers[1].hostname", "containers[1].rootfs.layers[1].directory.dir");
        assertThat(locationOf(errors.get(1))).isEqualTo(Location.of(yaml, "../x"));
    }

    @Test
    void aContainerSpecLoaderRefusesALab() {
        assertThat(YamlSpecs.errors(HEAD + "  - name: a\n  - name: b\n"))
                .anySatisfy(e -> assertThat(e.format()).isEqualTo("spec.yaml:1:7: kind: 'Lab' is not supported (use 'Container')"));
    }
}
