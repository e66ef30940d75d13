package dev.jconshgen.spec;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.spec.YamlSpecs.Location;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jconshgen.model.Namespace.IPC;
import static dev.jconshgen.model.Namespace.MOUNT;
import static dev.jconshgen.model.Namespace.NET;
import static dev.jconshgen.model.Namespace.PID;
import static dev.jconshgen.model.Namespace.USER;
import static dev.jconshgen.model.Namespace.UTS;
import static dev.jconshgen.spec.DslSpecs.box;
import static dev.jconshgen.spec.DslSpecs.onlyError;
import static dev.jconshgen.spec.YamlSpecs.locationOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The namespace list and the features that need a namespace. */
class NamespaceValidationTest {

    @Test
    void unknownNamespaceName() {
        String yaml = "name: box\nnamespaces: [user, mount, time]\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("namespaces[2]");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "time"));
        assertThat(error.message()).contains("unknown namespace 'time'", "user, pid, mount, net, ipc, uts, cgroup");
    }

    @Test
    void procNameIsNotASpecName() {
        String yaml = "name: box\nnamespaces:\n  - mnt\n";
        // 'mount' is then missing too; that error is reported beside this one
        SpecError error = YamlSpecs.errors(yaml).stream().filter(e -> e.path().equals("namespaces[0]")).findFirst().orElseThrow();

        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "mnt"));
    }

    @Test
    void namespaceListedTwice() {
        String yaml = "name: box\nnamespaces:\n  - mount\n  - user\n  - mount # again\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("namespaces[2]");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "mount # again"));
        assertThat(error.message()).contains("twice");
    }

    @Test
    void mountNamespaceMissing() {
        SpecError error = onlyError(box().hostname(null).namespaces(USER, PID));

        assertThat(error.path()).isEqualTo("namespaces");
        assertThat(error.message()).contains("must include 'mount'");
    }

    @Test
    void noNamespacesAtAll() {
        String yaml = "name: box\nnamespaces: []\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("namespaces");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "[]"));
    }

    @Test
    void networkWithoutNetNamespace() {
        SpecError error = onlyError(box().namespaces(USER, MOUNT, UTS).network(n -> n));

        assertThat(error.path()).isEqualTo("network");
        assertThat(error.message()).contains("needs the net namespace");
    }

    @Test
    void hostnameWithoutUtsNamespace() {
        SpecError error = onlyError(box().hostname("box").namespaces(USER, MOUNT));

        assertThat(error.path()).isEqualTo("hostname");
        assertThat(error.message()).contains("needs the uts namespace");
    }

    @Test
    void hostnameWithoutUtsNamespaceInYaml() {
        String yaml = "name: box\nhostname: box-host\nnamespaces: [mount]\n";
        SpecError error = YamlSpecs.onlyError(yaml);

        assertThat(error.path()).isEqualTo("hostname");
        assertThat(locationOf(error)).isEqualTo(Location.of(yaml, "box-host"));
    }

    @Test
    void mapRootUserFalseWithUserNamespace() {
        SpecError error = onlyError(box().mapRootUser(false));

        assertThat(error.path()).isEqualTo("user.mapRootUser");
        assertThat(error.message()).contains("must be true");
    }

    @Test
    void mapRootUserFalseWithoutUserNamespaceIsFine() {
        ContainerSpec spec = box().namespaces(PID, MOUNT, UTS).mapRootUser(false).build();

        assertThat(spec.mapRootUser()).isFalse();
        assertThat(spec.has(USER)).isFalse();
    }

    @Test
    void smallestUsableSet() {
        ContainerSpec spec = box().hostname(null).namespaces(MOUNT).build();

        assertThat(spec.namespaces()).containsExactly(MOUNT);
    }

    @Test
    void orderOfTheListDoesNotMatter() {
        ContainerSpec spec = YamlSpecs.parse("name: box\nnamespaces: [uts, ipc, net, mount, pid, user]\n");

        assertThat(List.copyOf(spec.namespaces())).containsExactly(USER, PID, MOUNT, NET, IPC, UTS);
        assertThat(spec.has(Namespace.CGROUP)).isFalse();
    }
}
