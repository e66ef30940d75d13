package dev.jconshgen.cli;

import dev.jconshgen.apply.RunningContainer;
import dev.jconshgen.apply.VerifyService;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.verify.CheckResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a running container from the host against its spec; each check is PASS, FAIL or SKIP.",
                "With a SPEC file, the container of that name is checked against that (possibly changed) spec."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "NAME|SPEC", description = "Container name or spec file.")
    String target;

    @Option(names = "--json", description = "Print the checks as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Services services = new Services(command.commandLine().getErr(), main.verbose);
        String lab = LabCli.labName(target, new dev.jconshgen.lab.LabStore(services.store));
        if (lab != null) {
            return LabCli.verify(command.commandLine(), services, lab, json);
        }
        RunningContainer container = RunningContainer.find(target, services.store);
        List<CheckResult> checks = new VerifyService(services.runner, services.proc)
                .verify(container, VerifyService.cachedLayer(services.store, container.state().name()));
        boolean ok = checks.stream().noneMatch(CheckResult::failed);
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("name", container.state().name());
            report.put("ok", ok);
            report.put("checks", Reports.json(checks));
            out.println(Json.write(report));
        } else if (main.quiet) {
            // --quiet: the failed checks only, as errors
            PrintWriter err = command.commandLine().getErr();
            checks.stream().filter(CheckResult::failed).forEach(c -> err.println(Reports.checkLine(c)));
            if (!ok) {
                err.println(checks.stream().filter(CheckResult::failed).count() + " check(s) FAILED");
            }
            err.flush();
        } else {
            Style style = main.style();
            checks.forEach(c -> out.println(Reports.checkLine(c, style)));
            out.println(ok ? "all checks passed" : style.bad(checks.stream().filter(CheckResult::failed).count() + " check(s) FAILED"));
        }
        return ok ? ExitCode.OK : ExitCode.FAILURE;
    }
}
