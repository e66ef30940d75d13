package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.diagram.DotWriter;
import dev.jconshgen.diagram.GraphvizRenderer;
import dev.jconshgen.diagram.MermaidWriter;
import dev.jconshgen.diagram.Topology;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.YamlSpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "diagram", mixinStandardHelpOptions = true,
        description = {"Draw the spec's container: host and container namespaces, the overlay layers, the cgroup, the veth"
                + " pair or bridge with their addresses.",
                "dot and mermaid are text (to standard output or -o FILE); svg and png are drawn by Graphviz's 'dot',"
                        + " which must be installed, into -o FILE."})
final class DiagramCommand implements Callable<Integer> {
    enum Format { dot, mermaid, svg, png }

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML).")
    Path spec;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "dot",
            description = "dot, mermaid, svg or png (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the picture to FILE (required for svg and png).")
    Path output;

    @Override
    public Integer call() {
        if ((format == Format.svg || format == Format.png) && output == null) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--format " + format + " needs -o FILE (an image is not text)");
        }
        GeneratorService service = new GeneratorService();
        YamlSpecLoader.Loaded either = service.loadEither(spec);
        Topology topology = either instanceof YamlSpecLoader.LoadedLab lab ? Topology.of(lab.lab())
                : Topology.of(((YamlSpecLoader.LoadedSpec) either).spec());
        switch (format) {
            case dot -> Outputs.write(command, output, DotWriter.write(topology));
            case mermaid -> Outputs.write(command, output, MermaidWriter.write(topology));
            case svg, png -> {
                new GraphvizRenderer(new ProcessRunner()).render(DotWriter.write(topology), format.name(), output);
                if (!Main.of(command).quiet) {
                    command.commandLine().getOut().println("wrote " + output);
                }
            }
        }
        return ExitCode.OK;
    }
}
