package dev.jconshgen.cli;

import dev.jconshgen.apply.RunningContainer;
import dev.jconshgen.apply.VerifyService;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.lab.LabStore;
import dev.jconshgen.lab.LabVerifyService;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.ContainerByPid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a running container from the host against its spec; each check is PASS, FAIL or SKIP.",
                "With a SPEC file, the container of that name is checked against that (possibly changed) spec.",
                "With --pid or --pid-of, any container is checked against SPEC with no state: one made by hand with the"
                        + " generated or the handout's scripts, or one runc runs from 'jconshgen export oci'."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "NAME|SPEC", description = "Container name or spec file.")
    String target;

    @Option(names = "--json", description = "Print the checks as JSON.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the checks as JUnit XML (one testcase per check) to FILE.")
    Path junit;

    @Option(names = "--pid", paramLabel = "[MEMBER=]PID",
            description = {"The PID of the container's first process (as the host sees it); SPEC is then a spec file and no state is read.",
                    "A lab: MEMBER=PID, once per member."})
    List<String> pids = new ArrayList<>();

    @Option(names = "--pid-of", paramLabel = "[MEMBER=]COMMAND",
            description = "Find that PID: the one process named COMMAND whose namespaces are not the host's and not its parent's.")
    List<String> pidOf = new ArrayList<>();

    @Option(names = "--workdir", paramLabel = "[MEMBER=]DIR",
            description = {"With --pid: the container's work directory, where the spec's layers and overlay are (default: the spec's"
                    + " workdir, relative to the spec file).", "A lab: MEMBER=DIR, for each member built elsewhere."})
    List<String> workdirs = new ArrayList<>();

    @Override
    public Integer call() {
        if (junit != null && Files.isDirectory(junit)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--junit " + junit + " is a directory: give a file name; nothing was checked");
        }
        Services services = new Services(command.commandLine().getErr(), main.verbose);
        CheckReport report;
        if (!pids.isEmpty() || !pidOf.isEmpty()) {
            report = byPid(services);
        } else {
            if (!workdirs.isEmpty()) {
                throw new JconshgenException(ExitCode.INVALID_INPUT, "--workdir goes with --pid or --pid-of (a container apply made has its own)");
            }
            report = byState(services);
        }
        return report.print(command.commandLine(), main, json, junit);
    }

    private CheckReport byState(Services services) {
        String lab = LabCli.labName(target, new LabStore(services.store));
        if (lab != null) {
            return new CheckReport(lab, new LabVerifyService(new LabStore(services.store), services.runner, services.proc).verify(lab));
        }
        RunningContainer container = RunningContainer.find(target, services.store);
        String name = container.state().name();
        if (dev.jconshgen.apply.InnerContainers.outerOf(services.store, name).isPresent()) {
            // a lab member inside another: checked from the host and through its outer container
            return new CheckReport(name, new dev.jconshgen.apply.InnerContainers(services.store, services.runner, services.proc)
                    .verify(name, container.spec()));
        }
        return new CheckReport(name, new VerifyService(services.runner, services.proc)
                .verify(container, VerifyService.cachedLayers(services.store, name)));
    }

    /** --pid/--pid-of: the spec file and the PIDs; every PID is resolved and proven before any check. */
    private CheckReport byPid(Services services) {
        if (!(target.contains("/") || target.endsWith(".yaml") || target.endsWith(".yml"))) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--pid and --pid-of check a container against a spec file, and '" + target
                    + "' is not one (a path ending in .yaml): give the spec the container was made from");
        }
        YamlSpecLoader.Loaded loaded = new YamlSpecLoader().loadEither(Path.of(target));
        Map<String, Long> given = new LinkedHashMap<>();
        // A bare PID is the container spec's; a lab's members are named (MEMBER=PID).
        String bare = loaded instanceof YamlSpecLoader.LoadedSpec container ? container.spec().name() : "(no MEMBER=)";
        ContainerByPid finder = new ContainerByPid(services.proc);
        for (String value : pids) {
            put(given, value, "--pid", bare, pid -> {
                if (!pid.matches("[0-9]{1,10}")) {
                    throw new JconshgenException(ExitCode.INVALID_INPUT, "--pid " + value + ": '" + pid + "' is not a process ID (digits)");
                }
                return Long.parseLong(pid);
            });
        }
        for (String value : pidOf) {
            put(given, value, "--pid-of", bare, finder::pidOf);
        }
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String value : workdirs) {
            put(dirs, value, "--workdir", bare, dir -> Path.of(dir).toAbsolutePath().normalize());
        }
        if (loaded instanceof YamlSpecLoader.LoadedLab lab) {
            Map<String, Path> memberDirs = new LinkedHashMap<>();
            lab.members().forEach(member -> memberDirs.put(member.spec().name(), member.workdir()));
            for (String member : dirs.keySet()) {
                if (!memberDirs.containsKey(member)) {
                    throw new JconshgenException(ExitCode.INVALID_INPUT, "--workdir " + member + "=...: lab " + lab.lab().name()
                            + " has no member " + member + " (its members: " + String.join(", ", memberDirs.keySet()) + "); use MEMBER=DIR");
                }
            }
            memberDirs.putAll(dirs);
            return new CheckReport(lab.lab().name(), new LabVerifyService(new LabStore(services.store), services.runner, services.proc)
                    .verifyByPid(lab.lab(), given, member -> memberDirs.get(member.name())));
        }
        YamlSpecLoader.LoadedSpec spec = (YamlSpecLoader.LoadedSpec) loaded;
        String name = spec.spec().name();
        if (given.size() != 1 || !given.containsKey(name)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "give one --pid PID (or --pid-of COMMAND) for container " + name
                    + (given.keySet().stream().anyMatch(k -> !k.equals(name)) ? " (a MEMBER= prefix names a lab's member; " + name
                    + " is a container spec)" : ""));
        }
        if (dirs.keySet().stream().anyMatch(k -> !k.equals(name))) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--workdir MEMBER=DIR names a lab's member; " + name + " is a container spec: give --workdir DIR");
        }
        Path dir = dirs.getOrDefault(name, spec.workdir());
        return new CheckReport(name, new VerifyService(services.runner, services.proc).verifyByPid(spec.spec(), dir, given.get(name)));
    }

    /** MEMBER=VALUE or VALUE (then the member is the container itself, named by the spec), once per member. */
    private static <T> void put(Map<String, T> given, String value, String option, String bare,
                                java.util.function.Function<String, T> resolve) {
        int equals = value.indexOf('=');
        String member = equals < 0 ? bare : value.substring(0, equals);
        String rest = equals < 0 ? value : value.substring(equals + 1);
        if (given.containsKey(member)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, option + " " + value + ": " + member + " was given "
                    + (option.equals("--workdir") ? "a work directory" : "a PID") + " already");
        }
        given.put(member, resolve.apply(rest));
    }
}
