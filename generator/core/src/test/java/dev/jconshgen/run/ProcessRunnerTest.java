package dev.jconshgen.run;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    void cancelRunningKillsWhatIgnoresTermAfterTheGracePeriod() throws Exception {
        Path pidFile = Files.createTempFile("jconshgen-child", ".pid");
        // TERM ignored by the shell and (inherited) by its sleep: only the KILL ends them.
        ProcessRunner.Background background = runner.start(Command.of(Duration.ofSeconds(30), "sh", "-c",
                "trap '' TERM; sleep 30 & echo $! >\"$0\"; wait", pidFile.toString()));
        long child = Long.parseLong(awaitContent(pidFile).trim());

        runner.cancelRunning();
        ExecResult result = background.await();

        assertThat(result.ok()).isFalse();
        assertThat(result.duration()).isGreaterThanOrEqualTo(ProcessRunner.CANCEL_GRACE).isLessThan(Duration.ofSeconds(15));
        // KILLed, it is gone as soon as its new parent has reaped it
        ProcessHandle.of(child).ifPresent(handle -> handle.onExit().orTimeout(5, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the sleep the command started").isFalse();
        Files.delete(pidFile);
    }

    @Test
    void cancelRunningSendsTermFirstSoThatAScriptCanRollBack() throws Exception {
        Path marker = Files.createTempFile("jconshgen-rollback", ".txt");
        ProcessRunner.Background background = runner.start(Command.of(Duration.ofSeconds(30), "sh", "-c",
                "trap 'echo rolled back >\"$0\"; exit 1' TERM; echo started >\"$0\"; while :; do sleep 0.1; done",
                marker.toString()));
        awaitContent(marker);

        runner.cancelRunning();
        ExecResult result = background.await();

        assertThat(result.ok()).isFalse();
        assertThat(result.duration()).isLessThan(ProcessRunner.CANCEL_GRACE);
        assertThat(Files.readString(marker)).isEqualTo("rolled back\n");
        Files.delete(marker);
    }

    private static String awaitContent(Path file) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Files.size(file) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return Files.readString(file);
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
