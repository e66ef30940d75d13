package dev.jconshgen.host;

import dev.jconshgen.model.CgroupSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a user's container cgroup goes, with the host's directories and their owners injected. */
class DelegatedParentTest {
    final Map<Path, Long> owners = new HashMap<>();
    final Function<Path, OptionalLong> ownerOf = p -> owners.containsKey(p) ? OptionalLong.of(owners.get(p)) : OptionalLong.empty();
    final CgroupSpec auto = new CgroupSpec("box_cg", "auto", null, null);

    @Test
    void systemdsUserServiceWhenItIsTheUsers() {
        owners.put(Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service"), 1000L);
        owners.put(Path.of("/sys/fs/cgroup/jconshgen.users/1000"), 1000L);

        assertThat(CgroupPlacement.of(CgroupLayout.V2, auto, 1000, ownerOf).relativePath())
                .isEqualTo("/user.slice/user-1000.slice/user@1000.service/box_cg");
    }

    @Test
    void elseTheSubtreeRootPreparedForTheUser() {
        owners.put(Path.of("/sys/fs/cgroup/unified/jconshgen.users/1000"), 1000L);

        CgroupPlacement hybrid = CgroupPlacement.of(CgroupLayout.HYBRID, new CgroupSpec("box_cg", "auto", 64L, null), 1000, ownerOf);
        assertThat(hybrid.membershipDir()).isEqualTo(Path.of("/sys/fs/cgroup/unified/jconshgen.users/1000/box_cg"));
        assertThat(hybrid.limitDir("pids")).isEqualTo(Path.of("/sys/fs/cgroup/pids/jconshgen.users/1000/box_cg"));
    }

    @Test
    void aDirectoryOwnedBySomebodyElseIsNoDelegation() {
        owners.put(Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service"), 0L);
        owners.put(Path.of("/sys/fs/cgroup/jconshgen.users/1000"), 1001L);

        assertThat(DelegatedParent.find("/sys/fs/cgroup", 1000, ownerOf)).isEmpty();
        assertThat(CgroupPlacement.of(CgroupLayout.V2, auto, 1000, ownerOf).relativePath()).isEqualTo("/box_cg");
    }

    @Test
    void rootNeverUsesOne() {
        owners.put(Path.of("/sys/fs/cgroup/jconshgen.users/0"), 0L);

        assertThat(DelegatedParent.find("/sys/fs/cgroup", 0, ownerOf)).isEmpty();
    }

    @Test
    void anExplicitParentIsTakenAsItIs() {
        owners.put(Path.of("/sys/fs/cgroup/jconshgen.users/1000"), 1000L);

        assertThat(CgroupPlacement.of(CgroupLayout.V2, new CgroupSpec("c", "mine/jobs", null, null), 1000, ownerOf).relativePath())
                .isEqualTo("/mine/jobs/c");
    }

    @Test
    void containmentIsByWholePathComponents() {
        assertThat(DelegatedParent.contains("/jconshgen.users/1000", "/jconshgen.users/1000")).isTrue();
        assertThat(DelegatedParent.contains("/jconshgen.users/1000", "/jconshgen.users/1000/shell")).isTrue();
        assertThat(DelegatedParent.contains("/jconshgen.users/1000", "/jconshgen.users/10000/shell")).isFalse();
        assertThat(DelegatedParent.contains("/jconshgen.users/1000", "/")).isFalse();
    }
}
