package dev.jconshgen.render;

import freemarker.core.Environment;
import freemarker.template.TemplateDirectiveBody;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The directives that let one template hold both styles of a script (see {@link Style}):
 * <ul>
 *   <li>{@code <@step name="..." why="..." man="unshare(1) namespaces(7)" guards="...">...</@step>}
 *       declares one step. Its body holds the lesson's commands and the robust block side by side.
 *       The lesson shows the step as a comment (name, why, man pages) above its commands; the robust
 *       script starts it with {@code step='NAME'}, which its {@code die} reports. A step whose body
 *       is empty in a style is not in that style's script. Each step written is recorded with its
 *       lines ({@link RenderedStep}), for plan and explain.</li>
 *   <li>{@code <@lesson>...</@lesson>} and {@code <@robust>...</@robust>}: text of one style only,
 *       inside a step or around the frame of a script (its options, its functions).</li>
 * </ul>
 * One instance renders one script: it counts the lines written so far.
 */
final class StepDirectives {
    private static final int COMMENT_WIDTH = 98;

    private final Style style;
    private final LineCountingWriter out;
    private final List<RenderedStep> steps = new ArrayList<>();

    StepDirectives(Style style, Writer target) {
        this.style = style;
        this.out = new LineCountingWriter(target);
    }

    /** The writer the template must render into, so that the step lines are known. */
    Writer writer() {
        return out;
    }

    List<RenderedStep> steps() {
        return List.copyOf(steps);
    }

    /** The template data this adds: the three directives and the style's name. */
    Map<String, Object> templateData() {
        return Map.of("step", (TemplateDirectiveModel) this::step, "lesson", only(Style.LESSON), "robust", only(Style.ROBUST),
                "style", style.id());
    }

    private TemplateDirectiveModel only(Style which) {
        return (env, params, loopVars, body) -> {
            if (!params.isEmpty() || body == null) {
                throw new TemplateModelException("<@" + which.id() + "> takes no parameters and needs a body");
            }
            if (style == which) {
                body.render(env.getOut());
            }
        };
    }

    @SuppressWarnings("rawtypes")
    private void step(Environment env, Map params, TemplateModel[] loopVars, TemplateDirectiveBody body)
            throws TemplateException, IOException {
        String name = text(params, "name", true);
        String why = text(params, "why", true);
        String man = text(params, "man", false);
        String guards = text(params, "guards", false);
        for (Object key : params.keySet()) {
            if (!List.of("name", "why", "man", "guards").contains(key.toString())) {
                throw new TemplateModelException("<@step> has no parameter '" + key + "'");
            }
        }
        if (name.contains("'")) {
            throw new TemplateModelException("a step name must not contain a quote: " + name);
        }
        if (env.getOut() != out) {
            throw new TemplateModelException("<@step name=\"" + name + "\"> must be at the top level of a script template");
        }
        if (body == null) {
            throw new TemplateModelException("<@step name=\"" + name + "\"> needs a body");
        }
        StringWriter captured = new StringWriter();
        body.render(captured);
        List<String> lines = trimBlankEdges(captured.toString().lines().toList());
        if (lines.isEmpty()) {
            return; // not a step of this style
        }
        List<String> manPages = man.isBlank() ? List.of() : Arrays.asList(man.trim().split("\\s+"));
        List<String> head = style == Style.LESSON ? comment(name, why, manPages) : List.of("step='" + name + "'");
        int first = out.lineNumber();
        for (String line : head) {
            out.write(line + "\n");
        }
        for (String line : lines) {
            out.write(line + "\n");
        }
        steps.add(new RenderedStep(name, why, manPages, guards, first, out.lineNumber() - 1));
    }

    /** The lesson's heading of a step: its name, why, and the man pages, wrapped as shell comments. */
    private static List<String> comment(String name, String why, List<String> manPages) {
        String text = name.substring(0, 1).toUpperCase() + name.substring(1) + ": " + why
                + (manPages.isEmpty() ? "" : " See " + String.join(", ", manPages) + ".");
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() + 1 + word.length() > COMMENT_WIDTH && line.length() > 1) {
                lines.add(line.toString());
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static List<String> trimBlankEdges(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return lines.subList(from, to);
    }

    @SuppressWarnings("rawtypes")
    private static String text(Map params, String key, boolean required) throws TemplateModelException {
        Object value = params.get(key);
        if (value == null) {
            if (required) {
                throw new TemplateModelException("<@step> needs " + key + "=\"...\"");
            }
            return "";
        }
        if (!(value instanceof TemplateScalarModel scalar)) {
            throw new TemplateModelException("<@step> " + key + " must be a string");
        }
        return scalar.getAsString();
    }

    /**
     * Counts the lines written, so that a step knows on which line of the file it starts. It
     * writes no blank line at the top and never two in a row: a step or frame of the other style
     * leaves the blank lines around it, which are not the script's.
     */
    private static final class LineCountingWriter extends Writer {
        private final Writer target;
        private int newlines;
        private char last = '\n';
        private char beforeLast = '\n';

        LineCountingWriter(Writer target) {
            this.target = target;
        }

        /** The number of the line the next character goes to, counted from 1. */
        int lineNumber() throws IOException {
            if (last != '\n') {
                throw new IOException("a step must start at the beginning of a line");
            }
            return newlines + 1;
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            StringBuilder kept = new StringBuilder(length);
            for (int i = offset; i < offset + length; i++) {
                char c = buffer[i];
                if (c == '\n' && last == '\n' && beforeLast == '\n') {
                    continue;
                }
                if (c == '\n') {
                    newlines++;
                }
                kept.append(c);
                beforeLast = last;
                last = c;
            }
            target.write(kept.toString());
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }
}
