package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.apply.ApplyReport;
import dev.jconshgen.apply.ApplyService;
import dev.jconshgen.apply.Interruption;
import dev.jconshgen.apply.Progress;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.rootless.UserIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Create the container of SPEC and verify it from the host.",
                "Generates the scripts into the state directory (/run/jconshgen/NAME, or $JCONSHGEN_STATE_DIR/NAME), runs"
                        + " create_lowerfs.sh, consh_setup.sh -d (with the post-setup inside) and consh_nw_setup.sh,"
                        + " then checks the running container against the spec. The container runs detached."
                        + " On any failure everything is undone (unless --keep-on-failure).",
                "Before anything is created, a preflight checks the host and lists every blocker with its remedy (exit 3)."})
final class ApplyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML).")
    Path spec;

    @Option(names = "--json", description = "Print a machine-readable report instead of progress lines.")
    boolean json;

    @Option(names = "--keep-on-failure", description = "Keep what was created when a step fails, for debugging.")
    boolean keepOnFailure;

    @Option(names = "--user", paramLabel = "USER", description = "As root: run the lower-layer and setup steps as USER (name or"
            + " UID; its cgroup goes into USER's delegated subtree, see 'jconshgen delegate'), only the network step as root:"
            + " the handout's split. The state stays root's: verify, exec and destroy as root.")
    String user;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Services services = new Services(command.commandLine().getErr(), main.verbose);
        Progress progress = Reports.forRun(out, main, json);
        // Ctrl-C or SIGTERM: the running step is stopped and apply undoes its work; the JVM waits
        // until the report below is printed (exit status 130 or 143).
        try (Interruption interruption = Interruption.watch(services.runner::cancelRunning)) {
            if (new dev.jconshgen.core.GeneratorService().isLab(spec)) {
                if (user != null) {
                    throw new dev.jconshgen.core.JconshgenException(ExitCode.INVALID_INPUT, "--user: a lab is applied by root"
                            + " (its bridge and every member's network need root); apply it without --user, or apply each"
                            + " member as a Container spec with --user");
                }
                return LabCli.apply(command.commandLine(), services, spec, keepOnFailure, json, interruption);
            }
            return applyAndReport(services, new ApplyService(services.store, services.runner, services.proc), progress, interruption);
        }
    }

    private int applyAndReport(Services services, ApplyService service, Progress progress, Interruption interruption) {
        PrintWriter out = command.commandLine().getOut();
        Optional<UserIds> asUser = user == null ? Optional.empty() : Optional.of(UserIds.resolve(user, services.runner));
        ApplyReport report = service.apply(spec, asUser, keepOnFailure, progress, interruption);
        if (json) {
            out.println(Json.write(Reports.json(report)));
        } else if (report.ok() && !main.quiet) {
            out.println("container " + report.name() + " is running (PID " + report.pid() + "); 'jconshgen exec "
                    + report.name() + "' enters it, 'jconshgen destroy " + report.name() + "' removes it");
        }
        if (!report.ok()) {
            command.commandLine().getErr().println("jconshgen: apply " + report.name() + " failed: " + report.failure().get());
            command.commandLine().getErr().flush();
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }
}
