package dev.jconshgen.diagram;

import java.util.List;

/**
 * The topology as Graphviz DOT. Node names are made here (c0_root, ...); every spec value goes
 * only into a quoted label, escaped, so a value can never change the graph's structure.
 */
public final class DotWriter {
    private DotWriter() {
    }

    public static String write(Topology topology) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph jconshgen {\n");
        dot.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=").append(quote(topology.title())).append(", labelloc=t];\n");
        dot.append("  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=10];\n");
        dot.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        dot.append("  subgraph cluster_host {\n    label=\"host (initial namespaces)\";\n    style=dashed;\n");
        topology.bridge().ifPresent(b -> dot.append("    bridge [shape=hexagon, label=")
                .append(quote("bridge " + b.name() + "\n" + b.address())).append("];\n"));
        List<Topology.Box> boxes = topology.containers();
        for (int i = 0; i < boxes.size(); i++) {
            container(dot, "c" + i, boxes.get(i), topology.bridge().isPresent());
        }
        dot.append("  }\n}\n");
        return dot.toString();
    }

    private static void container(StringBuilder dot, String id, Topology.Box box, boolean bridged) {
        String layers = String.join("\n", box.lowerTopFirst());
        dot.append("    ").append(id).append("_lower [shape=folder, label=").append(quote("lowerdir (top first)\n" + layers)).append("];\n");
        dot.append("    ").append(id).append("_upper [shape=folder, label=")
                .append(quote("upperdir " + box.upper() + "\nworkdir " + box.work())).append("];\n");
        box.cgroup().ifPresent(c -> dot.append("    ").append(id).append("_cgroup [shape=component, label=")
                .append(quote("cgroup " + c)).append("];\n"));
        box.veth().ifPresent(v -> dot.append("    ").append(id).append("_host_end [shape=cds, label=")
                .append(quote(v.hostEnd() + (v.hostAddress().isEmpty() ? "" : "\n" + v.hostAddress()))).append("];\n"));

        dot.append("    subgraph cluster_").append(id).append(" {\n");
        dot.append("      label=").append(quote("container " + box.name()
                + (box.hostname().isEmpty() ? "" : " (hostname " + box.hostname() + ")")
                + "\nnew namespaces: " + (box.namespaces().isEmpty() ? "none" : String.join(", ", box.namespaces())))).append(";\n");
        dot.append("      style=solid;\n");
        dot.append("      ").append(id).append("_init [label=")
                .append(quote("PID 1: busybox sh" + (box.command().isEmpty() ? "" : "\nchild: " + String.join(" ", box.command()))))
                .append("];\n");
        dot.append("      ").append(id).append("_root [shape=folder, label=").append(quote("/ = overlay on\n" + box.merged())).append("];\n");
        box.veth().ifPresent(v -> dot.append("      ").append(id).append("_ctr_end [shape=cds, label=")
                .append(quote(v.containerEnd() + "\n" + v.containerAddress() + "\nnetns " + v.netns())).append("];\n"));
        dot.append("    }\n");

        dot.append("    ").append(id).append("_lower -> ").append(id).append("_root [label=\"read\"];\n");
        dot.append("    ").append(id).append("_upper -> ").append(id).append("_root [label=\"writes\", dir=back];\n");
        dot.append("    ").append(id).append("_init -> ").append(id).append("_root [label=\"root\", style=dotted];\n");
        box.cgroup().ifPresent(c -> dot.append("    ").append(id).append("_init -> ").append(id)
                .append("_cgroup [label=\"member of\", style=dashed];\n"));
        box.veth().ifPresent(v -> {
            dot.append("    ").append(id).append("_host_end -> ").append(id).append("_ctr_end [label=\"veth pair\", dir=none, penwidth=2];\n");
            if (bridged) {
                dot.append("    bridge -> ").append(id).append("_host_end [label=\"port\", dir=none];\n");
            }
        });
    }

    /** A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's \n. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
