package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.init.StarterSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a commented starter spec: the handout's lab container (default), a minimal one, a web"
                + " server with probes, or three containers on one bridge (kind: Lab). The spec is validated before it is written; an existing file is kept unless"
                + " --force.",
                "Then: jconshgen validate FILE, jconshgen explain FILE, jconshgen apply FILE."})
final class InitCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    static final class Kind {
        @Option(names = "--lab", description = "The handout's container: all namespaces, a cgroup, a veth pair (default).")
        boolean lab;
        @Option(names = "--minimal", description = "Only what has no default: a name and a work directory.")
        boolean minimal;
        @Option(names = "--web", description = "busybox httpd as the container's command, with limits and probes.")
        boolean web;
        @Option(names = "--trio", description = "kind: Lab: three containers on one bridge, one serving TCP.")
        boolean trio;

        StarterSpec starter() {
            return minimal ? StarterSpec.MINIMAL : web ? StarterSpec.WEB : trio ? StarterSpec.TRIO : StarterSpec.LAB;
        }
    }

    @ArgGroup(exclusive = true)
    Kind kind = new Kind();

    @Option(names = "--name", paramLabel = "NAME", description = "The container's (or lab's) name (default: consh, box, web or trio).")
    String name;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Where to write the spec (default: NAME.yaml; '-' for standard output).")
    String file;

    @Override
    public Integer call() {
        StarterSpec starter = (kind == null ? new Kind() : kind).starter();
        String container = name == null ? starter.defaultName() : name;
        String target = file == null ? container + ".yaml" : file;
        String text = starter.text(container, target);
        if (target.equals("-")) {
            command.commandLine().getOut().print(text);
            command.commandLine().getOut().flush();
            return ExitCode.OK;
        }
        Path path = Path.of(target);
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, target + " exists: choose another FILE, or --force to overwrite it");
        }
        Outputs.write(path, text.getBytes(StandardCharsets.UTF_8));
        if (Main.of(command).quiet) {
            return ExitCode.OK;
        }
        command.commandLine().getOut().println("wrote " + target + ": check it with 'jconshgen validate " + target
                + "', read what it does with 'jconshgen explain " + target + "'");
        return ExitCode.OK;
    }
}
