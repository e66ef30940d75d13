package dev.jconshgen.cli;

import dev.jconshgen.apply.ExecService;
import dev.jconshgen.apply.RunningContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run a command in a running container (default: an interactive shell).",
                "Like runc exec: joins the container's cgroups first, so its limits apply, then enters all its"
                        + " namespaces and its root with nsenter. The exit code is the command's."})
final class ExecCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "NAME", description = "Container name or spec file.")
    String target;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments (after --).")
    List<String> cmd = new ArrayList<>();

    @Option(names = "--timeout", defaultValue = "PT24H", paramLabel = "DURATION",
            description = "Stop the command after this long (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        Services services = new Services(command.commandLine().getErr(), main.verbose);
        RunningContainer container = RunningContainer.find(target, services.store);
        command.commandLine().getOut().flush();
        return new ExecService(services.runner, services.proc).exec(container, cmd, timeout);
    }
}
