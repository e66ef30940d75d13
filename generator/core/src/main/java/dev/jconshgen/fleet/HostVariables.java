package dev.jconshgen.fleet;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The spec's values that name or address something on a host, and so may collide when many hosts
 * share a network or an instructor wants each machine's container told apart: the container's (or
 * lab's) name, host names, cgroup names, network namespaces and addresses. Everything else stays as
 * the spec says on every host.
 */
public final class HostVariables {
    static final String PREFIX = "consh_";

    private HostVariables() {
    }

    /**
     * The variables, and the other places in the document that hold one of their values.
     *
     * @param variables each declared once, with the spec's value as its default
     * @param uses      further fields that take a variable's value: an inner member's {@code inside}
     *                  is its outer member's name
     */
    public record Set(List<HostVariable> variables, List<Use> uses) {
        public Set {
            variables = List.copyOf(variables);
            uses = List.copyOf(uses);
        }

        /** The variable that holds the container's or lab's name: what verify and destroy take. */
        public String target() {
            return variables.get(0).name();
        }
    }

    /** A field of the document that repeats a variable's value. */
    public record Use(List<Object> path, String variable) {
        public Use {
            path = List.copyOf(path);
        }
    }

    /** A container's: {@code consh_name}, {@code consh_hostname}, {@code consh_cgroup}, {@code consh_netns}, its two addresses. */
    public static Set of(ContainerSpec spec) {
        List<HostVariable> variables = new ArrayList<>();
        add(variables, PREFIX, spec, List.of(), false);
        return new Set(variables, List.of());
    }

    /**
     * A lab's: {@code consh_lab_name}, {@code consh_bridge}, {@code consh_bridge_address}, then each
     * member's as a container's with the member in the name ({@code consh_web_address}). An inner
     * member's {@code inside} follows its outer member's name.
     */
    public static Set of(LabSpec lab) {
        List<HostVariable> variables = new ArrayList<>();
        List<Use> uses = new ArrayList<>();
        variables.add(new HostVariable(PREFIX + "lab_name", List.of("name"), lab.name(),
                "the lab's name: its state, and what verify and destroy take"));
        variables.add(new HostVariable(PREFIX + "bridge", List.of("network", "bridge"), lab.bridge(), "the lab's bridge on the host"));
        variables.add(new HostVariable(PREFIX + "bridge_address", List.of("network", "address"), lab.address(),
                "the bridge's address/prefix: the host's on the lab's network"));
        List<String> prefixes = memberPrefixes(lab);
        for (int i = 0; i < lab.containers().size(); i++) {
            ContainerSpec member = lab.containers().get(i);
            add(variables, prefixes.get(i), member, List.of("containers", i), true);
            String outer = lab.outerOf(member.name()).orElse(null);
            if (outer != null) {
                int outerIndex = lab.containers().indexOf(lab.member(outer).orElseThrow());
                uses.add(new Use(List.of("containers", i, "inside"), prefixes.get(outerIndex) + "name"));
            }
        }
        return new Set(variables, uses);
    }

    private static void add(List<HostVariable> variables, String prefix, ContainerSpec spec, List<Object> at, boolean member) {
        String whose = member ? "member " + spec.name() + "'s " : "the container's ";
        variables.add(new HostVariable(prefix + "name", path(at, "name"), spec.name(),
                member ? whose + "name" : whose + "name: its state, and what verify and destroy take"));
        if (spec.hostname() != null) {
            variables.add(new HostVariable(prefix + "hostname", path(at, "hostname"), spec.hostname(), whose + "host name"));
        }
        spec.cgroup().ifPresent(cgroup -> variables.add(new HostVariable(prefix + "cgroup", path(at, "cgroup", "name"), cgroup.name(),
                whose + "cgroup, below its parent")));
        spec.network().ifPresent(network -> {
            variables.add(new HostVariable(prefix + "netns", path(at, "network", "netns"), network.netns(),
                    whose + "network namespace (and its veth pair's prefix)"));
            if (!member) {
                variables.add(new HostVariable(prefix + "host_address", path(at, "network", "hostAddress"), network.hostAddress(),
                        "the host's address/prefix on the container's network"));
            }
            variables.add(new HostVariable(prefix + (member ? "address" : "container_address"), path(at, "network", "containerAddress"),
                    network.containerAddress(), whose + "address/prefix"));
        });
    }

    private static List<Object> path(List<Object> at, Object... keys) {
        List<Object> path = new ArrayList<>(at);
        path.addAll(List.of(keys));
        return path;
    }

    /**
     * {@code consh_MEMBER_}: the member's name made a variable name (lower case, '_' for what a
     * variable cannot hold); a name that would collide with another's, or with the lab's own
     * variables, is numbered by position instead ({@code consh_member3_}).
     */
    static List<String> memberPrefixes(LabSpec lab) {
        java.util.Set<String> taken = new HashSet<>(java.util.Set.of("lab", "bridge"));
        List<String> prefixes = new ArrayList<>();
        List<String> idents = lab.containers().stream().map(c -> ident(c.name())).toList();
        for (int i = 0; i < idents.size(); i++) {
            String ident = idents.get(i);
            boolean unique = idents.indexOf(ident) == idents.lastIndexOf(ident);
            String chosen = unique && !taken.contains(ident) && Character.isLetter(ident.charAt(0)) ? ident : "member" + (i + 1);
            while (taken.contains(chosen)) {
                chosen = chosen + "_";
            }
            taken.add(chosen);
            prefixes.add(PREFIX + chosen + "_");
        }
        return prefixes;
    }

    private static String ident(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return lower.isEmpty() ? "_" : lower;
    }
}
