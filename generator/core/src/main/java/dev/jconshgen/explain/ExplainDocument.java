package dev.jconshgen.explain;

import dev.jconshgen.diagram.MermaidWriter;
import dev.jconshgen.diagram.Topology;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.render.GeneratedScript;
import dev.jconshgen.render.LabRenderer;
import dev.jconshgen.render.RenderedStep;
import dev.jconshgen.render.Style;
import dev.jconshgen.render.Plan;
import dev.jconshgen.render.RenderModel;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The explanation of one spec as Markdown: the container at a glance and its picture, the
 * scripts in the order they run with each step's lesson lines, where its robust lines are and what
 * their guards add, the manual pages behind them, and where each spec field ends up. The steps
 * are the ones the renderer recorded (see {@link RenderedStep}). Everything comes from the spec
 * and the rendered scripts, never from the machine, so the document is the same everywhere (it is kept
 * as a golden file beside each example's scripts).
 */
public final class ExplainDocument {
    private ExplainDocument() {
    }

    /**
     * @param specName how the spec is named in the text (its file name, not a machine path)
     * @param style    whose commands the run order shows; every step shows the lesson's lines and
     *                 where the robust lines are, whatever the style
     */
    public static String write(String specName, ContainerSpec spec, Style style, List<GeneratedScript> lesson,
                               List<GeneratedScript> robust) {
        Plan plan = Plan.of(spec, style == Style.LESSON ? lesson : robust, style);
        StringBuilder md = new StringBuilder();
        md.append("# Container `").append(code(spec.name())).append("`: what its scripts do and why\n\n");
        md.append("Written by `jconshgen explain").append(style == Style.LESSON ? " --style lesson" : "").append("` from `")
                .append(code(specName)).append("`. Each section below is one script, in the order they run. Each step shows")
                .append(" what it does and why, the manual pages to read, the lesson's lines (`--style lesson`, numbered as in")
                .append(" that file), then where the same step is in the robust script (the default style, which apply runs)")
                .append(" and what its guards add. The last table traces every spec field to the lines that use it.\n\n");
        glance(md, spec);
        md.append("## Picture\n\n```mermaid\n").append(MermaidWriter.write(Topology.of(spec))).append("```\n\n");
        runOrder(md, plan);
        int number = 1;
        for (Plan.Entry entry : plan.entries()) {
            script(md, number++, entry, find(lesson, entry.script()), find(robust, entry.script()));
        }
        cgroupPlacement(md, spec);
        trace(md, RenderModel.from(spec), style == Style.LESSON ? lesson : robust);
        manPages(md, robust);
        return md.toString();
    }

    /**
     * A lab: its bridge scripts, then the first member explained step by step (every member's
     * scripts come from the same templates), then each member's values and where they end up.
     */
    public static String write(String specName, dev.jconshgen.model.LabSpec lab, Style style, LabRenderer.LabScripts lesson,
                               LabRenderer.LabScripts robust) {
        LabRenderer.LabScripts shown = style == Style.LESSON ? lesson : robust;
        StringBuilder md = new StringBuilder();
        md.append("# Lab `").append(code(lab.name())).append("`: what its scripts do and why\n\n");
        md.append("Written by `jconshgen explain").append(style == Style.LESSON ? " --style lesson" : "").append("` from `")
                .append(code(specName)).append("`. The lab is ")
                .append(lab.containers().size()).append(" containers whose veth pairs join the Linux bridge `").append(code(lab.bridge()))
                .append("` (").append(lab.address()).append(lab.defaultRoute() ? ", every member's default gateway" : "")
                .append("). The bridge's two scripts run once, before and after all the members; each member has the six")
                .append(" scripts of a container in its own directory. The first member's scripts are explained step by step")
                .append(" (the lesson's lines, then where the robust lines are);")
                .append(" the others differ only in their values, listed with the lines that use them.\n\n");
        md.append("## At a glance\n\n| member | host name | address | netns | cgroup | command |\n| --- | --- | --- | --- | --- | --- |\n");
        for (ContainerSpec member : lab.containers()) {
            md.append("| ").append(cell(member.name())).append(" | ").append(cell(member.hostname() == null ? "-" : member.hostname()))
                    .append(" | ").append(member.network().map(n -> n.containerAddress()).orElse("-"))
                    .append(" | ").append(cell(member.network().map(n -> n.netns()).orElse("-")))
                    .append(" | ").append(cell(member.cgroup().map(c -> c.name()).orElse("none")))
                    .append(" | ").append(cell(member.command().isEmpty() ? "-" : String.join(" ", member.command()))).append(" |\n");
        }
        md.append('\n');
        md.append("## Picture\n\n```mermaid\n").append(MermaidWriter.write(Topology.of(lab))).append("```\n\n");
        md.append("## Run order\n\n```\n").append(dev.jconshgen.render.LabPlan.toText(lab, shown, style)).append("```\n\n");
        ContainerSpec first = lab.containers().get(0);
        int number = 1;
        for (Plan.Entry entry : Plan.of(first, shown.bridge(), style).entries()) {
            script(md, number++, entry, find(lesson.bridge(), entry.script()), find(robust.bridge(), entry.script()));
        }
        md.append("# Member `").append(code(first.name())).append("`, step by step (in ").append(code(first.name())).append("/)\n\n");
        List<GeneratedScript> firstLesson = lesson.members().get(first.name());
        List<GeneratedScript> firstRobust = robust.members().get(first.name());
        for (Plan.Entry entry : Plan.of(first, shown.members().get(first.name()), style).entries()) {
            script(md, number++, entry, find(firstLesson, entry.script()), find(firstRobust, entry.script()));
        }
        cgroupPlacement(md, first);
        for (ContainerSpec member : lab.containers()) {
            md.append("# Member `").append(code(member.name())).append("`: its values (in ").append(code(member.name())).append("/)\n\n");
            trace(md, RenderModel.from(member), shown.members().get(member.name()));
        }
        List<GeneratedScript> explained = new java.util.ArrayList<>(robust.bridge());
        explained.addAll(firstRobust);
        manPages(md, explained);
        return md.toString();
    }

    private static GeneratedScript find(List<GeneratedScript> scripts, String fileName) {
        return scripts.stream().filter(s -> s.fileName().equals(fileName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + fileName + " among the rendered scripts"));
    }

    private static void glance(StringBuilder md, ContainerSpec spec) {
        RenderModel m = RenderModel.from(spec);
        md.append("## At a glance\n\n| | |\n| --- | --- |\n");
        row(md, "name", spec.name());
        row(md, "host name", m.hasHostname() ? m.hostname() : "(the host's name, no UTS change)");
        row(md, "work directory", spec.workdir());
        row(md, "lower layers (top first)", m.lowerDirs());
        row(md, "overlay directory", m.overlay() + " (upper/, work/, merged/)");
        row(md, "new namespaces", m.ns().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.joining(", ")));
        row(md, "cgroup", spec.cgroup().map(c -> c.name() + " (parent " + c.parent() + ")").orElse("none"));
        spec.network().ifPresentOrElse(n -> {
            row(md, "network namespace", n.netns());
            row(md, "veth", n.hostVeth() + " (host" + (n.hasBridge() ? ", port of bridge " + n.bridge() : "") + ") <-> "
                    + n.containerVeth() + " (container)");
            row(md, "addresses", n.hostAddress() + (n.hasBridge() ? " (bridge)" : " (host)") + ", " + n.containerAddress()
                    + " (container)" + (n.defaultRoute() ? ", default route via the host address" : ""));
        }, () -> row(md, "network", "none"));
        if (!spec.command().isEmpty()) {
            row(md, "command", String.join(" ", spec.command()));
        }
        md.append('\n');
    }

    private static void runOrder(StringBuilder md, Plan plan) {
        md.append("## Run order\n\n");
        int number = 1;
        for (Plan.Entry entry : plan.entries()) {
            md.append(number++).append(". `").append(code(entry.command())).append("`: ").append(entry.where()).append('\n');
        }
        md.append('\n');
    }

    /**
     * One script: its command, then each of its steps in the robust script's order (the lesson's
     * steps are among them): why, the man pages, the lesson's lines, where the robust lines are and
     * what their guards add.
     */
    private static void script(StringBuilder md, int number, Plan.Entry entry, GeneratedScript lesson, GeneratedScript robust) {
        md.append("## ").append(number).append(". ").append(entry.script()).append("\n\n");
        md.append("Run ").append(entry.where()).append(":\n\n```sh\n").append(entry.command()).append("\n```\n\n");
        for (RenderedStep step : robust.steps()) {
            md.append("### ").append(step.name()).append("\n\n").append(sentence(step.why()));
            if (!step.manPages().isEmpty()) {
                md.append(" See ").append(step.manPages().stream().map(p -> "`" + p + "`").collect(Collectors.joining(", "))).append('.');
            }
            md.append("\n\n");
            String robustLines = "lines " + step.firstLine() + "-" + step.lastLine() + " of the robust " + entry.script();
            lesson.steps().stream().filter(s -> s.name().equals(step.name())).findFirst().ifPresentOrElse(lessonStep -> {
                String text = String.join("\n", lesson.lines(lessonStep));
                String fence = fence(text);
                md.append("Lesson, lines ").append(lessonStep.firstLine()).append('-').append(lessonStep.lastLine()).append(":\n\n")
                        .append(fence).append("sh\n").append(text).append('\n').append(fence).append("\n\n");
                md.append("Robust: ").append(robustLines).append(". ").append(sentence(step.guards())).append("\n\n");
            }, () -> md.append("Robust only: ").append(robustLines).append(". ").append(sentence(step.guards())).append("\n\n"));
        }
    }

    /** A step's text from its template as a sentence: capitalised, ending with a full stop. */
    private static String sentence(String text) {
        if (text.isEmpty()) {
            return text;
        }
        String capitalised = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return capitalised.endsWith(".") ? capitalised : capitalised + ".";
    }

    private static void cgroupPlacement(StringBuilder md, ContainerSpec spec) {
        if (spec.cgroup().isEmpty()) {
            return;
        }
        String name = spec.cgroup().get().name();
        md.append("## Where the cgroup goes on each host layout\n\n")
                .append("consh_setup.sh detects the layout when it runs (this document is the same on every machine):\n\n")
                .append("- **cgroup v2** (most distributions today): one directory `/sys/fs/cgroup/PARENT/").append(code(name))
                .append("`; a controller a limit needs is enabled in the parent's `cgroup.subtree_control` first.\n")
                .append("- **hybrid** (v1 controllers plus cgroup2 at `/sys/fs/cgroup/unified`): the cgroup2 directory under")
                .append(" `unified/`, plus one directory in each v1 controller hierarchy a limit needs (pids, memory, cpu).\n")
                .append("- **v1**: one directory in the pids hierarchy, plus one per controller a limit needs.\n\n")
                .append("PARENT `auto` is your systemd user slice when you are not root, the hierarchy's root when you are.")
                .append(" See `cgroups(7)`.\n\n");
    }

    private static void trace(StringBuilder md, RenderModel model, List<GeneratedScript> scripts) {
        md.append("## Where each spec field ends up\n\n| field | value | script lines |\n| --- | --- | --- |\n");
        for (FieldTrace.Row row : FieldTrace.rows(model, scripts)) {
            String places = row.lines().entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; "));
            md.append("| `").append(row.field()).append("` | ").append(cell(row.value())).append(" | ").append(places).append(" |\n");
        }
        md.append('\n');
    }

    /** Every manual page the explained steps name, once each, sorted. */
    private static void manPages(StringBuilder md, List<GeneratedScript> scripts) {
        TreeSet<String> pages = new TreeSet<>();
        scripts.forEach(script -> script.steps().forEach(step -> pages.addAll(step.manPages())));
        md.append("## Manual pages\n\n").append(pages.stream().map(p -> "`" + p + "`").collect(Collectors.joining(", "))).append("\n");
    }

    private static void row(StringBuilder md, String what, String value) {
        md.append("| ").append(what).append(" | ").append(cell(value)).append(" |\n");
    }

    /** A table cell: a '|' or a line break would end the cell, and markup is shown as text. */
    static String cell(String value) {
        return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace("`", "\\`")
                .replace("*", "\\*").replace("_", "\\_");
    }

    /** A code fence longer than any run of backticks in the text, which could otherwise close it. */
    static String fence(String text) {
        int longest = 0;
        int run = 0;
        for (char c : text.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** Inside a code span: a backtick would end it. */
    static String code(String value) {
        return value.replace("`", "'").replace("\n", " ");
    }
}
