package dev.jconshgen.render;

import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The Freemarker configuration with every script template parsed, made once per process.
 *
 * <p>On a cold JVM, setting Freemarker up and parsing the templates is the largest part of a
 * render (see bench/results.md). A command that will render calls {@link #prepareInBackground()}
 * first, so that this runs on a second core while picocli builds the command line and the spec
 * is loaded. Whoever needs the templates first and finds that work not started does it itself,
 * so nothing depends on the background thread having run.
 */
public final class Templates {
    private static final FutureTask<Configuration> PREPARED = new FutureTask<>(Templates::configureAndParse);

    private Templates() {
    }

    /** Starts preparing the templates on a daemon thread; a second call does nothing more. */
    public static void prepareInBackground() {
        Thread preparer = new Thread(PREPARED, "jconshgen-templates");
        preparer.setDaemon(true);
        preparer.start();
    }

    /** The configuration, its templates parsed: waits for the background work, or does it here. */
    static Configuration configuration() {
        PREPARED.run(); // does nothing when the background thread has started it: get() waits then
        try {
            return PREPARED.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the script templates", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot load the script templates: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Configuration configureAndParse() throws IOException {
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
        for (ScriptKind kind : ScriptKind.values()) {
            configuration.getTemplate(kind.templateName()); // parsed now, kept in the configuration's cache
        }
        return configuration;
    }
}
