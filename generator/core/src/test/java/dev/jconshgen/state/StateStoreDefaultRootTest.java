package dev.jconshgen.state;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StateStoreDefaultRootTest {
    static Path root(Map<String, String> env, long uid) {
        return StateStore.defaultRoot(name -> Optional.ofNullable(env.get(name)), uid);
    }

    @Test
    void theVariableWinsForEveryone() {
        assertThat(root(Map.of("JCONSHGEN_STATE_DIR", "/x", "XDG_RUNTIME_DIR", "/run/user/1000"), 1000)).isEqualTo(Path.of("/x"));
        assertThat(root(Map.of("JCONSHGEN_STATE_DIR", "/x"), 0)).isEqualTo(Path.of("/x"));
    }

    @Test
    void rootKeepsRunJconshgen() {
        assertThat(root(Map.of("XDG_RUNTIME_DIR", "/run/user/0"), 0)).isEqualTo(Path.of("/run/jconshgen"));
    }

    @Test
    void aUserGetsItsRuntimeDirectoryOrTmpWithItsUid() {
        assertThat(root(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), 1000)).isEqualTo(Path.of("/run/user/1000/jconshgen"));
        assertThat(root(Map.of("XDG_RUNTIME_DIR", ""), 1000)).isEqualTo(Path.of("/tmp/jconshgen-1000"));
        assertThat(root(Map.of(), 1000)).isEqualTo(Path.of("/tmp/jconshgen-1000"));
    }
}
