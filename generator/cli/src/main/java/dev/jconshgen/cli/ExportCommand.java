package dev.jconshgen.cli;

import picocli.CommandLine.Command;

/** export FORMAT: the spec's container in another tool's format; each format is a subcommand. */
@Command(name = "export", mixinStandardHelpOptions = true, subcommands = ExportOciCommand.class,
        description = "Write the spec's container in another tool's format (oci: a runtime bundle for runc).")
final class ExportCommand {
}
