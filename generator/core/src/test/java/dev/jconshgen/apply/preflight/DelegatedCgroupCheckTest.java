package dev.jconshgen.apply.preflight;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DelegatedCgroupCheckTest {
    private final FakeHost host = new FakeHost();
    private final DelegatedCgroupCheck check = new DelegatedCgroupCheck();
    static final Path PREPARED = Path.of("/sys/fs/cgroup/unified/jconshgen.users/1000");

    @Test
    void rootNeedsNoDelegation() {
        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).isEmpty();
    }

    @Test
    void aUserWithoutADelegatedCgroupIsToldToAskRootForOne() {
        host.uid = 1000;

        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("no cgroup is delegated to uid 1000", "/sys/fs/cgroup/unified/jconshgen.users/1000",
                    "user@1000.service");
            assertThat(b.remedy()).startsWith("as root: jconshgen delegate --user 1000 --join PID");
        });
    }

    @Test
    void aPreparedSubtreeOwnedBySomebodyElseDoesNotCount() {
        host.uid = 1000;
        host.existing.add(PREPARED);
        host.owners.put(PREPARED, 1001L);

        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).singleElement()
                .satisfies(b -> assertThat(b.problem()).contains("no cgroup is delegated"));
    }

    @Test
    void onCgroup2TheProcessMustAlreadyRunInsideTheSubtree() {
        host.uid = 1000;
        host.existing.add(PREPARED);
        host.owners.put(PREPARED, 1000L);
        host.ownCgroup2 = "/";

        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("runs in the cgroup /, outside the cgroup delegated to uid 1000 (/jconshgen.users/1000)");
            assertThat(b.remedy()).contains("jconshgen delegate --user 1000 --join PID", "systemd-run --user --scope jconshgen apply /work/box.yaml");
        });

        host.ownCgroup2 = "/jconshgen.users/1000/shell";
        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).isEmpty();
    }

    @Test
    void systemdsDelegationIsFoundLikeOurs() {
        host.uid = 1000;
        Path service = Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service");
        host.mountinfo = FakeHost.ROOT + "\n2 1 0:20 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw";
        host.existing.add(service);
        host.owners.put(service, 1000L);
        host.ownCgroup2 = "/user.slice/user-1000.slice/user@1000.service/app.slice/term.scope";

        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).isEmpty();
    }

    @Test
    void onV1NoCommonAncestorRuleApplies() {
        host.uid = 1000;
        host.mountinfo = FakeHost.ROOT + "\n2 1 0:20 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n4 2 0:22 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids";
        Path prepared = Path.of("/sys/fs/cgroup/pids/jconshgen.users/1000");
        host.existing.add(prepared);
        host.owners.put(prepared, 1000L);
        host.ownCgroup2 = null;

        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg")))).isEmpty();
    }

    @Test
    void withoutACgroupOrWithAParentOfItsOwnNothingIsAsked() {
        host.uid = 1000;

        assertThat(host.run(check, FakeHost.box())).isEmpty();
        assertThat(host.run(check, FakeHost.box().cgroup(c -> c.name("box_cg").parent("mine")))).isEmpty();
    }
}
