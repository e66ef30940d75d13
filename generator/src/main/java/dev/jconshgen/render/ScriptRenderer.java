package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import freemarker.template.Template;
import freemarker.template.TemplateException;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders the consh-style scripts of one container from the templates packaged in the jar ({@link Templates}). */
public final class ScriptRenderer {
    public List<GeneratedScript> render(ContainerSpec spec) {
        Map<String, Object> data = RenderModel.from(spec).toTemplateData();
        List<GeneratedScript> scripts = new ArrayList<>();
        boolean bridge = spec.network().map(n -> n.hasBridge()).orElse(false);
        for (ScriptKind kind : ScriptKind.values()) {
            if (kind.bridgeOnly() && !bridge) {
                continue;
            }
            scripts.add(new GeneratedScript(kind.fileName(), render(kind.templateName(), data)));
        }
        return scripts;
    }

    /**
     * The scripts of {@code kinds} only, with {@code extra} added to the template data (a lab
     * passes its name, which the headers show).
     */
    public List<GeneratedScript> render(ContainerSpec spec, Map<String, Object> extra, java.util.Set<ScriptKind> kinds) {
        Map<String, Object> data = RenderModel.from(spec).toTemplateData();
        data.putAll(extra);
        List<GeneratedScript> scripts = new ArrayList<>();
        for (ScriptKind kind : ScriptKind.values()) {
            if (kinds.contains(kind)) {
                scripts.add(new GeneratedScript(kind.fileName(), render(kind.templateName(), data)));
            }
        }
        return scripts;
    }

    private String render(String templateName, Map<String, Object> data) {
        try {
            Template template = Templates.template(templateName);
            StringWriter out = new StringWriter();
            template.process(data, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("cannot render template " + templateName + ": " + e.getMessage(), e);
        }
    }
}
