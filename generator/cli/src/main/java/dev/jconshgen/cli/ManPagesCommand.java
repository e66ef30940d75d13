package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Writes one AsciiDoc man page per command with picocli's generator, from the configured command
 * line (so the exit code table every --help shows is in the pages too). Hidden: it is a build
 * step ('make man' turns the pages into troff with asciidoctor), not something users run. The
 * generator (picocli-codegen) is not in the runnable jar: 'make man' puts it on the class path.
 */
@Command(name = "man-pages", hidden = true, mixinStandardHelpOptions = true,
        description = "Write the AsciiDoc sources of the man pages (used by 'make man').")
final class ManPagesCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory for the .adoc files.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try {
            Class.forName("picocli.codegen.docgen.manpage.ManPageGenerator");
        } catch (ClassNotFoundException e) {
            throw new JconshgenException(ExitCode.HOST_NOT_READY, "picocli's man page generator (picocli-codegen) is not on the class path:"
                    + " run 'make man', which adds generator/cli/target/man-tools/ to it");
        }
        try {
            Files.createDirectories(output);
            // A fresh command line, since the version is written into its specs; the hidden
            // command itself gets no page.
            picocli.CommandLine.Model.CommandSpec root = Main.newCommandLine().getCommandSpec();
            withVersion(root, new VersionProvider().getVersion());
            int status = ManPageGenerator.generateManPage(output.toFile(), null, new boolean[0], false, root);
            if (status != 0) {
                throw new JconshgenException(ExitCode.FAILURE, "the man page generator failed with status " + status);
            }
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write the man pages to " + output + ": " + e.getMessage()
                    + " (choose a writable directory)");
        }
        command.commandLine().getOut().println("man pages written to " + output);
        return ExitCode.OK;
    }

    /** The pages' header shows a static version; the command line reads it from the jar at run time. */
    private static void withVersion(picocli.CommandLine.Model.CommandSpec spec, String[] version) {
        spec.version(version);
        spec.subcommands().values().forEach(sub -> withVersion(sub.getCommandSpec(), version));
    }
}
