package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RootlessDirsCheckTest {
    private final FakeHost host = new FakeHost();
    private final RootlessDirsCheck check = new RootlessDirsCheck();

    FakeHost user() {
        host.uid = 1000;
        host.env.put("XDG_RUNTIME_DIR", "/run/user/1000");
        host.env.put("HOME", "/home/u");
        host.existing.addAll(java.util.List.of(Path.of("/run/user/1000"), Path.of("/home/u")));
        host.owners.put(Path.of("/run/user/1000"), 1000L);
        host.owners.put(Path.of("/home/u"), 1000L);
        host.owners.put(Path.of("/work"), 1000L);
        return host;
    }

    @Test
    void rootIsNotCheckedHere() {
        host.notWritable.add(Path.of("/work"));
        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }

    @Test
    void aUserWithItsOwnDirectoriesIsReady() {
        assertThat(user().run(check, FakeHost.box())).isEmpty();
    }

    @Test
    void aStateDirectoryThatCannotBeCreated() {
        user().env.remove("XDG_RUNTIME_DIR");
        host.existing.add(Path.of("/tmp"));
        host.notWritable.add(Path.of("/tmp"));

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).isEqualTo("the state directory /tmp/jconshgen-1000 cannot be created: uid 1000 may not write to /tmp");
            assertThat(b.remedy()).contains("JCONSHGEN_STATE_DIR");
        });
    }

    @Test
    void aStateDirectoryOfSomebodyElseIsRefusedEvenWhenWritable() {
        user().env.put("JCONSHGEN_STATE_DIR", "/tmp/shared");
        host.existing.add(Path.of("/tmp/shared"));
        host.owners.put(Path.of("/tmp/shared"), 1001L);

        assertThat(host.run(check, FakeHost.box())).singleElement()
                .satisfies(b -> assertThat(b.problem()).isEqualTo("the state directory /tmp/shared belongs to uid 1001, not to uid 1000"));
    }

    @Test
    void aLayerCacheInAHomeThatCannotBeWritten() {
        user().notWritable.add(Path.of("/home/u"));

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("busybox layer cache /home/u/.cache/jconshgen/layers cannot be created");
            assertThat(b.remedy()).contains("JCONSHGEN_CACHE_DIR");
        });
    }

    @Test
    void aWorkDirectoryInAnotherUsersDirectory() {
        user().owners.put(Path.of("/work"), 0L);
        host.notWritable.add(Path.of("/work"));

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).isEqualTo("the work directory /work/box cannot be created: uid 1000 may not write to /work");
            assertThat(b.remedy()).contains("sudo chown 1000 /work");
        });
    }
}
