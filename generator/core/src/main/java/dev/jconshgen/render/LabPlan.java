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
        ContainerSpec first = lab.networked().get(0);
        List<Plan.Entry> bridge = Plan.of(first, scripts.bridge(), style).entries();
        StringBuilder sb = new StringBuilder("Plan for lab " + lab.name() + " (bridge " + lab.bridge() + ", " + lab.address() + "; "
                + lab.containers().size() + " containers):\n");
        int number = 1;
        number = append(sb, number, bridge.subList(0, 1), "");
        for (ContainerSpec member : lab.containers()) {
            String outer = lab.outerOf(member.name()).orElse(null);
            sb.append("container ").append(member.name()).append(" (its scripts in ").append(Plan.word(member.name())).append("/, ")
                    .append(outer != null ? "inside " + outer : member.network().map(n -> n.containerAddress()).orElse("")).append("):\n");
            List<Plan.Entry> entries = Plan.of(member, scripts.members().get(member.name()), style, outer).entries().stream()
                    .filter(e -> !isCleanup(e)).toList();
            number = append(sb, number, entries, "  ");
        }
        sb.append("to remove it, each container's cleanup (a container inside another first), then the bridge:\n");
        List<ContainerSpec> innerFirst = new java.util.ArrayList<>(lab.containers().stream().filter(c -> lab.isInner(c.name())).toList());
        innerFirst.addAll(lab.networked());
        for (ContainerSpec member : innerFirst) {
            List<Plan.Entry> cleanup = Plan.of(member, scripts.members().get(member.name()), style, lab.outerOf(member.name()).orElse(null))
                    .entries().stream().filter(LabPlan::isCleanup).toList();
            number = append(sb, number, cleanup, "  ");
        }
        append(sb, number, bridge.subList(1, 2), "");
        return sb.toString();
    }

    private static boolean isCleanup(Plan.Entry entry) {
        return entry.script().equals("consh_cleanup.sh") || entry.script().equals("consh_inner_cleanup.sh");
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
