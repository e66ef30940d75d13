package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.apply.DestroyReport;
import dev.jconshgen.apply.DestroyService;
import dev.jconshgen.apply.Progress;
import dev.jconshgen.core.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Stop the container, run its cleanup script, and prove nothing is left:"
                + " no process, veth, netns, cgroup, mount or directory of it. Destroying what does not exist succeeds."})
final class DestroyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "NAME|SPEC", description = "Container name or spec file.")
    String target;

    @Option(names = "--json", description = "Print a machine-readable report.")
    boolean json;

    @Option(names = "--force", description = "With a SPEC that jconshgen has no state for (not applied here, or the state"
            + " is lost): stop and remove the veth, netns, cgroup and processes that carry its names. Without it they are"
            + " only listed.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Services services = new Services(command.commandLine().getErr(), main.verbose);
        dev.jconshgen.lab.LabStore labs = new dev.jconshgen.lab.LabStore(services.store);
        String lab = LabCli.labName(target, labs);
        if (lab != null) {
            return LabCli.destroy(command.commandLine(), services, lab, json);
        }
        LabCli.refuseMember(target, labs);
        DestroyReport report = new DestroyService(services.store, services.runner, services.proc)
                .destroy(target, force, Reports.forRun(out, main, json));
        if (json) {
            out.println(Json.write(Reports.json(report)));
        } else if (main.quiet) {
            // --quiet: only the errors below
        } else if (!report.found()) {
            out.println("nothing to destroy: no container " + target + " exists");
        } else if (report.ok()) {
            out.println("container " + report.name() + " destroyed; nothing of it is left on this host");
        }
        if (!report.ok()) {
            command.commandLine().getErr().println("jconshgen: destroy " + report.name() + " is incomplete; left: "
                    + String.join(", ", report.leftovers()));
            report.steps().stream().filter(s -> !s.ok()).forEach(s -> command.commandLine().getErr().println(s.output()));
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }
}
