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
    void displayQuotesWhatNeedsQuoting() {
        assertThat(Command.of(Duration.ofSeconds(1), "echo", "a b", "it's", "plain").display())
                .isEqualTo("echo 'a b' 'it'\\''s' plain");
    }
}
