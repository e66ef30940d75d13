package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What running the generated scripts will do, in order: each script's command line with the
 * spec's values and the steps it goes through. The steps are the ones the renderer recorded for
 * each script (its templates' {@code <@step>} declarations), so the plan cannot drift from the
 * scripts.
 */
public record Plan(String container, List<Entry> entries) {
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** One script run: where and how it is run, and its steps. */
    public record Entry(String script, String where, String command, List<String> steps) {
    }

    /** The plan of the robust scripts. */
    public static Plan of(ContainerSpec spec, List<GeneratedScript> scripts) {
        return of(spec, scripts, Style.ROBUST);
    }

    /** @param style the style {@code scripts} were rendered in: the lesson's commands are the handout's */
    public static Plan of(ContainerSpec spec, List<GeneratedScript> scripts, Style style) {
        return of(spec, scripts, style, null);
    }

    /** @param outer the lab member SPEC runs inside, or null */
    public static Plan of(ContainerSpec spec, List<GeneratedScript> scripts, Style style, String outer) {
        List<Entry> entries = new ArrayList<>();
        String workdir = spec.workdir();
        for (GeneratedScript script : scripts) {
            List<String> steps = script.steps().stream().map(RenderedStep::name).toList();
            Invocation invocation = outer != null ? innerInvocation(spec, script.fileName(), outer, style == Style.LESSON)
                    : invocation(spec, script.fileName(), workdir, style == Style.LESSON);
            if (invocation != null) {
                entries.add(new Entry(script.fileName(), invocation.where, invocation.command, steps));
            }
        }
        return new Plan(spec.name(), entries);
    }

    private record Invocation(String where, String command) {
    }

    /** A member inside OUTER: its scripts are copied into OUTER and run there, by its root. */
    private static Invocation innerInvocation(ContainerSpec spec, String script, String outer, boolean lesson) {
        String dir = LabRenderer.innerScripts(spec.name());
        return switch (script) {
            case "consh_lib.sh" -> null;
            // copied by a tar inside the outer container, never through /proc/PID/root, where a
            // symlink the container made would be followed on the host
            case "consh_inner_setup.sh" -> new Invocation("inside " + word(outer) + ", as its root, after root on the host copied "
                    + word(spec.name()) + "/ there: tar -C " + word(spec.name()) + " -cf - . | nsenter -t PID -a sh -c 'mkdir -p " + dir
                    + " && tar -C " + dir + " -xf -' (PID: " + word(outer) + "'s first process); "
                    + (lesson ? "you get the inner container's shell" : "-d runs it detached"),
                    command("sh " + dir + "/" + script, lesson ? List.of() : List.of("-d")));
            case "consh_post_setup.sh" -> new Invocation("inside the inner container: its first shell reads it through ENV", script + " (automatic)");
            case "consh_inner_cleanup.sh" -> new Invocation("inside " + word(outer) + ", after the inner container's shell exited",
                    command("sh " + dir + "/" + script, List.of()));
            default -> throw new IllegalStateException("no plan entry for " + script + " of a container inside another");
        };
    }

    private static Invocation invocation(ContainerSpec spec, String script, String workdir, boolean lesson) {
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
            case "consh_lib.sh" -> {
                return null; // sourced by the robust scripts, never run
            }
            case "consh_setup.sh" -> {
                if (lesson) {
                    args.add("-v");
                }
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
                return new Invocation("as you, in " + word(workdir) + "/; " + (lesson ? "you get the container's shell" : "-d runs it detached"),
                        command(up(workdir) + script, args));
            }
            case "consh_post_setup.sh" -> {
                return new Invocation("inside the container: its first shell reads it through ENV", script + " (automatic)");
            }
            case "consh_nw_setup.sh" -> {
                if (spec.network().isEmpty()) {
                    return null;
                }
                var network = spec.network().get();
                if (lesson) {
                    args.addAll(List.of("$(pidof busybox)", word(network.netns()), word(network.hostAddress()), word(network.containerAddress())));
                    return new Invocation("as root, in another terminal, beside " + word(workdir) + "/; 'pidof busybox' finds the container's shell"
                            + " while it is the only busybox running", command("./" + script, args));
                }
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
                if (lesson) {
                    spec.cgroup().ifPresent(c -> {
                        args.add("-c");
                        args.add(word(c.name()));
                    });
                    args.add(word(workdir));
                    return new Invocation("after you typed 'exit' in the container, beside " + word(workdir) + "/ (root for the network)",
                            command("./" + script, args));
                }
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
