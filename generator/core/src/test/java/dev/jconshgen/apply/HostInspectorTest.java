package dev.jconshgen.apply;

import dev.jconshgen.host.ProcFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The leak proof's view of processes, on a made-up /proc: what destroy must still catch. */
class HostInspectorTest {
    @TempDir
    Path proc;

    private static final String HOST_ROOT = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n";

    private void process(String pid, String mountNamespace, String mountinfo) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid).resolve("ns"));
        Files.createSymbolicLink(dir.resolve("mnt"), Path.of(mountNamespace));
        Files.writeString(proc.resolve(pid).resolve("mountinfo"), mountinfo);
    }

    private HostInspector inspector() throws IOException {
        if (!Files.exists(proc.resolve("self"))) {
            process("self", "mnt:[1]", HOST_ROOT);
        }
        return new HostInspector(new ProcFs(proc));
    }

    @Test
    void aProcessLeftInTheContainersMountNamespaceIsNamedOncePerNamespace() throws IOException {
        process("100", "mnt:[1]", HOST_ROOT);
        String container = "40 27 0:50 / / rw - overlay overlay rw,lowerdir=/cache/busybox-x:/w/base,upperdir=/w/ovly/upper,workdir=/w/ovly/work\n";
        process("200", "mnt:[2]", container);
        process("201", "mnt:[2]", container);
        process("300", "mnt:[3]", "40 27 0:51 / / rw - overlay overlay rw,lowerdir=/other/lower,upperdir=/other/ovly/upper,workdir=/other/ovly/work\n");

        HostInspector inspector = inspector();
        assertThat(inspector.processesUsing(Path.of("/w"))).containsExactly(200L);
        assertThat(inspector.containerProcessesOf(Path.of("/w/ovly"))).containsExactly(200L, 201L);
        assertThat(inspector.processesUsing(Path.of("/nothing"))).isEmpty();
    }

    @Test
    void aMountBelowTheWorkDirectoryInTheHostsTableIsNamedButOneAtItIsNot() throws IOException {
        process("100", "mnt:[1]", HOST_ROOT + "30 22 0:40 / /w/ovly/upper/mnt rw - tmpfs tmpfs rw\n");
        assertThat(inspector().processesUsing(Path.of("/w"))).containsExactly(100L);

        Files.writeString(proc.resolve("100/mountinfo"), HOST_ROOT + "30 22 0:40 / /w rw - tmpfs tmpfs rw\n");
        assertThat(inspector().processesUsing(Path.of("/w"))).isEmpty();
    }

    @Test
    void aHostVethThatExistsIsNamedAndOneThatDoesNotIsNot() throws IOException {
        var spec = dev.jconshgen.dsl.Container.named("hbv").network(n -> n.hostAddress("10.231.60.1/24").containerAddress("10.231.60.2/24")).buildUnvalidated();
        Resources r = Resources.of(spec, Path.of("/w"), new ProcFs(proc), 0);
        Files.createDirectories(proc.resolve("self/net"));
        Files.writeString(proc.resolve("self/net/dev"), "h1\nh2\n  lo: 0 0\n");
        assertThat(inspector().kernelResources(r)).noneMatch(found -> found.startsWith("veth"));

        Files.writeString(proc.resolve("self/net/dev"), "h1\nh2\n  lo: 0 0\n" + spec.network().get().hostVeth() + ": 0 0\n");
        assertThat(inspector().kernelResources(r)).contains("veth " + spec.network().get().hostVeth());
    }
}
