package dev.jconshgen.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One external command. The timeout is part of the command: there is no way to run one without
 * deciding how long it may take.
 */
public record Command(List<String> argv, Duration timeout, Path directory) {

    public Command {
        argv = List.copyOf(argv);
        Objects.requireNonNull(timeout, "timeout");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    public static Command of(Duration timeout, String... argv) {
        return new Command(List.of(argv), timeout, null);
    }

    public static Command of(Duration timeout, List<String> argv) {
        return new Command(argv, timeout, null);
    }

    public Command in(Path directory) {
        return new Command(argv, timeout, directory);
    }

    /** The command as one line, for logs and error messages. */
    public String display() {
        return String.join(" ", argv.stream().map(Command::displayWord).toList());
    }

    private static String displayWord(String word) {
        return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
