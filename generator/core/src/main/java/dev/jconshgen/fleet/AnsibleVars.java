package dev.jconshgen.fleet;

import dev.jconshgen.spec.SpecYamlWriter;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.RepresentToNode;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The role's variable files as YAML text. The spec becomes data ({@code jconshgen_spec}) that the
 * playbook writes out per host with {@code to_nice_yaml}: its per-host fields hold
 * {@code "{{ consh_... }}"}, every other value is the spec's own. Ansible evaluates any string
 * variable that holds Jinja markup, so a spec value that could read as markup (a probe's
 * {@code expect: "{{x}}"}) is tagged {@code !unsafe}: to Ansible it stays data, never code.
 */
final class AnsibleVars {
    /** A field whose value is a variable's, written as the Jinja expression that reads it. */
    record Jinja(String variable) {
    }

    private AnsibleVars() {
    }

    /** The spec's document with each per-host field replaced by its variable. */
    static Map<String, Object> templated(Map<String, Object> document, HostVariables.Set variables) {
        for (HostVariable variable : variables.variables()) {
            replace(document, variable.path(), new Jinja(variable.name()));
        }
        for (HostVariables.Use use : variables.uses()) {
            replace(document, use.path(), new Jinja(use.variable()));
        }
        return document;
    }

    @SuppressWarnings("unchecked")
    private static void replace(Object node, List<Object> path, Object value) {
        Object parent = node;
        for (Object key : path.subList(0, path.size() - 1)) {
            parent = key instanceof Integer index ? ((List<Object>) parent).get(index) : ((Map<String, Object>) parent).get(key);
        }
        Object last = path.get(path.size() - 1);
        Map<String, Object> map = (Map<String, Object>) parent;
        if (!map.containsKey(last)) {
            throw new IllegalStateException("the spec's document has no field " + path);
        }
        map.put((String) last, value);
    }

    /** The YAML of a map of variables. */
    static String dump(Map<String, Object> variables) {
        DumpSettings settings = SpecYamlWriter.settings();
        return new Dump(settings, new VarsRepresenter(settings)).dumpToString(variables);
    }

    /** One variable's default, alone: how a per-host default is written under its comment. */
    static String dumpOne(String name, Object value) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(name, value);
        return dump(one);
    }

    /**
     * Ansible reads YAML by the 1.1 rules, where a plain {@code on}, {@code no}, {@code 0755},
     * {@code 10:30} or {@code 2024-01-01} is no string and a plain {@code =} does not load at
     * all; the writer knows the 1.2 rules. So a string is written plain only when it reads as the
     * same string under both (a letter first, then letters, digits and {@code _ . / -}, and no
     * 1.1 boolean or null word), and double-quoted otherwise.
     */
    static boolean plainIsSafe(String text) {
        return PLAIN_SAFE.matcher(text).matches() && !YAML11_WORDS.contains(text.toLowerCase(java.util.Locale.ROOT));
    }

    private static final java.util.regex.Pattern PLAIN_SAFE = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_./-]*");
    private static final java.util.Set<String> YAML11_WORDS = java.util.Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    private static final class VarsRepresenter extends SpecYamlWriter.SpecRepresenter {
        VarsRepresenter(DumpSettings settings) {
            super(settings);
            RepresentToNode plain = this.representers.get(String.class);
            this.representers.put(Jinja.class, data -> representScalar(Tag.STR, "{{ " + ((Jinja) data).variable() + " }}",
                    ScalarStyle.DOUBLE_QUOTED));
            this.representers.put(String.class, data -> {
                String text = (String) data;
                if (text.indexOf('{') >= 0) {
                    // '{' covers every start of Jinja markup ({{, {%, {#), and more, which costs nothing
                    return representScalar(new Tag("!unsafe"), text, ScalarStyle.DOUBLE_QUOTED);
                }
                return plainIsSafe(text) ? plain.representData(text) : representScalar(Tag.STR, text, ScalarStyle.DOUBLE_QUOTED);
            });
        }
    }
}
