package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.render.LabPlan;
import dev.jconshgen.render.Plan;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show, in order, the scripts to run with the spec's values and the steps each performs.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML).")
    Path spec;

    @Override
    public Integer call() {
        GeneratorService service = new GeneratorService();
        PrintWriter out = command.commandLine().getOut();
        if (service.isLab(spec)) {
            var lab = service.loadLab(spec).lab();
            out.print(LabPlan.toText(lab, service.renderLab(lab)));
            out.flush();
            return ExitCode.OK;
        }
        LoadedSpec loaded = service.load(spec);
        out.print(Plan.of(loaded.spec(), service.render(loaded)).toText());
        // print() does not flush picocli's writer, and Main.main exits right after this returns.
        out.flush();
        return ExitCode.OK;
    }
}
