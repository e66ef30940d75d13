package dev.jconshgen.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessRunnerTest {
    final List<String> log = new ArrayList<>();
    final ProcessRunner runner = new ProcessRunner(log::add);

    @Test
    void capturesExitCodeAndBothStreams() {
        ExecResult result = runner.run(Command.of(Duration.ofSeconds(10), "sh", "-c", "echo out; echo err >&2; exit 3"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.ok()).isFalse();
        assertThat(log).singleElement().asString().contains("exit code 3").contains("err");
    }

    @Test
    void successIsNotLogged() {
        assertThat(runner.run(Command.of(Duration.ofSeconds(10), "true")).ok()).isTrue();
        assertThat(log).isEmpty();
    }

    @Test
    void enforcesTheTimeout() {
        ExecResult result = runner.run(Command.of(Duration.ofMillis(300), "sleep", "5"));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(4));
        assertThat(log).singleElement().asString().contains("timed out");
    }

    @Test
    void aMissingProgramIsAFailureNotAnException() {
        ExecResult result = runner.run(Command.of(Duration.ofSeconds(5), "/nonexistent/program"));
        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).contains("cannot run");
    }

    @Test
    void aCommandNeedsATimeout() {
        assertThatThrownBy(() -> new Command(List.of("true"), null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void backgroundCommandsAreCollected() {
        ProcessRunner.Background background = runner.start(Command.of(Duration.ofSeconds(5), "sh", "-c", "sleep 0.2; echo done"));
        assertThat(background.await().stdout()).isEqualTo("done\n");
    }

    @Test
    void cancelRunningKillsTheRunningCommandAndWhatItStarted() throws Exception {
        java.nio.file.Path pidFile = java.nio.file.Files.createTempFile("jconshgen-child", ".pid");
        ProcessRunner.Background background = runner.start(Command.of(Duration.ofSeconds(30), "sh", "-c",
                "sleep 30 & echo $! >\"$0\"; wait", pidFile.toString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (java.nio.file.Files.size(pidFile) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long child = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());

        runner.cancelRunning();
        ExecResult result = background.await();

        assertThat(result.ok()).isFalse();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
        // KILLed, it is gone as soon as its new parent has reaped it
        ProcessHandle.of(child).ifPresent(handle -> handle.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the sleep the command started").isFalse();
        java.nio.file.Files.delete(pidFile);
    }

    @Test
    void cancelRunningLeavesCommandsStartedAfterwardsAlone() {
        runner.cancelRunning();
        assertThat(runner.run(Command.of(Duration.ofSeconds(10), "true")).ok()).isTrue();
    }

    @Test
    void displayQuotesWhatNeedsQuoting() {
        assertThat(Command.of(Duration.ofSeconds(1), "echo", "a b", "it's", "plain").display())
                .isEqualTo("echo 'a b' 'it'\\''s' plain");
    }
}
