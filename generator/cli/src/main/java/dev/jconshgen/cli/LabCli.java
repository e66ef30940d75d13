package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.apply.Interruption;
import dev.jconshgen.apply.Progress;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.lab.LabApplyService;
import dev.jconshgen.lab.LabDestroyService;
import dev.jconshgen.lab.LabReport;
import dev.jconshgen.lab.LabStore;
import dev.jconshgen.lab.LabVerifyService;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.verify.CheckResult;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** apply, verify, status and destroy of a lab (kind: Lab): what the commands do when their argument names one. */
final class LabCli {
    private LabCli() {
    }

    /** The lab an argument names: a kind: Lab spec file, or the name of a lab with state; null otherwise. */
    static String labName(String target, LabStore labs) {
        if (target.contains("/") || target.endsWith(".yaml") || target.endsWith(".yml")) {
            GeneratorService generator = new GeneratorService();
            return generator.isLab(Path.of(target)) ? generator.loadLab(Path.of(target)).lab().name() : null;
        }
        return labs.load(target).isPresent() || labs.claimedWithoutState(target) ? target : null;
    }

    /** destroy of a member alone would leave the lab half there: it is refused, naming the lab. */
    static void refuseMember(String target, LabStore labs) {
        if (target.contains("/") || target.endsWith(".yaml") || target.endsWith(".yml")) {
            return;
        }
        labs.labOf(target).ifPresent(lab -> {
            throw new JconshgenException(ExitCode.INVALID_INPUT, target + " is a member of lab " + lab + ": run 'jconshgen destroy "
                    + lab + "' (it removes every member and the bridge); nothing was changed");
        });
    }

    static int apply(CommandLine cli, Services services, Path spec, boolean keepOnFailure, boolean json, Interruption interruption) {
        PrintWriter out = cli.getOut();
        Main main = Main.of(cli.getCommandSpec());
        Progress progress = Reports.forRun(out, main, json);
        LabReport report = new LabApplyService(new LabStore(services.store), services.runner, services.proc)
                .apply(spec, keepOnFailure, progress, interruption);
        if (json) {
            out.println(Json.write(json(report)));
        } else if (report.ok() && !main.quiet) {
            out.println("lab " + report.name() + " is running; 'jconshgen verify " + report.name() + "' checks it, 'jconshgen destroy "
                    + report.name() + "' removes it");
        }
        out.flush();
        if (!report.ok()) {
            cli.getErr().println("jconshgen: apply " + report.name() + " failed: " + report.failure().orElse(""));
            cli.getErr().flush();
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }

    static int destroy(CommandLine cli, Services services, String lab, boolean json) {
        PrintWriter out = cli.getOut();
        Main main = Main.of(cli.getCommandSpec());
        LabReport report = new LabDestroyService(new LabStore(services.store), services.runner, services.proc)
                .destroy(lab, Reports.forRun(out, main, json));
        if (json) {
            out.println(Json.write(json(report)));
        } else if (main.quiet) {
            // --quiet: only the errors below
        } else if (!report.found()) {
            out.println("nothing to destroy: no lab " + lab + " exists");
        } else if (report.ok()) {
            out.println("lab " + lab + " destroyed: its containers and its bridge; nothing of it is left on this host");
        }
        if (!report.ok()) {
            cli.getErr().println("jconshgen: destroy " + lab + " is incomplete; left: " + String.join(", ", report.leftovers()));
            report.steps().stream().filter(s -> !s.ok()).forEach(s -> cli.getErr().println(s.name() + ": " + s.output()));
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }

    /** One line for the lab: its bridge and its members. */
    static String statusLine(Services services, String lab) {
        LabSpec spec = new LabVerifyService(new LabStore(services.store), services.runner, services.proc).appliedLab(lab);
        return "lab " + lab + "  bridge " + spec.bridge() + " " + spec.address() + "  containers "
                + String.join(",", spec.containers().stream().map(ContainerSpec::name).toList());
    }

    static List<String> members(Services services, String lab) {
        return new LabVerifyService(new LabStore(services.store), services.runner, services.proc).appliedLab(lab).containers().stream()
                .map(ContainerSpec::name).filter(m -> services.store.load(m).isPresent()).toList();
    }

    private static Map<String, Object> json(LabReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", report.name());
        map.put("kind", "Lab");
        map.put("ok", report.ok());
        map.put("steps", report.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", s.name());
            step.put("ok", s.ok());
            step.put("seconds", s.duration().toMillis() / 1000.0);
            return step;
        }).toList());
        map.put("checks", Reports.json(report.checks()));
        map.put("leftovers", report.leftovers());
        map.put("failure", report.failure().orElse(null));
        return map;
    }
}
