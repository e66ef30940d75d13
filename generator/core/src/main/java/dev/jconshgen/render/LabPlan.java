package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;

import java.util.List;

/**
 * What running a lab's scripts by hand does, in order: the bridge first, then each member's
 * scripts from its directory (as in {@link Plan}), and the bridge's removal after every member's
 * cleanup. apply runs the same order and undoes it in reverse.
 */
public final class LabPlan {
    private LabPlan() {
    }

    public static String toText(LabSpec lab, LabRenderer.LabScripts scripts) {
        return toText(lab, scripts, Style.ROBUST);
    }

    public static String toText(LabSpec lab, LabRenderer.LabScripts scripts, Style style) {
        ContainerSpec first = lab.containers().get(0);
        List<Plan.Entry> bridge = Plan.of(first, scripts.bridge(), style).entries();
        StringBuilder sb = new StringBuilder("Plan for lab " + lab.name() + " (bridge " + lab.bridge() + ", " + lab.address() + "; "
                + lab.containers().size() + " containers):\n");
        int number = 1;
        number = append(sb, number, bridge.subList(0, 1), "");
        for (ContainerSpec member : lab.containers()) {
            sb.append("container ").append(member.name()).append(" (its scripts in ").append(Plan.word(member.name())).append("/, ")
                    .append(member.network().map(n -> n.containerAddress()).orElse("")).append("):\n");
            List<Plan.Entry> entries = Plan.of(member, scripts.members().get(member.name()), style).entries().stream()
                    .filter(e -> !e.script().equals("consh_cleanup.sh")).toList();
            number = append(sb, number, entries, "  ");
        }
        sb.append("to remove it, each container's cleanup, then the bridge:\n");
        for (ContainerSpec member : lab.containers()) {
            List<Plan.Entry> cleanup = Plan.of(member, scripts.members().get(member.name()), style).entries().stream()
                    .filter(e -> e.script().equals("consh_cleanup.sh")).toList();
            number = append(sb, number, cleanup, "  ");
        }
        append(sb, number, bridge.subList(1, 2), "");
        return sb.toString();
    }

    private static int append(StringBuilder sb, int number, List<Plan.Entry> entries, String indent) {
        for (Plan.Entry entry : entries) {
            sb.append(indent).append(number++).append(". ").append(entry.command()).append("\n");
            sb.append(indent).append("   (").append(entry.where()).append(")\n");
            entry.steps().forEach(step -> sb.append(indent).append("   - ").append(step).append("\n"));
        }
        return number;
    }
}
