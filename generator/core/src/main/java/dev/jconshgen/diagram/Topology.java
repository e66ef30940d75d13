package dev.jconshgen.diagram;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What a picture of the spec shows: the host, each container with its namespaces, its overlay
 * layers and its cgroup, and the veth pair (or the bridge) that joins it to the host. Built from
 * the spec only, so the picture is the same on every machine.
 */
public record Topology(String title, List<Box> containers, Optional<Bridge> bridge) {

    /** One container. */
    public record Box(String name, String hostname, List<String> namespaces, List<String> lowerTopFirst, String upper,
                      String work, String merged, Optional<String> cgroup, Optional<Veth> veth, List<String> command) {
    }

    /** A veth pair: the host end (on the bridge, when there is one) and the container end. */
    public record Veth(String netns, String hostEnd, String hostAddress, String containerEnd, String containerAddress,
                       boolean defaultRoute) {
    }

    public record Bridge(String name, String address) {
    }

    public static Topology of(ContainerSpec spec) {
        Optional<Bridge> bridge = spec.network().filter(n -> n.hasBridge()).map(n -> new Bridge(n.bridge(), n.hostAddress()));
        return new Topology("container " + spec.name(), List.of(box(spec)), bridge);
    }

    /**
     * A lab: every member, each with its veth into the lab's bridge; a member inside another is
     * named so, with its layers and overlay directory on its tmpfs inside the outer container.
     */
    public static Topology of(dev.jconshgen.model.LabSpec lab) {
        return new Topology("lab " + lab.name(), lab.containers().stream().map(member -> lab.outerOf(member.name())
                        .map(outer -> inner(member, outer)).orElseGet(() -> box(member))).toList(),
                Optional.of(new Bridge(lab.bridge(), lab.address())));
    }

    private static Box inner(ContainerSpec spec, String outer) {
        Box box = box(spec);
        String workdir = dev.jconshgen.render.LabRenderer.innerWorkdir(spec.name());
        String overlay = workdir + "/ovly";
        return new Box(spec.name() + ", inside " + outer, box.hostname(), box.namespaces(),
                List.of(workdir + "/lower (a tmpfs in " + outer + ")"), overlay + "/upper", overlay + "/work", overlay + "/merged",
                box.cgroup(), box.veth(), box.command());
    }

    static Box box(ContainerSpec spec) {
        List<String> namespaces = new ArrayList<>();
        for (Namespace namespace : Namespace.values()) {
            if (spec.has(namespace)) {
                namespaces.add(namespace.specName());
            }
        }
        // an image shows each of its layers, by its source and digest (shortened, as tools do)
        List<String> lower = new ArrayList<>();
        for (Layer layer : spec.rootfs().layers()) {
            if (layer instanceof Layer.Image image && !image.blobs().isEmpty()) {
                for (Layer.Image.Blob blob : image.blobs()) {
                    lower.add(image.source() + " " + blob.digest().substring(0, "sha256:".length() + 12));
                }
            } else {
                lower.add(layer.dir());
            }
        }
        Collections.reverse(lower);
        String overlay = spec.rootfs().overlay();
        Optional<String> cgroup = spec.cgroup().map(c -> "auto".equals(c.parent()) ? c.name() : c.parent() + "/" + c.name());
        Optional<Veth> veth = spec.network().map(n -> new Veth(n.netns(), n.hostVeth(), n.hasBridge() ? "" : n.hostAddress(),
                n.containerVeth(), n.containerAddress(), n.defaultRoute()));
        return new Box(spec.name(), spec.hostname() == null ? "" : spec.hostname(), List.copyOf(namespaces), List.copyOf(lower),
                overlay + "/upper", overlay + "/work", overlay + "/merged", cgroup, veth, spec.command());
    }
}
