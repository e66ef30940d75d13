package dev.jconshgen.cli;

import picocli.CommandLine.Command;

/** export FORMAT: the spec's container in another tool's format; each format is a subcommand. */
@Command(name = "export", mixinStandardHelpOptions = true, subcommands = {ExportOciCommand.class, ExportAnsibleCommand.class},
        description = "Write the spec's container in another tool's format (oci: a runtime bundle for runc; ansible: playbooks that make it on every host of an inventory).")
final class ExportCommand {
}
