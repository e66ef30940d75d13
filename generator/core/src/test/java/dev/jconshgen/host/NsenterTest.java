package dev.jconshgen.host;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NsenterTest {
    static final Map<String, String> HOST = Map.of("user", "user:[1]", "mnt", "mnt:[2]", "uts", "uts:[3]", "ipc", "ipc:[4]",
            "net", "net:[5]", "pid", "pid:[6]", "cgroup", "cgroup:[7]", "time", "time:[8]");

    @Test
    void entersOnlyTheNamespacesThatDifferFromOurs() {
        Map<String, String> container = new java.util.HashMap<>(HOST);
        container.put("user", "user:[11]");
        container.put("mnt", "mnt:[12]");
        container.put("pid", "pid:[16]");
        // time is the host's: joining it is what fails for an unprivileged user
        assertThat(Nsenter.options(n -> Optional.ofNullable(container.get(n)), n -> Optional.ofNullable(HOST.get(n))))
                .containsExactly("-U", "-m", "-p");
    }

    @Test
    void allSevenOfALabContainer() {
        Map<String, String> container = new java.util.HashMap<>();
        HOST.forEach((k, v) -> container.put(k, k.equals("time") ? v : v.replace("]", "0]")));
        assertThat(Nsenter.options(n -> Optional.ofNullable(container.get(n)), n -> Optional.ofNullable(HOST.get(n))))
                .containsExactly("-U", "-m", "-u", "-i", "-n", "-p", "-C");
    }

    @Test
    void aNamespaceTheTargetLacksIsSkippedOneWeCannotReadIsEntered() {
        assertThat(Nsenter.options(n -> n.equals("time") ? Optional.empty() : Optional.of(n + ":[9]"),
                n -> n.equals("net") ? Optional.empty() : Optional.ofNullable(HOST.get(n))))
                .containsExactly("-U", "-m", "-u", "-i", "-n", "-p", "-C");
    }

    @Test
    void endsWithRootAndWorkingDirectory() {
        long self = ProcessHandle.current().pid();
        assertThat(Nsenter.into(ProcFs.host(), self)).containsExactly("nsenter", "-t", Long.toString(self), "-r", "-w");
    }

    @Test
    void aUserEnteringItsOwnUserNamespaceKeepsItsCredentialsRootDoesNot() {
        assertThat(Nsenter.credentials(java.util.List.of("-U", "-m"), 999)).containsExactly("--preserve-credentials");
        assertThat(Nsenter.credentials(java.util.List.of("-U", "-m"), 0)).isEmpty();
        assertThat(Nsenter.credentials(java.util.List.of("-m"), 999)).isEmpty();
    }
}
