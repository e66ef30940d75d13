package dev.jconshgen.model;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One container, as the spec (YAML or Java DSL) describes it. Values are kept as written so that
 * validation can name exactly what is wrong; {@link dev.jconshgen.spec.SpecValidator} decides
 * whether an instance is usable.
 *
 * @param workdir     work directory, relative to the spec file
 * @param hostname    host name inside the container, or {@code null} without a UTS namespace
 * @param mapRootUser map the caller's UID to root in the user namespace
 * @param command     the workload a detached container's PID 1 starts (argv); empty: none, only the init waits
 * @param probes      checks of the workload from the host, in the spec's order
 */
public record ContainerSpec(
        String name,
        String hostname,
        String workdir,
        RootFs rootfs,
        Set<Namespace> namespaces,
        boolean mapRootUser,
        Optional<CgroupSpec> cgroup,
        Optional<NetworkSpec> network,
        java.util.List<String> command,
        java.util.List<Probe> probes) {

    public ContainerSpec {
        namespaces = namespaces.isEmpty()
                ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(namespaces));
        // Copies that keep nulls: the validator reports a command argument that was not a string.
        command = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(command));
        probes = java.util.List.copyOf(probes);
    }

    public boolean has(Namespace namespace) {
        return namespaces.contains(namespace);
    }
}
