package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.apply.preflight.PreflightException;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        if (asksForJson(parseResult)) {
            // A pipeline that asked for JSON gets JSON for a failure too (the text above is on stderr).
            PrintWriter out = commandLine.getOut();
            out.println(Json.write(failureJson(e, code)));
            out.flush();
        }
        return code;
    }

    private static boolean asksForJson(ParseResult parseResult) {
        ParseResult deepest = parseResult;
        while (deepest.hasSubcommand()) {
            deepest = deepest.subcommand();
        }
        return deepest.hasMatchedOption("--json");
    }

    static Map<String, Object> failureJson(Exception e, int code) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ok", false);
        map.put("exitCode", code);
        map.put("error", e instanceof JconshgenException ? e.getMessage() : "internal error: " + e);
        if (e instanceof InvalidSpecException invalid) {
            map.put("errors", invalid.errors().stream().map(ValidateCommand::json).toList());
        }
        if (e instanceof PreflightException preflight) {
            List<Object> blockers = preflight.blockers().stream().map(b -> {
                Map<String, Object> blocker = new LinkedHashMap<>();
                blocker.put("problem", b.problem());
                blocker.put("remedy", b.remedy());
                return (Object) blocker;
            }).toList();
            map.put("blockers", blockers);
        }
        return map;
    }
}
