package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON Schema of the spec format, for editors that check and complete YAML files.",
                "VS Code (YAML extension): \"yaml.schemas\": {\"/path/to/jconshgen-v1.schema.json\": \"*.jconshgen.yaml\"};"
                        + " or a first line '# yaml-language-server: $schema=/path/to/jconshgen-v1.schema.json' in a spec.",
                "The schema checks the shape of a spec; 'jconshgen validate' checks everything."})
final class SchemaCommand implements Callable<Integer> {
    static final String RESOURCE = "/schema/jconshgen-v1.schema.json";

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the schema to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        Outputs.write(command, output, schema());
        return ExitCode.OK;
    }

    static String schema() {
        try (InputStream in = SchemaCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
