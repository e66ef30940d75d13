package dev.jconshgen.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The corpus of hostile values (src/test/resources/hostile-values.txt, whose header explains
 * the format), the spec fields it is tried in, and a spec in YAML with one field replaced.
 */
final class HostileCorpus {
    static final String RESOURCE = "/hostile-values.txt";
    static final String CANARY = "@CANARY@";
    static final Set<String> KINDS = Set.of("path", "name", "hostname", "cgroup", "netns", "address", "memory", "namespace", "const");

    /** One corpus line; {@code value} still has {@link #CANARY} in it. */
    record Value(String id, Set<String> acceptedBy, String value) {
        String with(String canaryDir) {
            return value.replace(CANARY, canaryDir);
        }
    }

    /**
     * A spec field: its path in errors, its kind, and the generated-script variables that must
     * hold it (script file, variable, the value expected there with {@code %s} for the field's).
     */
    record Field(String path, String kind, List<Var> vars) {
        boolean accepts(Value v) {
            return v.acceptedBy().contains(kind);
        }
    }

    record Var(String script, String name, String expected) {
    }

    /** Everything the base spec holds, one YAML line per value, so an error's line names its field. */
    static final List<Field> FIELDS = List.of(
            new Field("apiVersion", "const", List.of()),
            new Field("kind", "const", List.of()),
            new Field("name", "name", List.of()),
            new Field("hostname", "hostname", List.of(new Var("consh_setup.sh", "hostname", "%s"))),
            new Field("workdir", "path", List.of(new Var("consh_cleanup.sh", "workdir", "%s"))),
            new Field("rootfs.layers[0].directory.dir", "path", List.of(new Var("consh_setup.sh", "lower", "lower:%s"))),
            new Field("rootfs.layers[1].busybox.dir", "path", List.of(
                    new Var("create_lowerfs.sh", "lower_dir", "%s"),
                    new Var("consh_cleanup.sh", "layer_dir", "%s"),
                    new Var("consh_setup.sh", "lower", "%s:base"))),
            new Field("rootfs.overlay", "path", List.of(
                    new Var("consh_setup.sh", "overlay", "%s"),
                    new Var("consh_cleanup.sh", "overlay", "%s"))),
            new Field("namespaces[0]", "namespace", List.of()),
            new Field("cgroup.name", "cgroup", List.of(
                    new Var("consh_setup.sh", "cgroup", "%s"),
                    new Var("consh_cleanup.sh", "cgroup", "%s"))),
            new Field("cgroup.parent", "cgroup", List.of(
                    new Var("consh_setup.sh", "cgroup_parent", "%s"),
                    new Var("consh_cleanup.sh", "cgroup_parent", "%s"))),
            new Field("cgroup.limits.memory", "memory", List.of()),
            new Field("network.netns", "netns", List.of(
                    new Var("consh_nw_setup.sh", "netns", "%s"),
                    new Var("consh_nw_cleanup.sh", "netns", "%s"),
                    new Var("consh_cleanup.sh", "netns", "%s"))),
            new Field("network.hostAddress", "address", List.of(new Var("consh_nw_setup.sh", "host_address", "%s"))),
            new Field("network.containerAddress", "address", List.of(new Var("consh_nw_setup.sh", "container_address", "%s"))));

    private HostileCorpus() {
    }

