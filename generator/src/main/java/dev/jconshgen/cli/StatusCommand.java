package dev.jconshgen.cli;

import dev.jconshgen.apply.RunningContainer;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.model.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<String> names = name != null ? List.of(name) : services.store.names();
        List<Object> rows = new ArrayList<>();
        for (String each : names) {
            RunningContainer container = RunningContainer.find(each, services.store);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", container.state().name());
            row.put("pid", container.state().pid());
            row.put("state", container.alive(services.proc) ? "running" : "stopped");
            row.put("cgroup", String.join(",", container.state().cgroupDirs().stream().map(Path::toString).toList()));
            row.put("hostAddress", container.spec().network().map(NetworkSpec::hostAddress).orElse(""));
            row.put("containerAddress", container.spec().network().map(NetworkSpec::containerAddress).orElse(""));
            row.put("workdir", container.state().workdir().toString());
            rows.add(row);
        }
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(Json.write(name != null ? rows.get(0) : rows));
            return ExitCode.OK;
        }
        if (rows.isEmpty()) {
            out.println("no containers");
        }
        for (Object row : rows) {
            Map<?, ?> r = (Map<?, ?>) row;
            out.printf("%s  pid %s  %s  cgroup %s  host %s  container %s  workdir %s%n", r.get("name"), r.get("pid"), r.get("state"),
                    dash(r.get("cgroup")), dash(r.get("hostAddress")), dash(r.get("containerAddress")), r.get("workdir"));
        }
        return ExitCode.OK;
    }

    private static Object dash(Object value) {
        return value.toString().isEmpty() ? "-" : value;
    }
}
