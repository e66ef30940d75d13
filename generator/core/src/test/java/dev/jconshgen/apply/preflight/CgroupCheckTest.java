package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupCheckTest {
    private final FakeHost host = new FakeHost();
    private final CgroupCheck check = new CgroupCheck();

    @Test
    void aWritableHierarchyIsFine() {
        assertThat(host.run(check, FakeHost.labLike())).isEmpty();
    }

    @Test
    void withoutACgroupInTheSpecNothingIsAsked() {
        host.mountinfo = FakeHost.ROOT;

        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }

    @Test
    void nothingMountedAtSysFsCgroupIsABlocker() {
        host.mountinfo = FakeHost.ROOT;

        assertThat(host.run(check, FakeHost.labLike())).singleElement().satisfies(b -> {
            assertThat(b.problem()).startsWith("no cgroup file system is mounted at /sys/fs/cgroup");
            assertThat(b.remedy()).startsWith("sudo mount -t cgroup2 cgroup2 /sys/fs/cgroup ").contains("remove 'cgroup:'");
        });
    }

    @Test
    void aTmpfsWithNoHierarchyUnderItIsABlockerNotAFakeCgroup() {
        host.mountinfo = FakeHost.ROOT + "\n2 1 0:20 / /sys/fs/cgroup rw - tmpfs tmpfs rw";

        assertThat(host.run(check, FakeHost.labLike())).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("tmpfs with no cgroup hierarchy", "plain directory");
            assertThat(b.remedy()).startsWith("sudo mkdir -p /sys/fs/cgroup/unified && sudo mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified");
        });
    }

    @Test
    void aTmpfsMountedOverTheHybridHierarchiesHidesThem() {
        host.mountinfo = FakeHost.HYBRID + "\n9 1 0:30 / /sys/fs/cgroup rw - tmpfs tmpfs rw";

        assertThat(host.run(check, FakeHost.labLike())).singleElement()
                .satisfies(b -> assertThat(b.problem()).contains("tmpfs with no cgroup hierarchy"));
    }

    @Test
    void aReadOnlyHierarchyIsABlockerWithTheRemount() {
        host.readOnly.add(Path.of("/sys/fs/cgroup/unified"));

        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).singleElement().satisfies(b -> {
            assertThat(b.problem()).isEqualTo("the cgroup /sys/fs/cgroup/unified/box_cg cannot be created:"
                    + " /sys/fs/cgroup/unified is on a read-only mount (/sys/fs/cgroup/unified)");
            assertThat(b.remedy()).startsWith("sudo mount -o remount,rw /sys/fs/cgroup/unified ");
        });
    }

    @Test
    void aParentTheCallerMayNotWriteIsABlocker() {
        host.uid = 1000;
        host.notWritable.add(Path.of("/sys/fs/cgroup/unified"));

        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("uid 1000 may not write to /sys/fs/cgroup/unified");
            assertThat(b.remedy()).startsWith("run apply as root: sudo jconshgen apply /work/box.yaml");
        });
    }

    @Test
    void aLimitWhoseV1HierarchyIsNotMountedIsABlocker() {
        host.mountinfo = FakeHost.HYBRID.lines().filter(l -> !l.contains("memory")).reduce((a, b) -> a + "\n" + b).orElseThrow();
        host.existing.remove(Path.of("/sys/fs/cgroup/memory"));

        assertThat(host.run(check, FakeHost.labLike())).singleElement().satisfies(b -> {
            assertThat(b.problem()).startsWith("the cgroup /sys/fs/cgroup/memory/box_cg would be made on tmpfs");
            assertThat(b.remedy()).startsWith("sudo mkdir -p /sys/fs/cgroup/memory && sudo mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory");
        });
    }

    @Test
    void aCgroupThatExistsAlreadyIsLeftToTheNameCheck() {
        host.existing.add(Path.of("/sys/fs/cgroup/unified/box_cg"));
        host.readOnly.add(Path.of("/sys/fs/cgroup/unified/box_cg"));

        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).isEmpty();
    }

    @Test
    void onAPureV2HostTheLimitsLiveInTheOneHierarchy() {
        host.mountinfo = FakeHost.ROOT + "\n2 1 0:20 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw";
        assertThat(host.run(check, FakeHost.labLike())).isEmpty();

        host.readOnly.add(Path.of("/sys/fs/cgroup"));
        assertThat(host.run(check, FakeHost.labLike())).singleElement()
                .satisfies(b -> assertThat(b.remedy()).startsWith("sudo mount -o remount,rw /sys/fs/cgroup "));
    }
}
