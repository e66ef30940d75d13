package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write the container's scripts (create_lowerfs.sh, consh_setup.sh, consh_post_setup.sh,"
                + " consh_nw_setup.sh, consh_nw_cleanup.sh, consh_cleanup.sh; in the robust style also consh_lib.sh, which"
                + " they source). For a kind: Lab spec: the bridge's consh_bridge_setup.sh and consh_bridge_cleanup.sh in DIR,"
                + " each member's six scripts in DIR/MEMBER.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML).")
    Path spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Directory for the scripts (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    StyleOption style;

    @Override
    public Integer call() {
        for (Path written : new GeneratorService().generate(spec, output, style.style)) {
            if (!Main.of(command).quiet) {
                command.commandLine().getOut().println("wrote " + written);
            }
        }
        return ExitCode.OK;
    }
}
