package dev.jconshgen.cli;

import dev.jconshgen.apply.Interruption;

import dev.jconshgen.render.Templates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Set;

/** The jconshgen command line: a thin layer over the core services. */
@Command(name = "jconshgen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generate corrected consh-style container scripts from a validated spec, run them, and prove the result.")
public final class Main {
    /**
     * The subcommands, in the order --help lists them. They are added by code, not by the
     * annotation, so that a run of one command builds picocli's model of that command only:
     * the model of all of them is most of jconshgen's start-up (see bench/results.md).
     */
    private static final List<String> COMMANDS = List.of("validate", "generate", "plan", "preflight", "apply", "verify", "status",
            "exec", "destroy", "cache", "delegate", "init", "schema", "explain", "diagram", "export", "completion", "man-pages", "vm-facts", "batch", "help");

    /**
     * One subcommand's object. A switch, not a table of constructor references: those would
     * load every command's class and link a lambda for each at start-up, which the run of one
     * command does not need.
     */
    private static Object newCommand(String name) {
        return switch (name) {
            case "validate" -> new ValidateCommand();
            case "generate" -> new GenerateCommand();
            case "plan" -> new PlanCommand();
            case "preflight" -> new PreflightCommand();
            case "apply" -> new ApplyCommand();
            case "verify" -> new VerifyCommand();
            case "status" -> new StatusCommand();
            case "exec" -> new ExecCommand();
            case "destroy" -> new DestroyCommand();
            case "cache" -> new CacheCommand();
            case "delegate" -> new DelegateCommand();
            case "init" -> new InitCommand();
            case "schema" -> new SchemaCommand();
            case "explain" -> new ExplainCommand();
            case "diagram" -> new DiagramCommand();
            case "export" -> new ExportCommand();
            case "completion" -> new CompletionCommand();
            case "man-pages" -> new ManPagesCommand();
            case "vm-facts" -> new VmFactsCommand();
            case "batch" -> new BatchCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /**
     * These render scripts: their templates are parsed on a second core while the command line
     * and the spec are read (see {@link Templates}).
     */
    private static final Set<String> RENDER = Set.of("generate", "plan", "apply", "explain", "batch");

    /** These describe the whole command line, so they always get all of it. */
    private static final Set<String> NEED_ALL = Set.of("completion", "man-pages", "help");

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
        if (rendersScripts(args)) {
            Templates.prepareInBackground();
        }
        int status = newCommandLine(args).execute(args);
        if (Interruption.signalled()) {
            // The JVM is shutting down on a signal and ends with its status (130 for INT, 143 for
            // TERM) once apply's hook has let go; System.exit here would race that end and could
            // win it with this status instead.
            Interruption.awaitHalt();
        }
        System.exit(status);
    }

    /** The configured command line with every subcommand; tests call this and capture its writers. */
    public static CommandLine newCommandLine() {
        return build(Set.copyOf(COMMANDS));
    }

    /**
     * The command line for these arguments: only the subcommand they name (the same behaviour,
     * less to build), or all of them when they name none, or one that describes the whole line.
     */
    static CommandLine newCommandLine(String[] args) {
        String named = subcommandOf(args);
        return named == null || NEED_ALL.contains(named) ? newCommandLine() : build(Set.of(named));
    }

    /** Whether these arguments run a command that renders scripts (so its templates are wanted). */
    static boolean rendersScripts(String[] args) {
        String named = subcommandOf(args);
        return named != null && RENDER.contains(named); // Set.of refuses to look up null
    }

    /** The first argument that is not an option of jconshgen itself, if it names a subcommand. */
    static String subcommandOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--color")) {
                i++; // its value
            } else if (!arg.startsWith("-")) {
                return COMMANDS.contains(arg) ? arg : null;
            }
        }
        return null;
    }

    private static CommandLine build(Set<String> names) {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main);
        for (String name : COMMANDS) {
            if (names.contains(name)) {
                commandLine.addSubcommand(name, newCommand(name));
            }
        }
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
