package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scripts of a lab: the bridge's two scripts once, at the top, and each member's six in a
 * directory named after it (the bridge is the lab's, so members carry no bridge scripts). In the
 * robust style each of those directories has its own consh_lib.sh, which its scripts source.
 */
public final class LabRenderer {
    static final Set<ScriptKind> BRIDGE = EnumSet.of(ScriptKind.LIB, ScriptKind.BRIDGE_SETUP, ScriptKind.BRIDGE_CLEANUP);
    static final Set<ScriptKind> MEMBER = EnumSet.complementOf(EnumSet.of(ScriptKind.BRIDGE_SETUP, ScriptKind.BRIDGE_CLEANUP,
            ScriptKind.INNER_SETUP, ScriptKind.INNER_CLEANUP));
    /** Where an inner member's work directory is, inside its outer container: a tmpfs of its own. */
    public static final String INNER_ROOT = "/nested";

    private final ScriptRenderer renderer = new ScriptRenderer();

    /** @param members each member's scripts by its name, in the lab's order */
    public record LabScripts(List<GeneratedScript> bridge, Map<String, List<GeneratedScript>> members) {
    }

    public LabScripts render(LabSpec lab) {
        return render(lab, Style.ROBUST);
    }

    public LabScripts render(LabSpec lab, Style style) {
        // The bridge scripts read only the bridge and its address, which every member with a
        // network has.
        ContainerSpec first = lab.networked().get(0);
        List<GeneratedScript> bridge = renderer.render(first, Map.of("labName", lab.name(), "bridgeOnly", true), BRIDGE, style);
        Map<String, List<GeneratedScript>> members = new LinkedHashMap<>();
        for (ContainerSpec member : lab.containers()) {
            Optional<String> outer = lab.outerOf(member.name());
            members.put(member.name(), outer.isPresent()
                    ? renderer.render(member, Map.of("labName", lab.name(), "outerName", outer.get(), "innerWorkdir",
                            innerWorkdir(member.name())), ScriptKind.INNER, style)
                    : renderer.render(member, Map.of("labName", lab.name()), MEMBER, style));
        }
        return new LabScripts(bridge, members);
    }

    /** Where the host copies an inner member's scripts, inside its outer container. */
    public static final String INNER_SCRIPTS_ROOT = "/consh";

    /** The directory of the inner member NAME's scripts, inside its outer container. */
    public static String innerScripts(String name) {
        return INNER_SCRIPTS_ROOT + "/" + name;
    }

    /** The work directory of the inner member NAME, inside its outer container. */
    public static String innerWorkdir(String name) {
        return INNER_ROOT + "/" + name;
    }
}
