package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.spec.YamlSpecLoader;
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

    @picocli.CommandLine.Option(names = "--member", paramLabel = "NAME", description = "For a lab: the facts of this member.")
    String member;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        GeneratorService service = new GeneratorService();
        YamlSpecLoader.Loaded either = service.loadEither(spec);
        if (either instanceof YamlSpecLoader.LoadedLab loadedLab) {
            var lab = loadedLab.lab();
            out.print(member == null ? VmFacts.render(lab) : VmFacts.render(lab.member(member).orElseThrow(() ->
                    new dev.jconshgen.core.JconshgenException(ExitCode.INVALID_INPUT, "lab " + lab.name() + " has no member " + member))));
        } else {
            out.print(VmFacts.render(((YamlSpecLoader.LoadedSpec) either).spec()));
        }
        out.flush();
        return ExitCode.OK;
    }
}
