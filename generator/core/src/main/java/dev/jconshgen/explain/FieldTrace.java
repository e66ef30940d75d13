package dev.jconshgen.explain;

import dev.jconshgen.render.GeneratedScript;
import dev.jconshgen.render.RenderModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where each spec field ends up: the script lines that set the shell variable carrying its
 * value, and the lines that use that variable. Which variable carries which field is listed here
 * once; a test fails when a listed variable no longer appears in the scripts it is listed for.
 */
final class FieldTrace {
    /** A field of the spec, the value it has, and where it is used, per script: line numbers. */
    record Row(String field, String value, Map<String, List<Integer>> lines) {
    }

    /** One place a field goes: a script and the pattern of the lines that carry it. */
    record Carrier(String field, String script, Pattern pattern) {
    }

    private FieldTrace() {
    }

    /** A shell variable: its assignment at the start of a line, or a use as $NAME or ${NAME. */
    static Pattern variable(String name) {
        return Pattern.compile("(^\\s*" + name + "=)|\\$\\{?" + name + "(?![A-Za-z0-9_])");
    }

    static List<Carrier> carriers() {
        List<Carrier> carriers = new ArrayList<>();
        carry(carriers, "hostname", variable("hostname"), "consh_setup.sh");
        carry(carriers, "hostname", variable("CONSH_HOSTNAME"), "consh_post_setup.sh");
        carry(carriers, "workdir", variable("workdir"), "consh_cleanup.sh");
        carry(carriers, "rootfs.layers", variable("lower_dir"), "create_lowerfs.sh");
        carry(carriers, "rootfs.layers", variable("lower"), "consh_setup.sh");
        carry(carriers, "rootfs.layers", variable("CONSH_LOWER"), "consh_post_setup.sh");
        carry(carriers, "rootfs.layers", variable("layer_dir"), "consh_cleanup.sh");
        carry(carriers, "rootfs.overlay", variable("overlay"), "consh_setup.sh", "consh_cleanup.sh");
        carry(carriers, "rootfs.overlay", variable("CONSH_OVERLAY"), "consh_post_setup.sh");
        // The namespaces are the options of the unshare command lines.
        carry(carriers, "namespaces", Pattern.compile("unshare\"? --"), "consh_setup.sh");
        carry(carriers, "cgroup.name", variable("cgroup"), "consh_setup.sh", "consh_cleanup.sh");
        carry(carriers, "cgroup.parent", variable("cgroup_parent"), "consh_setup.sh", "consh_cleanup.sh");
        carry(carriers, "cgroup.limits.pids", variable("pids_max"), "consh_setup.sh", "consh_cleanup.sh");
        carry(carriers, "cgroup.limits.memory", variable("memory_max"), "consh_setup.sh", "consh_cleanup.sh");
        carry(carriers, "cgroup.limits.cpu", variable("cpu_quota"), "consh_setup.sh", "consh_cleanup.sh");
        carry(carriers, "cgroup.limits.cpu", variable("cpu_period"), "consh_setup.sh");
        carry(carriers, "network.netns", variable("netns"), "consh_nw_setup.sh", "consh_nw_cleanup.sh", "consh_cleanup.sh");
        carry(carriers, "network.hostAddress", variable("host_address"), "consh_nw_setup.sh");
        carry(carriers, "network.hostAddress", variable("address"), "consh_bridge_setup.sh");
        carry(carriers, "network.containerAddress", variable("container_address"), "consh_nw_setup.sh");
        carry(carriers, "network.bridge", variable("bridge"), "consh_nw_setup.sh", "consh_bridge_setup.sh", "consh_bridge_cleanup.sh");
        carry(carriers, "network.defaultRoute", variable("default_route"), "consh_nw_setup.sh");
        // The command's words are the container init's arguments, one 'set --' line each.
        carry(carriers, "command", Pattern.compile("^set -- \"\\$@\" "), "consh_setup.sh");
        return carriers;
    }

    private static void carry(List<Carrier> carriers, String field, Pattern pattern, String... scripts) {
        for (String script : scripts) {
            carriers.add(new Carrier(field, script, pattern));
        }
    }

    /** The rows for the fields the spec sets, in the order of {@link #carriers()}. */
    static List<Row> rows(RenderModel model, List<GeneratedScript> scripts) {
        Map<String, String> values = values(model);
        Map<String, Map<String, List<Integer>>> byField = new java.util.LinkedHashMap<>();
        for (Carrier carrier : carriers()) {
            if (values.getOrDefault(carrier.field(), "").isEmpty()) {
                continue;
            }
            scripts.stream().filter(s -> s.fileName().equals(carrier.script())).findFirst().ifPresent(script -> {
                List<Integer> found = matchingLines(script.content(), carrier.pattern());
                if (!found.isEmpty()) {
                    Map<String, List<Integer>> perScript = byField.computeIfAbsent(carrier.field(), f -> new TreeMap<>(FieldTrace::byRunOrder));
                    perScript.merge(script.fileName(), found, FieldTrace::union);
                }
            });
        }
        List<Row> rows = new ArrayList<>();
        byField.forEach((field, lines) -> rows.add(new Row(field, values.get(field), lines)));
        return rows;
    }

    static List<Integer> matchingLines(String content, Pattern pattern) {
        List<Integer> found = new ArrayList<>();
        List<String> lines = content.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.stripLeading().startsWith("#") && pattern.matcher(line).find()) {
                found.add(i + 1);
            }
        }
        return found;
    }

    /** The spec's values as the explanation shows them; empty for a field the spec leaves out. */
    private static Map<String, String> values(RenderModel m) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("hostname", m.hasHostname() ? m.hostname() : "");
        values.put("workdir", m.workdir());
        values.put("rootfs.layers", m.lowerDirs() + " (top first)");
        values.put("rootfs.overlay", m.overlay());
        values.put("namespaces", String.join(", ", m.ns().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList()));
        values.put("cgroup.name", m.cgroupName());
        values.put("cgroup.parent", m.cgroupName().isEmpty() ? "" : m.cgroupParent());
        values.put("cgroup.limits.pids", m.pidsMax());
        values.put("cgroup.limits.memory", m.memoryMax().isEmpty() ? "" : m.memoryMax() + " bytes");
        values.put("cgroup.limits.cpu", m.cpuQuota().isEmpty() ? "" : m.cpuQuota() + " us per " + m.cpuPeriod() + " us");
        values.put("network.netns", m.netns());
        values.put("network.hostAddress", m.hostAddress());
        values.put("network.containerAddress", m.containerAddress());
        values.put("network.bridge", m.bridge());
        values.put("network.defaultRoute", m.defaultRoute().isEmpty() ? "" : "true");
        values.put("command", m.command().isEmpty() ? "" : String.join(" ", m.command().stream().map(w -> "'" + w + "'").toList()));
        return values;
    }

    private static final List<String> RUN_ORDER = List.of("create_lowerfs.sh", "consh_bridge_setup.sh", "consh_setup.sh",
            "consh_post_setup.sh", "consh_nw_setup.sh", "consh_nw_cleanup.sh", "consh_cleanup.sh", "consh_bridge_cleanup.sh");

    private static int byRunOrder(String a, String b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(String script) {
        int i = RUN_ORDER.indexOf(script);
        return i < 0 ? RUN_ORDER.size() : i;
    }

    private static List<Integer> union(List<Integer> a, List<Integer> b) {
        return new java.util.TreeSet<>(java.util.stream.Stream.concat(a.stream(), b.stream()).toList()).stream().toList();
    }
}
