package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.fleet.AnsibleExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ansible", mixinStandardHelpOptions = true,
        description = {"Write an Ansible playbook directory that makes the spec's container (or lab) on every host of an inventory:"
                + " apply.yml checks each host (a blocker stops that host with its remedy, the others go on), installs the packages"
                + " and jconshgen, applies the spec with the host's own names and addresses, verifies it and fetches the JUnit"
                + " reports to reports/HOST/; destroy.yml removes it. Both are idempotent and take --check.",
                "The names and addresses are per-host variables (roles/jconshgen/defaults/main.yml); see README.md in DIR."})
final class ExportAnsibleCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML): a container or a lab.")
    Path spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "The directory to create (it must not exist).")
    Path output;

    @Override
    public Integer call() {
        List<Path> written = new AnsibleExporter().export(spec, output, runningJar());
        if (!Main.of(command).quiet) {
            var out = command.commandLine().getOut();
            out.println("wrote " + written.size() + " files to " + output + " (apply.yml, destroy.yml, the role jconshgen, README.md)");
            out.println("list the hosts: cp " + output.resolve("inventory.example.yml") + " " + output.resolve("inventory.yml"));
            out.println("then, in " + output + ":  ansible-playbook -i inventory.yml apply.yml   (destroy.yml removes it)");
            out.flush();
        }
        return ExitCode.OK;
    }

    /** The jar this JVM runs jconshgen from: the one the hosts get. */
    private static Path runningJar() {
        try {
            return Path.of(AnsibleExporter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new JconshgenException(ExitCode.FAILURE, "export ansible: cannot tell which jar jconshgen runs from: " + e.getMessage());
        }
    }
}
