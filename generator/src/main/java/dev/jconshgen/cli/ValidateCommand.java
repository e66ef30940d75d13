package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check specs and report every error as FILE:LINE:COLUMN: field: problem.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files (YAML).")
    List<Path> specs;

    @Override
    public Integer call() {
        GeneratorService service = new GeneratorService();
        int invalid = 0;
        for (Path spec : specs) {
            try {
                service.validate(spec);
                command.commandLine().getOut().println(spec + ": valid");
            } catch (InvalidSpecException e) {
                invalid++;
                e.errors().stream().map(SpecError::format).forEach(command.commandLine().getErr()::println);
            }
        }
        return invalid == 0 ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }
}
