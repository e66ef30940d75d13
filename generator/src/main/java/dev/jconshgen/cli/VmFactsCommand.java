package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.vm.VmFacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Hidden: a build step of 'make vm-test', which needs the spec's values inside a VM without Java. */
@Command(name = "vm-facts", hidden = true, mixinStandardHelpOptions = true,
        description = "Print the spec's values as shell assignments for the VM test driver.")
final class VmFactsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML).")
    Path spec;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        out.print(VmFacts.render(new GeneratorService().load(spec).spec()));
        out.flush();
        return ExitCode.OK;
    }
}
