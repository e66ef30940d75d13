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
 */
public record ContainerSpec(
        String name,
        String hostname,
        String workdir,
        RootFs rootfs,
        Set<Namespace> namespaces,
        boolean mapRootUser,
        Optional<CgroupSpec> cgroup,
        Optional<NetworkSpec> network) {

    public ContainerSpec {
        namespaces = namespaces.isEmpty()
                ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(namespaces));
    }

    public boolean has(Namespace namespace) {
        return namespaces.contains(namespace);
    }
}