    static List<Value> values() {
        List<Value> values = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        try (InputStream in = HostileCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ", 3);
                String where = RESOURCE + ":" + (i + 1) + ": ";
                if (parts.length < 2 || !parts[0].matches("[a-z0-9-]+") || !ids.add(parts[0])) {
                    throw new IllegalStateException(where + "expected 'ID ACCEPTED-BY VALUE' with a new ID");
                }
                Set<String> kinds = parts[1].equals("-") ? Set.of() : Set.copyOf(Arrays.asList(parts[1].split(",")));
                if (!KINDS.containsAll(kinds)) {
                    throw new IllegalStateException(where + "unknown kind in " + parts[1] + " (one of " + KINDS + ")");
                }
                values.add(new Value(parts[0], kinds, decode(parts.length == 3 ? parts[2] : "", where)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /** The corpus notation: '@repeat N TEXT', then \n \t \r \\ \0 \xHH \\uHHHH \UHHHHHHHH. */
    static String decode(String raw, String where) {
        if (raw.startsWith("@repeat ")) {
            String[] parts = raw.split(" ", 3);
            return decode(parts[2], where).repeat(Integer.parseInt(parts[1]));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= raw.length()) {
                throw new IllegalStateException(where + "a lone backslash at the end");
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                case '0' -> sb.append('\0');
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    sb.appendCodePoint(Integer.parseInt(raw.substring(i + 1, i + 1 + digits), 16));
                    i += digits;
                }
                default -> throw new IllegalStateException(where + "unknown escape \\" + e);
            }
        }
        return sb.toString();
    }

    /** The base spec's values; every one valid, every field on a line of its own. */
    static Map<String, String> baseValues() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("apiVersion", "jconshgen/v1");
        base.put("kind", "Container");
        base.put("name", "hv");
        base.put("hostname", "hv-host");
        base.put("workdir", "w");
        base.put("rootfs.layers[0].directory.dir", "base");
        base.put("rootfs.layers[1].busybox.dir", "lower");
        base.put("rootfs.overlay", "ovly");
        base.put("cgroup.name", "hv_cg");
        base.put("cgroup.parent", "auto");
        base.put("cgroup.limits.memory", "64M");
        base.put("network.netns", "hvn");
        base.put("network.hostAddress", "10.231.160.1/24");
        base.put("network.containerAddress", "10.231.160.2/24");
        return base;
    }

    /** A spec's text and the line on which each field's value is written. */
    record SpecYaml(String text, Map<String, Integer> lines) {
    }

    /** The base spec with {@code field} set to {@code value} (field null: the base spec itself). */
    static SpecYaml yaml(String field, String value) {
        return field == null ? yaml(Map.of()) : yaml(Map.of(field, value));
    }

    /** The base spec with some fields replaced ("namespaces[0]" adds a first namespace). */
    static SpecYaml yaml(Map<String, String> fields) {
        Map<String, String> v = baseValues();
        v.putAll(fields);
        String field = fields.containsKey("namespaces[0]") ? "namespaces[0]" : null;
        String value = fields.get("namespaces[0]");
        List<String> out = new ArrayList<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, String> put = (prefix, f) -> {
            out.add(prefix + q(f.equals("namespaces[0]") ? value : v.get(f)));
            lines.put(f, out.size());
        };
        put.accept("apiVersion: ", "apiVersion");
        put.accept("kind: ", "kind");
        put.accept("name: ", "name");
        put.accept("hostname: ", "hostname");
        put.accept("workdir: ", "workdir");
        out.addAll(List.of("rootfs:", "  layers:", "    - directory:"));
        put.accept("        dir: ", "rootfs.layers[0].directory.dir");
        out.add("    - busybox:");
        put.accept("        dir: ", "rootfs.layers[1].busybox.dir");
        put.accept("  overlay: ", "rootfs.overlay");
        out.add("namespaces:");
        if ("namespaces[0]".equals(field)) {
            put.accept("  - ", "namespaces[0]");
        }
        out.addAll(List.of("  - user", "  - pid", "  - mount", "  - net", "  - ipc", "  - uts", "  - cgroup", "cgroup:"));
        put.accept("  name: ", "cgroup.name");
        put.accept("  parent: ", "cgroup.parent");
        out.add("  limits:");
        put.accept("    memory: ", "cgroup.limits.memory");
        out.add("network:");
        put.accept("  netns: ", "network.netns");
        put.accept("  hostAddress: ", "network.hostAddress");
        put.accept("  containerAddress: ", "network.containerAddress");
        return new SpecYaml(String.join("\n", out) + "\n", lines);
    }

    /** A YAML double-quoted scalar: always a string, any character escaped that YAML cannot carry raw. */
    static String q(String value) {
        StringBuilder sb = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                sb.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xfeff) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }

}
