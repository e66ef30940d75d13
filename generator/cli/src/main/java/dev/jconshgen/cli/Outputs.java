package dev.jconshgen.cli;

import dev.jconshgen.core.AtomicWrite;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command's document goes: standard output, or a file written whole or not at all. */
final class Outputs {
    private Outputs() {
    }

    static void write(picocli.CommandLine.Model.CommandSpec command, Path file, String text) {
        if (file == null) {
            PrintWriter out = command.commandLine().getOut();
            out.print(text);
            out.flush();
            return;
        }
        write(file, text.getBytes(StandardCharsets.UTF_8));
        if (!Main.of(command).quiet) {
            command.commandLine().getOut().println("wrote " + file);
        }
    }

    static void write(Path file, byte[] content) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, file + " is a directory: give a file name");
        }
        try {
            AtomicWrite.write(absolute, content);
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write " + file + ": " + e.getMessage() + " (choose a writable place)");
        }
    }
}
