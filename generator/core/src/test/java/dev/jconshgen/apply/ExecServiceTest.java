package dev.jconshgen.apply;

import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.dsl.Container;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.state.ContainerState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecServiceTest {
    final ProcFs proc = ProcFs.host();
    final ExecService exec = new ExecService(new ProcessRunner(), proc);

    RunningContainer runningAs(long pid, long start) {
        return new RunningContainer(new ContainerState("c", Path.of("/s.yaml"), Path.of("/w"), true, true, true, 0, pid, start,
                List.of(Path.of("/sys/fs/cgroup/unified/c"), Path.of("/sys/fs/cgroup/pids/c"))),
                Container.named("c").build());
    }

    @Test
    void joinsEveryCgroupOfTheContainerBeforeEnteringItsNamespaces() {
        long self = ProcessHandle.current().pid();
        List<String> argv = exec.commandLine(runningAs(self, proc.startTime(self).getAsLong()), List.of("hostname"));
        int separator = argv.indexOf("--");
        assertThat(argv.subList(0, separator)).endsWith("/sys/fs/cgroup/unified/c", "/sys/fs/cgroup/pids/c");
        // itself as the target: no namespace differs, so only its root and working directory
        assertThat(argv.subList(separator + 1, separator + 6)).containsExactly("nsenter", "-t", Long.toString(self), "-r", "-w");
        assertThat(argv).endsWith("hostname");
        assertThat(argv).contains("env", "-i", "PATH=/bin:/sbin:/usr/bin:/usr/sbin");
    }

    @Test
    void aShellByDefault() {
        long self = ProcessHandle.current().pid();
        assertThat(exec.commandLine(runningAs(self, proc.startTime(self).getAsLong()), List.of())).endsWith("/bin/sh");
    }

    @Test
    void refusesAContainerWhoseInitIsGone() {
        long self = ProcessHandle.current().pid();
        assertThatThrownBy(() -> exec.commandLine(runningAs(self, 1), List.of()))
                .isInstanceOf(JconshgenException.class).hasMessageContaining("is not running");
    }
}
