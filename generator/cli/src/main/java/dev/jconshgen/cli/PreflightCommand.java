package dev.jconshgen.cli;

import dev.jconshgen.apply.preflight.Blocker;
import dev.jconshgen.apply.preflight.PreflightException;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.core.Json;
import dev.jconshgen.lab.SpecPreflight;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.JunitXml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = {"Check this host for a spec as apply does before it creates anything, and list every blocker with its"
                + " remedy; creates nothing.",
                "Exit 0: apply may go ahead; 3: the host is not ready (the blockers are listed); 2: the spec is invalid."})
final class PreflightCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML): a container or a lab.")
    Path spec;

    @Option(names = "--json", description = "Print the result as JSON: ok, and each blocker's problem and remedy.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the result as JUnit XML to FILE: one failed testcase"
            + " per blocker (its remedy in the message), or one passed testcase when the host is ready.")
    Path junit;

    @Override
    public Integer call() {
        if (junit != null && Files.isDirectory(junit)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--junit " + junit + " is a directory: give a file name; nothing was checked");
        }
        Services services = new Services(command.commandLine().getErr(), Main.of(command).verbose);
        SpecPreflight.Outcome outcome = new SpecPreflight(services.runner, services.proc).check(spec);
        if (junit != null) {
            Outputs.write(junit, JunitXml.of("preflight", outcome.subject(), checks(outcome)).getBytes(StandardCharsets.UTF_8));
        }
        if (!outcome.ready()) {
            // the same report as apply's preflight, printed by the one handler (exit 3; --json: its blockers)
            throw new PreflightException(outcome.subject(), outcome.blockers());
        }
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("ok", true);
            report.put("subject", outcome.subject());
            report.put("blockers", List.of());
            out.println(Json.write(report));
        } else if (!Main.of(command).quiet) {
            out.println(outcome.subject() + ": this host is ready (no blocker)");
        }
        out.flush();
        return ExitCode.OK;
    }

    /** A grader's view: each blocker a failed check whose message is the remedy. */
    static List<CheckResult> checks(SpecPreflight.Outcome outcome) {
        if (outcome.ready()) {
            return List.of(CheckResult.of("host ready", true, "no blocker", "no blocker"));
        }
        List<CheckResult> checks = new ArrayList<>();
        for (int i = 0; i < outcome.blockers().size(); i++) {
            Blocker blocker = outcome.blockers().get(i);
            checks.add(CheckResult.of("blocker " + (i + 1), false, "remedy: " + blocker.remedy(), blocker.problem()));
        }
        return checks;
    }

}
