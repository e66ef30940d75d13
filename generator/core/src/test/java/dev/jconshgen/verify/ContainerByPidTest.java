package dev.jconshgen.verify;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.layers.CachedLayers;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PID is a container's before any check runs; --pid-of finds exactly one first process. */
class ContainerByPidTest {
    @TempDir
    Path proc;

    private ContainerSpec spec;

    @BeforeEach
    void hostAndSpec() throws IOException {
        // This process (PID 1000, uid 0) in the host's namespaces, /proc/self pointing at it.
        process(1000, 1, "java", 0, "host");
        Files.createSymbolicLink(proc.resolve("self"), Path.of("1000"));
        spec = new YamlSpecLoader().load(Repo.labSpec()).spec();
    }

    /** A process: its stat (state S, parent, start time 5000+pid), status, comm and namespace links with the given tag. */
    private void process(long pid, long parent, String comm, long uid, String namespaces) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + parent + " 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " + (5000 + pid) + " 0 0\n");
        Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
        Files.writeString(dir.resolve("comm"), comm + "\n");
        Files.createDirectories(dir.resolve("ns"));
        for (Namespace namespace : Namespace.values()) {
            String id = namespaces.equals("host") ? "4026531" + namespace.ordinal() : namespaces + namespace.ordinal();
            Files.createSymbolicLink(dir.resolve("ns").resolve(namespace.procName()), Path.of(namespace.procName() + ":[" + id + "]"));
        }
    }

    private ContainerByPid finder() {
        return new ContainerByPid(new ProcFs(proc));
    }

    @Test
    void aContainersFirstProcessIsAttachedWithItsOwnerAndStartTime() throws IOException {
        process(2000, 1999, "sh", 1000, "77700");
        process(1999, 1, "unshare", 1000, "host");
        Target target = finder().attach(spec, Path.of("/w"), 2000, 0, null);
        assertThat(target.found()).isEqualTo(Target.Found.BY_PID);
        assertThat(target.ownerUid()).as("the host user its processes run as").isEqualTo(1000);
        assertThat(target.pidStartTime()).isEqualTo(7000);
        assertThat(target.workdir()).isEqualTo(Path.of("/w"));
    }

    @Test
    void aPidThatIsGoneOrAZombieIsRefused() throws IOException {
        assertThatThrownBy(() -> finder().attach(spec, Path.of("/w"), 4242, 0, null))
                .isInstanceOf(JconshgenException.class).hasMessageContaining("no process 4242 (it has ended, or never ran)")
                .satisfies(e -> assertThat(((JconshgenException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
        process(2001, 1, "sh", 0, "77700");
        Files.writeString(proc.resolve("2001/stat"), "2001 (sh) Z 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7001 0 0\n");
        assertThatThrownBy(() -> finder().attach(spec, Path.of("/w"), 2001, 0, null)).hasMessageContaining("no process 2001");
    }

    @Test
    void aProcessInTheHostsNamespacesIsNotAContainer() throws IOException {
        process(3000, 1, "sleep", 0, "host");
        assertThatThrownBy(() -> finder().attach(spec, Path.of("/w"), 3000, 0, null))
                .hasMessageContaining("process 3000 is not in a container: every namespace of it is the host's")
                .satisfies(e -> assertThat(((JconshgenException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
    }

    @Test
    void anOrdinaryUserMayOnlyAttachToTheirOwnContainers() throws IOException {
        process(2000, 1, "sh", 0, "77700");
        assertThatThrownBy(() -> finder().attach(spec, Path.of("/w"), 2000, 1000, null))
                .hasMessageContaining("process 2000 runs as uid 0, not as you (uid 1000)");
        process(2100, 1, "sh", 1000, "77800");
        assertThat(finder().attach(spec, Path.of("/w"), 2100, 1000, null).ownerUid()).isEqualTo(1000);
        assertThat(finder().attach(spec, Path.of("/w"), 2000, 0, null).ownerUid()).as("root reads anybody's").isZero();
    }

    @Test
    void pidOfFindsTheOneFirstProcessNotItsChildrenNorTheHostsProcesses() throws IOException {
        process(10, 1, "sh", 0, "host");
        process(1999, 1, "unshare", 0, "host");
        process(2000, 1999, "sh", 0, "77700");
        // the container shell's child: the same namespaces as its parent
        process(2005, 2000, "sh", 0, "77700");
        assertThat(finder().pidOf("sh")).isEqualTo(2000);
    }

    @Test
    void pidOfWithNoneOrSeveralCandidatesSaysWhatItSaw() throws IOException {
        assertThatThrownBy(() -> finder().pidOf("sh")).hasMessageContaining("(no process has that name)");
        process(10, 1, "sh", 0, "host");
        assertThatThrownBy(() -> finder().pidOf("sh")).hasMessageContaining("no process named sh is the first process of a container")
                .hasMessageContaining("children: 10)");
        process(2000, 1, "sh", 0, "77700");
        process(3000, 1, "sh", 0, "88800");
        assertThatThrownBy(() -> finder().pidOf("sh"))
                .hasMessageContaining("several containers' first processes are named sh: 2000 (user pid mount net ipc uts cgroup), 3000 (")
                .satisfies(e -> assertThat(((JconshgenException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
    }

    @Test
    void pidOfComparesTheKernelsShortenedName() throws IOException {
        process(2000, 1, "a-long-program-", 0, "77700");
        assertThat(finder().pidOf("a-long-program-name")).as("comm keeps 15 characters").isEqualTo(2000);
    }

    @Test
    void aBusyboxLayerFromJconshgensCacheIsTheSpecsBusyboxLayer() throws IOException {
        process(2000, 1, "sh", 0, "77700");
        Path cache = Path.of("/var/cache/jconshgen/layers");
        Files.writeString(proc.resolve("2000/mountinfo"), "1 0 0:1 / / rw - overlay overlay rw,lowerdir=/var/cache/jconshgen/layers/busybox-ab12-"
                + "95a1:/w/extra,upperdir=/w/ovly/upper,workdir=/w/ovly/work\n");
        assertThat(finder().cachedLayers(2000, cache)).isEqualTo(new CachedLayers(
                Optional.of(Path.of("/var/cache/jconshgen/layers/busybox-ab12-95a1")), Optional.empty()));
        assertThat(finder().cachedLayers(2000, Path.of("/elsewhere"))).as("another cache's is not ours").isEqualTo(CachedLayers.NONE);
        Files.writeString(proc.resolve("2000/mountinfo"), "1 0 0:1 / / rw - overlay overlay rw,lowerdir=/w/lower,upperdir=/w/ovly/upper\n");
        assertThat(finder().cachedLayers(2000, cache)).isEqualTo(CachedLayers.NONE);
    }

    @Test
    void imageLayersFromJconshgensCacheAreTheSpecsImageLayers() throws IOException {
        process(2000, 1, "sh", 0, "77700");
        Path cache = Path.of("/var/cache/jconshgen/layers");
        Files.writeString(proc.resolve("2000/mountinfo"), "1 0 0:1 / / rw - overlay overlay rw,lowerdir=/var/cache/jconshgen/layers/images/sha256-"
                + "ab:/w/lower,upperdir=/w/ovly/upper,workdir=/w/ovly/work\n");
        assertThat(finder().cachedLayers(2000, cache)).isEqualTo(new CachedLayers(Optional.empty(), Optional.of(cache.resolve("images"))));
    }

    @Test
    void theSpecsImageLayersInAnotherCacheAreTheSpecsToo() throws IOException {
        process(2000, 1, "sh", 0, "77700");
        String hex = "ab".repeat(32);
        var image = new dev.jconshgen.model.Layer.Image("img", null, null,
                java.util.List.of(new dev.jconshgen.model.Layer.Image.Blob("sha256:" + hex, true, "blobs/sha256/" + hex)));
        ContainerSpec spec = dev.jconshgen.dsl.Container.named("c").busyboxLayer().imageLayer(image).build();
        Files.writeString(proc.resolve("2000/mountinfo"), "1 0 0:1 / / rw - overlay overlay rw,lowerdir=/home/u/.cache/jconshgen/layers/"
                + "images/sha256-" + hex + ":/w/lower,upperdir=/w/ovly/upper,workdir=/w/ovly/work\n");
        Path mine = Path.of("/var/cache/jconshgen/layers");
        assertThat(finder().cachedLayers(2000, mine, spec)).isEqualTo(new CachedLayers(Optional.empty(),
                Optional.of(Path.of("/home/u/.cache/jconshgen/layers/images"))));
        assertThat(finder().cachedLayers(2000, mine, null)).as("without the spec's digests").isEqualTo(CachedLayers.NONE);
    }
}
