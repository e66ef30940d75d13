package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scripts of a lab: the bridge's two scripts once, at the top, and each member's six in a
 * directory named after it (the bridge is the lab's, so members carry no bridge scripts). In the
 * robust style each of those directories has its own consh_lib.sh, which its scripts source.
 */
public final class LabRenderer {
    static final Set<ScriptKind> BRIDGE = EnumSet.of(ScriptKind.LIB, ScriptKind.BRIDGE_SETUP, ScriptKind.BRIDGE_CLEANUP);
    static final Set<ScriptKind> MEMBER = EnumSet.complementOf(EnumSet.of(ScriptKind.BRIDGE_SETUP, ScriptKind.BRIDGE_CLEANUP));

    private final ScriptRenderer renderer = new ScriptRenderer();

    /** @param members each member's scripts by its name, in the lab's order */
    public record LabScripts(List<GeneratedScript> bridge, Map<String, List<GeneratedScript>> members) {
    }

    public LabScripts render(LabSpec lab) {
        return render(lab, Style.ROBUST);
    }

    public LabScripts render(LabSpec lab, Style style) {
        // The bridge scripts read only the bridge and its address, which every member has.
        ContainerSpec first = lab.containers().get(0);
        List<GeneratedScript> bridge = renderer.render(first, Map.of("labName", lab.name(), "bridgeOnly", true), BRIDGE, style);
        Map<String, List<GeneratedScript>> members = new LinkedHashMap<>();
        for (ContainerSpec member : lab.containers()) {
            members.put(member.name(), renderer.render(member, Map.of("labName", lab.name()), MEMBER, style));
        }
        return new LabScripts(bridge, members);
    }
}
