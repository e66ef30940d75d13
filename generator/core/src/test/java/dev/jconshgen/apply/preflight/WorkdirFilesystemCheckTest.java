package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WorkdirFilesystemCheckTest {
    private final FakeHost host = new FakeHost();
    private final WorkdirFilesystemCheck check = new WorkdirFilesystemCheck();

    @Test
    void aWorkdirOnExt4IsFine() {
        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }

    @Test
    void aWorkdirNotYetMadeInsideAnOverlayIsABlockerNamingTheMount() {
        // /work is an overlay (a container's root, say); /work/box does not exist yet
        host.mountinfo = FakeHost.ROOT + "\n7 1 0:40 / /work rw - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w";

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("the overlay directory /work/box/ovly", "the layer lower /work/box/lower",
                    "would be on OverlayFS (the overlay mounted at /work)");
            assertThat(b.remedy()).contains("put the work directory /work/box on another file system",
                    "sudo mount -t tmpfs jconshgen /mnt/jconshgen", "cp /work/box.yaml /mnt/jconshgen/",
                    "sudo jconshgen apply /mnt/jconshgen/box.yaml");
        });
    }

    @Test
    void anOverlayMountedOnTheOverlayDirectoryItselfIsABlockerToo() {
        host.existing.add(Path.of("/work/box/ovly"));
        host.mountinfo = FakeHost.ROOT + "\n7 1 0:40 / /work/box/ovly rw - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w";

        assertThat(host.run(check, FakeHost.box())).singleElement()
                .satisfies(b -> assertThat(b.problem()).startsWith("the overlay directory /work/box/ovly would be on OverlayFS"));
    }

    @Test
    void anOverlayElsewhereDoesNotMatter() {
        host.mountinfo = FakeHost.ROOT + "\n7 1 0:40 / /var/lib/docker/x/merged rw - overlay overlay rw,lowerdir=/l";

        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }
}
