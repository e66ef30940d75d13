package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryLayerCheckTest {
    private final FakeHost host = new FakeHost();
    private final DirectoryLayerCheck check = new DirectoryLayerCheck();

    @Test
    void aMissingDirectoryLayerIsABlockerToPrepare() {
        assertThat(host.run(check, FakeHost.box().busyboxLayer("lower").directoryLayer("my layer"))).singleElement().satisfies(b -> {
            assertThat(b.problem()).isEqualTo("the directory layer /work/box/my layer does not exist");
            assertThat(b.remedy()).startsWith("prepare it first: mkdir -p '/work/box/my layer' ");
        });
    }

    @Test
    void anExistingDirectoryLayerAndABusyboxLayerToBeBuiltAreFine() {
        host.existing.add(Path.of("/work/box/extra"));

        assertThat(host.run(check, FakeHost.box().busyboxLayer("lower").directoryLayer("extra"))).isEmpty();
    }
}
