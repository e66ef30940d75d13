package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.oci.OciBundleExporter;
import dev.jconshgen.oci.OciConfig;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "oci", mixinStandardHelpOptions = true,
        description = {"Write an OCI runtime bundle (config.json and rootfs/) of the spec's container: its namespaces, host name,"
                + " uid/gid maps, mounts, cgroup path and limits, and a root file system made of its layers.",
                "Run it with 'runc run -d -b BUNDLE ID'; then 'jconshgen verify SPEC --pid PID' checks it against the spec."})
final class ExportOciCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The container's spec file (YAML).")
    Path spec;

    @Option(names = {"-o", "--output"}, paramLabel = "BUNDLE", required = true, description = "The bundle directory to create (it must not exist).")
    Path bundle;

    @Option(names = "--join-netns", description = "Join the network namespace consh_nw_setup.sh made (/var/run/netns/NETNS) instead of a new one.")
    boolean joinNetns;

    @Override
    public Integer call() {
        LoadedSpec loaded = new GeneratorService().load(spec);
        Services services = new Services(command.commandLine().getErr(), Main.of(command).verbose);
        OciBundleExporter exporter = new OciBundleExporter(services.runner, services.proc);
        OciConfig.Options options = exporter.hostOptions(loaded, joinNetns);
        exporter.export(loaded, bundle, options);
        if (!Main.of(command).quiet) {
            var out = command.commandLine().getOut();
            out.println("wrote the OCI bundle " + bundle + " (config.json, rootfs/)");
            out.println("run it:    runc run -d -b " + bundle + " " + loaded.spec().name() + " </dev/null >/dev/null 2>&1");
            loaded.spec().network().ifPresent(network -> out.println("network:   " + OciConfig.networkHint(network, joinNetns)));
            out.println("verify it: jconshgen verify " + spec + " --pid $(runc state " + loaded.spec().name()
                    + " | sed -n 's/^ *\"pid\": \\([0-9]*\\),$/\\1/p')");
            out.flush();
        }
        return ExitCode.OK;
    }
}
