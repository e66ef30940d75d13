package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.explain.ExplainDocument;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.render.Style;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain, as Markdown, what the spec's scripts do and why: each script and step in run order with"
                + " the lesson's lines, where the robust lines are and what their guards add, the manual pages behind it,"
                + " a picture of the container (Mermaid) and where each spec field ends up. --style chooses whose commands"
                + " the run order shows.",
                "The document is the same on every machine: generated/<example>/EXPLAIN.md is kept up to date by"
                        + " 'make generate'."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML).")
    Path spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the document to FILE instead of standard output.")
    Path output;

    @Mixin
    StyleOption style;

    @Override
    public Integer call() {
        GeneratorService service = new GeneratorService();
        // The file name only: a machine path in the document would differ from machine to machine.
        String file = spec.getFileName().toString();
        String document;
        YamlSpecLoader.Loaded either = service.loadEither(spec);
        if (either instanceof YamlSpecLoader.LoadedLab loadedLab) {
            var lab = loadedLab.lab();
            document = ExplainDocument.write(file, lab, style.style, service.renderLab(lab, Style.LESSON),
                    service.renderLab(lab, Style.ROBUST));
        } else {
            LoadedSpec loaded = (LoadedSpec) either;
            document = ExplainDocument.write(file, loaded.spec(), style.style, service.render(loaded.spec(), Style.LESSON),
                    service.render(loaded.spec(), Style.ROBUST));
        }
        Outputs.write(command, output, document);
        return ExitCode.OK;
    }
}
