package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Hidden: a build and test step. Rendering a spec takes milliseconds and starting a JVM most of a
 * second, so 'make generate', 'make check-generated' and the lint tests, which render dozens of
 * specs, run the commands in one JVM through this. Each line is one command line, exactly as a
 * user would type it, run by a command line of its own: the output is the commands' own.
 * Only commands that read specs and write files or text are accepted: nothing here touches the
 * host, so a batch needs no rollback, lock or signal handling beyond what those commands have.
 */
@Command(name = "batch", hidden = true, mixinStandardHelpOptions = true,
        description = {"Run several jconshgen commands in this one JVM: one per line of FILE, its arguments separated by tabs"
                + " (empty lines and lines starting with # are skipped). Every line is checked before any runs; the run"
                + " stops at the first command that fails, with its exit code.",
                "Accepted: validate, generate, plan, explain, diagram, schema."})
final class BatchCommand implements Callable<Integer> {
    /** Read specs, write files or text; never the host. */
    static final Set<String> ACCEPTED = Set.of("validate", "generate", "plan", "explain", "diagram", "schema");

    @Spec
    CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "-",
            description = "The commands, one per line; - (the default) reads standard input.")
    String file;

    /** One line of the batch: where it is and its arguments. */
    record Line(int number, List<String> args) {
        String shown() {
            return "line " + number + " (" + String.join(" ", args) + ")";
        }
    }

    @Override
    public Integer call() {
        List<Line> lines = parse(read());
        PrintWriter err = command.commandLine().getErr();
        for (Line line : lines) {
            String[] args = line.args().toArray(String[]::new);
            CommandLine commandLine = Main.newCommandLine(args);
            commandLine.setOut(command.commandLine().getOut());
            commandLine.setErr(err);
            int status = commandLine.execute(args);
            if (status != ExitCode.OK) {
                err.println("jconshgen batch: " + line.shown() + " exited " + status + "; the lines after it did not run");
                err.flush();
                return status;
            }
        }
        return ExitCode.OK;
    }

    private String read() {
        try {
            if (file.equals("-")) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "cannot read the batch " + file + ": " + e.getMessage());
        }
    }

    /** The lines to run; every line that names no accepted command is reported, and none runs. */
    static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            // a file written on Windows: its '\r' is no part of the last argument
            String content = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            if (content.isBlank() || content.startsWith("#")) {
                continue;
            }
            Line line = new Line(i + 1, List.of(content.split("\t", -1)));
            String named = Main.subcommandOf(line.args().toArray(String[]::new));
            if (named == null || !ACCEPTED.contains(named)) {
                problems.add(line.shown() + ": " + (named == null ? "names no command" : named + " is not accepted in a batch")
                        + "; accepted: " + String.join(", ", ACCEPTED.stream().sorted().toList()));
            } else {
                lines.add(line);
            }
        }
        if (!problems.isEmpty()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "the batch runs nothing:\n  " + String.join("\n  ", problems));
        }
        return lines;
    }
}
