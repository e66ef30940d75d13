package dev.jconshgen.apply;

import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs generated scripts as steps: each through the process runner with a timeout, reported to
 * the progress listener when it starts and ends. Scripts are run with sh, so a noexec state
 * directory does not matter.
 */
final class ScriptSteps {
    private final ProcessRunner runner;
    private final Progress progress;
    private final List<StepResult> results = new ArrayList<>();

    ScriptSteps(ProcessRunner runner, Progress progress) {
        this.runner = runner;
        this.progress = progress;
    }

    /** Runs one script; the result says whether it worked and holds its output. */
    StepResult run(String stepName, Path script, Path directory, Duration timeout, String... args) {
        return run(stepName, script, directory, timeout, UnaryOperator.identity(), args);
    }

    /** @param asWho turns the command line into the one that runs it (as another user, for apply --user) */
    StepResult run(String stepName, Path script, Path directory, Duration timeout, UnaryOperator<List<String>> asWho, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", script.toString()));
        argv.addAll(List.of(args));
        argv = asWho.apply(argv);
        progress.stepStarted(stepName);
        ExecResult result = runner.run(new Command(argv, timeout, directory));
        return record(new StepResult(stepName, result.duration(), result.ok(), result.ok() ? result.stdout() : result.describe()));
    }

    /** Records a step that was not a script (verification, a check of the host). */
    StepResult record(StepResult step) {
        results.add(step);
        progress.stepFinished(step);
        return step;
    }

    List<StepResult> results() {
        return List.copyOf(results);
    }
}
