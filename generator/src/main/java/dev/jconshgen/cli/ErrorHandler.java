package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/** The one place where failures become messages and exit codes. */
final class ErrorHandler implements IExecutionExceptionHandler {
    private final Main main;

    ErrorHandler(Main main) {
        this.main = main;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code;
        if (e instanceof InvalidSpecException invalid) {
            invalid.errors().stream().map(SpecError::format).forEach(err::println);
            err.println("jconshgen: " + invalid.errors().size() + " error" + (invalid.errors().size() == 1 ? "" : "s") + " in the spec; nothing was written");
            code = ExitCode.INVALID_INPUT;
        } else if (e instanceof JconshgenException failure) {
            err.println("jconshgen: " + failure.getMessage());
            code = failure.exitCode();
        } else {
            err.println("jconshgen: internal error: " + e + (main.verbose ? "" : " (run with --verbose for details)"));
            code = ExitCode.FAILURE;
        }
        if (main.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
