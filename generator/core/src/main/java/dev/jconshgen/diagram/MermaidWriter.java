package dev.jconshgen.diagram;

import java.util.List;

/**
 * The topology as a Mermaid flowchart, for Markdown (the explain document embeds it). Like the
 * DOT output, node names are made here and spec values appear only in escaped labels.
 */
public final class MermaidWriter {
    private MermaidWriter() {
    }

    public static String write(Topology topology) {
        StringBuilder md = new StringBuilder("flowchart LR\n");
        md.append("  subgraph host[").append(label("host (initial namespaces)")).append("]\n");
        topology.bridge().ifPresent(b -> md.append("    bridge{{").append(label("bridge " + b.name() + "\n" + b.address())).append("}}\n"));
        List<Topology.Box> boxes = topology.containers();
        for (int i = 0; i < boxes.size(); i++) {
            container(md, "c" + i, boxes.get(i));
        }
        md.append("  end\n");
        for (int i = 0; i < boxes.size(); i++) {
            edges(md, "c" + i, boxes.get(i), topology.bridge().isPresent());
        }
        return md.toString();
    }

    private static void container(StringBuilder md, String id, Topology.Box box) {
        md.append("    ").append(id).append("_lower[(").append(label("lowerdir (top first)\n" + String.join("\n", box.lowerTopFirst())))
                .append(")]\n");
        md.append("    ").append(id).append("_upper[(").append(label("upperdir " + box.upper() + "\nworkdir " + box.work())).append(")]\n");
        box.cgroup().ifPresent(c -> md.append("    ").append(id).append("_cgroup[").append(label("cgroup " + c)).append("]\n"));
        box.veth().ifPresent(v -> md.append("    ").append(id).append("_host_end([")
                .append(label(v.hostEnd() + (v.hostAddress().isEmpty() ? "" : "\n" + v.hostAddress()))).append("])\n"));
        md.append("    subgraph ").append(id).append("[").append(label("container " + box.name()
                + (box.hostname().isEmpty() ? "" : " (hostname " + box.hostname() + ")")
                + "\nnew namespaces: " + (box.namespaces().isEmpty() ? "none" : String.join(", ", box.namespaces())))).append("]\n");
        md.append("      ").append(id).append("_init[").append(label("PID 1: busybox sh"
                + (box.command().isEmpty() ? "" : "\nchild: " + String.join(" ", box.command())))).append("]\n");
        md.append("      ").append(id).append("_root[(").append(label("/ = overlay on\n" + box.merged())).append(")]\n");
        box.veth().ifPresent(v -> md.append("      ").append(id).append("_ctr_end([")
                .append(label(v.containerEnd() + "\n" + v.containerAddress() + "\nnetns " + v.netns())).append("])\n"));
        md.append("    end\n");
    }

    private static void edges(StringBuilder md, String id, Topology.Box box, boolean bridged) {
        md.append("  ").append(id).append("_lower -- read --> ").append(id).append("_root\n");
        md.append("  ").append(id).append("_root -- writes --> ").append(id).append("_upper\n");
        box.cgroup().ifPresent(c -> md.append("  ").append(id).append("_init -. member of .-> ").append(id).append("_cgroup\n"));
        box.veth().ifPresent(v -> {
            md.append("  ").append(id).append("_host_end === ").append(id).append("_ctr_end\n");
            if (bridged) {
                md.append("  bridge --- ").append(id).append("_host_end\n");
            }
        });
    }

    /**
     * A quoted Mermaid label. Mermaid reads "#code;" as a character code, so '#', the quote and
     * the characters HTML would take as markup are written that way; line breaks become br tags.
     */
    static String label(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("<br/>");
                case '"', '#', '<', '>', '&', '`', '[', ']', '{', '}', '|' -> sb.append('#').append((int) c).append(';');
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
