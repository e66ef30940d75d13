package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check specs and report every error as FILE:LINE:COLUMN: field: problem.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files (YAML).")
    List<Path> specs;

    @Option(names = "--json", description = "Print every file's result and errors (file, line, column, field, message) as JSON.")
    boolean json;

    @Override
    public Integer call() {
        GeneratorService service = new GeneratorService();
        boolean quiet = Main.of(command).quiet;
        int invalid = 0;
        List<Object> files = new ArrayList<>();
        for (Path spec : specs) {
            List<SpecError> errors = List.of();
            try {
                service.validate(spec);
                if (!json && !quiet) {
                    command.commandLine().getOut().println(spec + ": valid");
                }
            } catch (InvalidSpecException e) {
                invalid++;
                errors = e.errors();
                if (!json) {
                    errors.stream().map(SpecError::format).forEach(command.commandLine().getErr()::println);
                }
            }
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", spec.toString());
            file.put("valid", errors.isEmpty());
            file.put("errors", errors.stream().map(ValidateCommand::json).toList());
            files.add(file);
        }
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("ok", invalid == 0);
            report.put("files", files);
            command.commandLine().getOut().println(Json.write(report));
        }
        return invalid == 0 ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }

    static Map<String, Object> json(SpecError error) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("file", error.file());
        map.put("line", error.line());
        map.put("column", error.column());
        map.put("field", error.path());
        map.put("message", error.message());
        return map;
    }
}
