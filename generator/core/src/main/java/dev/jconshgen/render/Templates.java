package dev.jconshgen.render;

import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;

import freemarker.template.Template;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * The Freemarker configuration and the parsed script templates, made once per process.
 *
 * <p>On a cold JVM, setting Freemarker up and parsing the templates is the largest part of a
 * render (see bench/results.md). A command that will render calls {@link #prepareInBackground()}
 * first, so that this runs on a second core while picocli builds the command line and the spec
 * is loaded. Each template is a task of its own, taken in the order the scripts are rendered:
 * the renderer renders one while the background parses the next, and parses a template itself
 * when the background has not reached it yet. Nothing depends on the background having run.
 */
public final class Templates {
    private static final FutureTask<Configuration> CONFIGURED = new FutureTask<>(Templates::configure);
    private static final Map<String, FutureTask<Template>> PARSED = new LinkedHashMap<>();

    static {
        // The bridge's templates last: most specs have no bridge and never wait for them.
        Stream.of(ScriptKind.values())
                .sorted(Comparator.comparing(ScriptKind::bridgeOnly))
                .map(ScriptKind::templateName)
                .forEach(name -> PARSED.put(name, new FutureTask<>(() -> configuration().getTemplate(name))));
    }

    private Templates() {
    }

    /** Starts preparing the templates on a daemon thread; a second call only adds a thread that finds nothing to do. */
    public static void prepareInBackground() {
        Thread preparer = new Thread(() -> {
            CONFIGURED.run();
            PARSED.values().forEach(FutureTask::run);
        }, "jconshgen-templates");
        preparer.setDaemon(true);
        preparer.start();
    }

    /** The configuration: waits for the background to make it, or makes it here. */
    static Configuration configuration() {
        return done(CONFIGURED);
    }

    /** One parsed script template ({@link ScriptKind#templateName()}): waits for it, or parses it here. */
    static Template template(String name) {
        FutureTask<Template> parsed = PARSED.get(name);
        if (parsed == null) {
            throw new IllegalArgumentException("no script template " + name);
        }
        return done(parsed);
    }

    /** Runs the task here unless it has started elsewhere (then run() does nothing), and returns its result. */
    private static <T> T done(FutureTask<T> task) {
        task.run();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the script templates", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot load the script templates: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Configuration configure() {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setClassForTemplateLoading(Templates.class, "/templates");
        configuration.setDefaultEncoding("UTF-8");
        // [=value] for Freemarker, so that ${...} stays the shell's own syntax in templates.
        configuration.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
        configuration.setRegisteredCustomOutputFormats(List.of(ShellOutputFormat.INSTANCE));
        configuration.setOutputFormat(ShellOutputFormat.INSTANCE);
        configuration.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setWhitespaceStripping(true);
        return configuration;
    }
}
