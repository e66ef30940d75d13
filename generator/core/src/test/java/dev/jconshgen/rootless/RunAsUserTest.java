package dev.jconshgen.rootless;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RunAsUserTest {
    final RunAsUser user = new RunAsUser(new UserIds(1000, 1000));
    static final Map<Path, RunAsUser.Entry> ROOTS = Map.of(Path.of("/"), new RunAsUser.Entry(0, 0755),
            Path.of("/srv"), new RunAsUser.Entry(0, 0755), Path.of("/tmp"), new RunAsUser.Entry(0, 01777),
            Path.of("/tmp/box"), new RunAsUser.Entry(0, 0755), Path.of("/home/u"), new RunAsUser.Entry(1000, 0755),
            Path.of("/home"), new RunAsUser.Entry(0, 0755), Path.of("/srv/shared"), new RunAsUser.Entry(0, 0775));

    Optional<String> unsafe(String overlay) {
        return user.unsafeToHandOver(Path.of(overlay), p -> Optional.ofNullable(ROOTS.get(p)));
    }

    @Test
    void aPathOnlyRootControlsIsSafeEvenBelowStickyTmp() {
        assertThat(unsafe("/srv/box/ovly")).isEmpty();
        assertThat(unsafe("/tmp/box/ovly")).isEmpty();
    }

    @Test
    void aDirectoryOfTheUsersAboveItIsNot() {
        assertThat(unsafe("/home/u/box/ovly")).contains(
                "/home/u belongs to uid 1000, so uid 1000 could replace the path to /home/u/box/ovly while root hands it over");
    }

    @Test
    void aGroupWritableDirectoryWithoutStickyBitIsNot() {
        assertThat(unsafe("/srv/shared/box/ovly")).hasValueSatisfying(s -> assertThat(s).startsWith("/srv/shared is writable by group or others"));
    }

    @Test
    void theCommandLineDropsToTheUserAfterJoiningTheStartCgroup() {
        List<String> argv = user.wrap(List.of("sh", "/s/consh_setup.sh", "-d"), Optional.of(Path.of("/cg/shell/cgroup.procs")), "/usr/bin:/bin");
        assertThat(argv.subList(0, 2)).containsExactly("sh", "-c");
        assertThat(argv).containsSubsequence("/cg/shell/cgroup.procs", "setpriv", "--reuid=1000", "--regid=1000", "--clear-groups",
                "--", "env", "-i", "PATH=/usr/bin:/bin", "HOME=/", "sh", "/s/consh_setup.sh", "-d");
        assertThat(user.wrap(List.of("true"), Optional.empty(), "/bin")).element(4).isEqualTo("");
    }
}
