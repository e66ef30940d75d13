package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.render.LabPlan;
import dev.jconshgen.render.Plan;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;
import dev.jconshgen.spec.YamlSpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show, in order, the scripts to run with the spec's values and the steps each performs.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML).")
    Path spec;

    @Option(names = "--json", description = "Print the plan as JSON: each script with where it runs, its command and its steps.")
    boolean json;

    @Mixin
    StyleOption style;

    @Override
    public Integer call() {
        GeneratorService service = new GeneratorService();
        PrintWriter out = command.commandLine().getOut();
        YamlSpecLoader.Loaded either = service.loadEither(spec);
        if (either instanceof YamlSpecLoader.LoadedLab loadedLab) {
            var lab = loadedLab.lab();
            var scripts = service.renderLab(lab, style.style);
            if (json) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("lab", lab.name());
                report.put("bridge", entries(Plan.of(lab.containers().get(0), scripts.bridge(), style.style)));
                report.put("containers", lab.containers().stream().map(member -> {
                    Map<String, Object> container = new LinkedHashMap<>();
                    container.put("container", member.name());
                    container.put("scripts", entries(Plan.of(member, scripts.members().get(member.name()), style.style)));
                    return (Object) container;
                }).toList());
                out.println(Json.write(report));
            } else {
                out.print(LabPlan.toText(lab, scripts, style.style));
            }
            out.flush();
            return ExitCode.OK;
        }
        LoadedSpec loaded = (LoadedSpec) either;
        Plan plan = Plan.of(loaded.spec(), service.render(loaded.spec(), style.style), style.style);
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("container", plan.container());
            report.put("scripts", entries(plan));
            out.println(Json.write(report));
            out.flush();
            return ExitCode.OK;
        }
        out.print(plan.toText());
        // print() does not flush picocli's writer, and Main.main exits right after this returns.
        out.flush();
        return ExitCode.OK;
    }

    private static List<Object> entries(Plan plan) {
        return plan.entries().stream().map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("script", e.script());
            entry.put("where", e.where());
            entry.put("command", e.command());
            entry.put("steps", e.steps());
            return (Object) entry;
        }).toList();
    }
}
