package dev.jconshgen.cli;

import dev.jconshgen.core.Json;
import dev.jconshgen.apply.StatusService;
import dev.jconshgen.apply.StatusService.Status;
import dev.jconshgen.core.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the containers jconshgen applied (or one): name, PID, state, cgroup, addresses, work directory.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @ParentCommand
    Main main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One container (default: all).")
    String name;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Services services = new Services(command.commandLine().getErr(), main.verbose);
        dev.jconshgen.lab.LabStore labs = new dev.jconshgen.lab.LabStore(services.store);
        PrintWriter out = command.commandLine().getOut();
        // A lab: its line, then its members as containers. Without a name: every lab's line too.
        boolean lab = name != null && labs.load(name).isPresent();
        List<Status> statuses = lab
                ? LabCli.members(services, name).stream().flatMap(m -> new StatusService(services.store, services.proc).status(m).stream()).toList()
                : new StatusService(services.store, services.proc).status(name);
        if (!json && (lab || name == null)) {
            for (String each : lab ? List.of(name) : labs.names()) {
                out.println(LabCli.statusLine(services, each));
            }
        }
        if (json) {
            List<Map<String, Object>> rows = statuses.stream().map(StatusCommand::json).toList();
            out.println(Json.write(name != null ? rows.get(0) : rows));
            return ExitCode.OK;
        }
        if (statuses.isEmpty()) {
            out.println("no containers");
        }
        for (Status s : statuses) {
            out.printf("%s  pid %d  %s  cgroup %s  host %s  container %s  workdir %s%n", s.name(), s.pid(), s.state(),
                    dash(cgroups(s)), dash(s.hostAddress()), dash(s.containerAddress()), s.workdir());
        }
        return ExitCode.OK;
    }

    private static Map<String, Object> json(Status s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", s.name());
        row.put("pid", s.pid());
        row.put("state", s.state());
        row.put("cgroup", cgroups(s));
        row.put("hostAddress", s.hostAddress());
        row.put("containerAddress", s.containerAddress());
        row.put("workdir", s.workdir().toString());
        return row;
    }

    private static String cgroups(Status s) {
        return String.join(",", s.cgroups().stream().map(Path::toString).toList());
    }

    private static String dash(String value) {
        return value.isEmpty() ? "-" : value;
    }
}
