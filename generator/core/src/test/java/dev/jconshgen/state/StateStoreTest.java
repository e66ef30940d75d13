package dev.jconshgen.state;

import dev.jconshgen.core.JconshgenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStoreTest {
    @TempDir
    Path root;

    ContainerState state(String name) {
        return new ContainerState(name, Path.of("/specs/" + name + ".yaml"), Path.of("/work dir/" + name), true, false, true, 1000,
                4242, 987654, List.of(Path.of("/sys/fs/cgroup/unified/c"), Path.of("/sys/fs/cgroup/pids/c")), 4026532261L);
    }

    @Test
    void savesAndLoadsEveryField() {
        StateStore store = new StateStore(root);
        store.save(state("consh"));
        assertThat(store.load("consh")).contains(state("consh"));
        assertThat(store.load("other")).isEmpty();
    }

    @Test
    void listsAndRemovesContainers() throws IOException {
        StateStore store = new StateStore(root);
        store.save(state("b"));
        store.save(state("a"));
        Files.createDirectories(root.resolve("not-a-container"));
        assertThat(store.names()).containsExactly("a", "b");
        Files.writeString(store.pidFile("a"), "1\n");
        store.remove("a");
        assertThat(store.names()).containsExactly("b");
        assertThat(root.resolve("a")).doesNotExist();
        store.remove("a"); // twice is fine
    }

    @Test
    void aNameCanBeClaimedOnce() {
        StateStore store = new StateStore(root.resolve("fresh"));
        assertThat(store.claim("consh")).isTrue();
        assertThat(store.claim("consh")).isFalse();
        store.remove("consh");
        assertThat(store.claim("consh")).isTrue();
    }

    @Test
    void aMissingRootListsNothing() {
        assertThat(new StateStore(root.resolve("absent")).names()).isEmpty();
    }

    @Test
    void anUnreadableStateFileIsAClearError() throws IOException {
        StateStore store = new StateStore(root);
        Files.createDirectories(root.resolve("x"));
        Files.writeString(store.stateFile("x"), "{\"name\": \"x\", \"pid\": \"not-a-number\"}\n");
        assertThatThrownBy(() -> store.load("x")).isInstanceOf(JconshgenException.class)
                .hasMessageContaining(store.stateFile("x").toString()).hasMessageContaining("line 1").hasMessageContaining("remove it by hand");
    }

    @Test
    void pathsAreKeptAsTheirPlainStringsWhateverTheyHold() throws IOException {
        StateStore store = new StateStore(root);
        ContainerState odd = new ContainerState("odd", Path.of("/specs/a:b c.yaml"), Path.of("/w/$(x) ü\nnext"), true, false, true, 0,
                1, 2, List.of(Path.of("/sys/fs/cgroup/a:b")), 0);
        store.save(odd);
        assertThat(store.load("odd")).contains(odd);
        // readable: the path as it is, not a file: URI
        assertThat(Files.readString(store.stateFile("odd"))).contains("\"specFile\": \"/specs/a:b c.yaml\"");
    }

    @Test
    void aStateFileFromANewerVersionStillReads() throws IOException {
        StateStore store = new StateStore(root);
        store.save(state("c"));
        String json = Files.readString(store.stateFile("c"));
        Files.writeString(store.stateFile("c"), json.replaceFirst("\\{", "{\"addedLater\": 1,"));
        assertThat(store.load("c")).contains(state("c"));
    }

    @Test
    void anUnwritableRootNamesTheWayOut() throws IOException {
        Path file = root.resolve("file");
        Files.writeString(file, "");
        assertThatThrownBy(() -> new StateStore(file).save(state("c")))
                .isInstanceOf(JconshgenException.class).hasMessageContaining(StateStore.ENV_ROOT);
    }

    @Test
    void applyEndedOnlyOnceMarkedAndUntilTheStateIsRemoved() {
        StateStore store = new StateStore(root);
        assertThat(store.claim("c1")).isTrue();
        assertThat(store.applyEnded("c1")).isFalse();
        store.markApplyEnded("c1");
        assertThat(store.applyEnded("c1")).isTrue();
        assertThat(store.applyEnded("c2")).isFalse();
        store.remove("c1");
        assertThat(store.applyEnded("c1")).isFalse();
    }
}
