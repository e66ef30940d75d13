package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What running the generated scripts will do, in order: each script's command line with the
 * spec's values and the steps it goes through. The steps are read from the rendered scripts
 * themselves (their {@code step='...'} lines), so the plan cannot drift from the scripts.
 * Steps inside shell functions count where the script's top level calls the function.
 */
public record Plan(String container, List<Entry> entries) {
    private static final Pattern STEP = Pattern.compile("^\\s*step='([^']*)'");
    private static final Pattern FUNCTION_START = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\(\\) \\{$");
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** One script run: where and how it is run, and its steps. */
    public record Entry(String script, String where, String command, List<String> steps) {
    }

    public static Plan of(ContainerSpec spec, List<GeneratedScript> scripts) {
        List<Entry> entries = new ArrayList<>();
        String workdir = spec.workdir();
        for (GeneratedScript script : scripts) {
            List<String> steps = steps(script.content());
            Invocation invocation = invocation(spec, script.fileName(), workdir);
            if (invocation != null) {
                entries.add(new Entry(script.fileName(), invocation.where, invocation.command, steps));
            }
        }
        return new Plan(spec.name(), entries);
    }

    private record Invocation(String where, String command) {
    }

    /**
     * The steps in the order the script runs them: its top-level step lines, and the steps of a
     * function (defined at the start of a line, closed by a lone '}') where the top level calls it.
     * A function called only from other functions, such as the network removal that only a
     * rollback runs, adds no steps.
     */
    static List<String> steps(String content) {
        Map<String, List<String>> functionSteps = new LinkedHashMap<>();
        List<String> steps = new ArrayList<>();
        String function = null;
        for (String line : content.lines().toList()) {
            Matcher step = STEP.matcher(line);
            if (function != null) {
                if (line.equals("}")) {
                    function = null;
                } else if (step.find()) {
                    functionSteps.get(function).add(step.group(1));
                }
                continue;
            }
            Matcher start = FUNCTION_START.matcher(line);
            if (start.matches()) {
                function = start.group(1);
                functionSteps.put(function, new ArrayList<>());
            } else if (step.find()) {
                addStep(steps, step.group(1));
            } else if (!line.stripLeading().startsWith("#")) {
                functionSteps.forEach((name, body) -> {
                    if (Pattern.compile("(^|[\\s;&|(!])" + name + "([\\s;&|)]|$)").matcher(line).find()) {
                        body.forEach(s -> addStep(steps, s));
                    }
                });
            }
        }
        return steps;
    }

    private static void addStep(List<String> steps, String step) {
        if (!step.equals("start") && !steps.contains(step)) {
            steps.add(step);
        }
    }

    private static Invocation invocation(ContainerSpec spec, String script, String workdir) {
        List<String> args = new ArrayList<>();
        switch (script) {
            case "create_lowerfs.sh" -> {
                String busybox = spec.rootfs().layers().stream().filter(l -> l instanceof Layer.Busybox)
                        .map(Layer::dir).findFirst().orElse(null);
                if (busybox == null) {
                    return null;
                }
                args.add(word(busybox));
                return new Invocation("as you, in " + word(workdir) + "/", command(up(workdir) + script, args));
            }
            case "consh_setup.sh" -> {
                if (spec.hostname() != null) {
                    args.add("-h");
                    args.add(word(spec.hostname()));
                }
                spec.cgroup().ifPresent(c -> {
                    args.add("-c");
                    args.add(word(c.name()));
                });
                args.add(word(RenderModel.from(spec).lowerDirs()));
                args.add(word(spec.rootfs().overlay()));
                return new Invocation("as you, in " + word(workdir) + "/; -d runs it detached", command(up(workdir) + script, args));
            }
            case "consh_post_setup.sh" -> {
                return new Invocation("inside the container: its first shell reads it through ENV", script + " (automatic)");
            }
            case "consh_nw_setup.sh" -> {
                if (spec.network().isEmpty()) {
                    return null;
                }
                var network = spec.network().get();
                if (network.hasBridge()) {
                    args.add("-b");
                    args.add(word(network.bridge()));
                }
                if (network.defaultRoute()) {
                    args.add("-g");
                }
                args.addAll(List.of("PID", word(network.netns()), word(network.hostAddress()), word(network.containerAddress())));
                return new Invocation("as root, beside " + word(workdir) + "/; PID is printed by consh_setup.sh -d", command("./" + script, args));
            }
            case "consh_bridge_setup.sh" -> {
                var network = spec.network().orElseThrow();
                return new Invocation("as root, once for all the containers on the bridge, before their consh_nw_setup.sh",
                        command("./" + script, List.of(word(network.bridge()), word(network.hostAddress()))));
            }
            case "consh_bridge_cleanup.sh" -> {
                var network = spec.network().orElseThrow();
                return new Invocation("as root, after the cleanup of every container on the bridge",
                        command("./" + script, List.of(word(network.bridge()))));
            }
            case "consh_nw_cleanup.sh" -> {
                return null; // consh_cleanup.sh runs the same network cleanup
            }
            case "consh_cleanup.sh" -> {
                args.add("-c");
                args.add(word(spec.cgroup().map(c -> c.name()).orElse("")));
                args.add("-n");
                args.add(word(spec.network().map(n -> n.netns()).orElse("")));
                args.add(word(workdir));
                return new Invocation("after the container exited, beside " + word(workdir) + "/ (root for the network)", command("./" + script, args));
            }
            default -> throw new IllegalStateException("no plan entry for " + script);
        }
    }

    /** From inside the work directory back to the directory that holds it (and the scripts). */
    static String up(String workdir) {
        return "../".repeat(workdir.split("/").length);
    }

    private static String command(String script, List<String> args) {
        StringBuilder sb = new StringBuilder(script);
        args.forEach(a -> sb.append(' ').append(a));
        return sb.toString();
    }

    /** A shell word as a person would type it: bare when that is safe, quoted otherwise. */
    static String word(String value) {
        return SAFE_WORD.matcher(value).matches() && !value.startsWith("-") ? value : ShellOutputFormat.quote(value);
    }

    /** The plan as text for people. */
    public String toText() {
        StringBuilder sb = new StringBuilder("Plan for container " + container + ":\n");
        int number = 1;
        for (Entry entry : entries) {
            sb.append(number++).append(". ").append(entry.command()).append("\n");
            sb.append("   (").append(entry.where()).append(")\n");
            entry.steps().forEach(step -> sb.append("   - ").append(step).append("\n"));
        }
        return sb.toString();
    }
}
