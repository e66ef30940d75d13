package dev.jconshgen.apply;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The NAME|SPEC argument of verify, exec, status and destroy. A spec file is recognised by its
 * form (a path with '/' or a .yaml/.yml name), never by a file that happens to carry the name of
 * a container; a name must be a valid container name, so it can never lead out of the state
 * directory.
 */
public record ContainerRef(String name, Optional<LoadedSpec> spec) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public static ContainerRef parse(String argument) {
        if (argument.contains("/") || argument.endsWith(".yaml") || argument.endsWith(".yml")) {
            LoadedSpec loaded = new GeneratorService().load(Path.of(argument));
            return new ContainerRef(loaded.spec().name(), Optional.of(loaded));
        }
        if (!NAME.matcher(argument).matches()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "'" + argument + "' is neither a container name"
                    + " (lower-case letters, digits, inner '-') nor a spec file (a path ending in .yaml)");
        }
        return new ContainerRef(argument, Optional.empty());
    }
}
