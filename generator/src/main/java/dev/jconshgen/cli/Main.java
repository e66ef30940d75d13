package dev.jconshgen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The jconshgen command line: a thin layer over the core services. */
@Command(name = "jconshgen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generate corrected consh-style container scripts from a validated spec, run them, and prove the result.",
        subcommands = {ValidateCommand.class, GenerateCommand.class, PlanCommand.class, ApplyCommand.class, VerifyCommand.class,
                StatusCommand.class, ExecCommand.class, DestroyCommand.class, DelegateCommand.class, InitCommand.class, SchemaCommand.class,
                ExplainCommand.class, DiagramCommand.class, CompletionCommand.class, ManPagesCommand.class, VmFactsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of internal errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Print only errors (and what --json asks for): no progress, no summary.")
    boolean quiet;

    @Option(names = "--color", scope = CommandLine.ScopeType.INHERIT, paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour OK/FAILED and PASS/FAIL: auto (on a terminal), always or never. NO_COLOR in the environment"
                    + " turns it off whatever this says.")
    Style.ColourMode colour;

    /** The command line's options, from any command's spec (for commands without @ParentCommand). */
    static Main of(CommandLine.Model.CommandSpec command) {
        return (Main) command.root().userObject();
    }

    /** How this run's reports look: colour where it helps, nothing at all with --quiet. */
    Style style() {
        return Style.detect(colour, System.getenv(), System.console() != null);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests call this and capture its writers. */
    public static CommandLine newCommandLine() {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main);
        documentExitCodes(commandLine);
        commandLine.setExecutionExceptionHandler(new ErrorHandler(main));
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("jconshgen: " + e.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return dev.jconshgen.core.ExitCode.INVALID_INPUT;
        });
        return commandLine;
    }

    /** Every command's --help lists the same exit codes, from the one table in ExitCode. */
    private static void documentExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(dev.jconshgen.core.ExitCode.descriptions());
        commandLine.getSubcommands().values().forEach(Main::documentExitCodes);
    }
}
