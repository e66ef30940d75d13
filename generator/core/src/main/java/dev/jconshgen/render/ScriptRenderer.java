package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import freemarker.template.Template;
import freemarker.template.TemplateException;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the consh-style scripts of one container from the templates packaged in the jar
 * ({@link Templates}), in either {@link Style}. Each script template holds both styles.
 */
public final class ScriptRenderer {
    /** The robust scripts, which apply runs. */
    public List<GeneratedScript> render(ContainerSpec spec) {
        return render(spec, Style.ROBUST);
    }

    public List<GeneratedScript> render(ContainerSpec spec, Style style) {
        boolean bridge = spec.network().map(n -> n.hasBridge()).orElse(false);
        Set<ScriptKind> kinds = EnumSet.allOf(ScriptKind.class);
        kinds.removeIf(kind -> (kind.bridgeOnly() && !bridge) || kind.innerOnly());
        return render(spec, Map.of(), kinds, style);
    }

    /**
     * The scripts of {@code kinds} only (those of the style), with {@code extra} added to the
     * template data (a lab passes its name, which the headers show).
     */
    public List<GeneratedScript> render(ContainerSpec spec, Map<String, Object> extra, Set<ScriptKind> kinds, Style style) {
        Map<String, Object> data = RenderModel.from(spec).toTemplateData();
        data.putAll(extra);
        List<GeneratedScript> scripts = new ArrayList<>();
        for (ScriptKind kind : ScriptKind.values()) {
            if (kinds.contains(kind) && kind.renderedIn(style)) {
                scripts.add(render(kind, data, style));
            }
        }
        return scripts;
    }

    private GeneratedScript render(ScriptKind kind, Map<String, Object> data, Style style) {
        try {
            Template template = Templates.template(kind.templateName());
            StringWriter text = new StringWriter();
            StepDirectives directives = new StepDirectives(style, text);
            Map<String, Object> model = new HashMap<>(data);
            model.putAll(directives.templateData());
            template.process(model, directives.writer());
            // A frame of the other style at the end leaves a blank line there: a file ends with its last line.
            String content = text.toString().stripTrailing() + "\n";
            return new GeneratedScript(kind.fileName(), content, directives.steps());
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("cannot render template " + kind.templateName() + ": " + e.getMessage(), e);
        }
    }
}
