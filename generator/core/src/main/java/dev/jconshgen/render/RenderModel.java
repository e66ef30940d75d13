package dev.jconshgen.render;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the templates need, decided here in Java so that templates only hold shell.
 * Values are plain strings (empty when absent) and booleans; the templates quote every value.
 */
public record RenderModel(
        String name,
        boolean hasHostname,
        String hostname,
        String workdir,
        String lowerDir,
        String lowerDirs,
        String overlay,
        Map<String, Boolean> ns,
        String cgroupName,
        String cgroupParent,
        List<String> cgroupParentLevels,
        String pidsMax,
        String memoryMax,
        String cpuQuota,
        String cpuPeriod,
        String enableControllers,
        String netns,
        String hostAddress,
        String containerAddress,
        String bridge,
        String defaultRoute,
        boolean freshProc,
        boolean freshSysfs,
        boolean mountCgroup2,
        boolean mountMqueue,
        List<String> command,
        List<Map<String, Object>> imageLayers,
        boolean overlayUserXattr,
        String opaqueXattr) {

    public static RenderModel from(ContainerSpec spec) {
        List<Layer> layers = spec.rootfs().layers();
        String busyboxDir = layers.stream().filter(l -> l instanceof Layer.Busybox).map(Layer::dir)
                .findFirst().orElse(Layer.Busybox.DEFAULT_DIR);
        List<Map<String, Object>> imageLayers = new ArrayList<>();
        for (Layer layer : layers) {
            if (!(layer instanceof Layer.Image image)) {
                continue;
            }
            if (image.blobs().isEmpty()) {
                throw new dev.jconshgen.core.JconshgenException(dev.jconshgen.core.ExitCode.INVALID_INPUT,
                        "rootfs.layers: the image " + image.source() + " was not read: load the spec from its file (its paths"
                                + " are relative to it)");
            }
            for (Layer.Image.Blob blob : image.blobs()) {
                imageLayers.add(imageLayer(spec.workdir(), image, blob));
            }
        }
        // OverlayFS wants the top layer first; the spec lists the lowest first. An image gives a
        // directory per layer, each named by its digest.
        List<String> topFirst = new ArrayList<>(spec.rootfs().lowerDirs());
        Collections.reverse(topFirst);

        Map<String, Boolean> namespaces = new LinkedHashMap<>();
        for (Namespace namespace : Namespace.values()) {
            namespaces.put(namespace.specName(), spec.has(namespace));
        }
        boolean user = spec.has(Namespace.USER);
        var cgroup = spec.cgroup();
        var network = spec.network();
        return new RenderModel(
                spec.name(),
                spec.hostname() != null,
                spec.hostname() == null ? "" : spec.hostname(),
                spec.workdir(),
                busyboxDir,
                String.join(":", topFirst),
                spec.rootfs().overlay(),
                Collections.unmodifiableMap(namespaces),
                cgroup.map(c -> c.name()).orElse(""),
                cgroup.map(c -> c.parent()).orElse("auto"),
                cgroup.map(c -> levelsAbove(c.parent())).orElse(List.of()),
                cgroup.map(c -> c.pidsMax() == null ? "" : c.pidsMax().toString()).orElse(""),
                cgroup.map(c -> c.memoryMax() == null ? "" : c.memoryMax().toString()).orElse(""),
                // The share of a CPU as CFS bandwidth: microseconds of CPU time per period.
                cgroup.map(c -> c.cpuQuotaUs() == null ? "" : c.cpuQuotaUs().toString()).orElse(""),
                cgroup.map(c -> c.cpu() == null ? "" : Long.toString(CgroupSpec.CPU_PERIOD_US)).orElse(""),
                // What a cgroup v2 parent's cgroup.subtree_control needs for the limits: "+pids +memory".
                cgroup.map(RenderModel::enableControllers).orElse(""),
                network.map(n -> n.netns()).orElse(""),
                network.map(n -> n.hostAddress()).orElse(""),
                network.map(n -> n.containerAddress()).orElse(""),
                network.map(n -> n.bridge()).orElse(""),
                // A shell flag: non-empty means yes, as the scripts test it with [ -n ].
                network.filter(n -> n.defaultRoute()).map(n -> "yes").orElse(""),
                // Inside a user namespace the kernel lets a new proc (sysfs) be mounted only by
                // the owner of the PID (network) namespace; without one, the host's is bound.
                !user || spec.has(Namespace.PID),
                !user || spec.has(Namespace.NET),
                spec.has(Namespace.CGROUP),
                spec.has(Namespace.IPC),
                spec.command(),
                List.copyOf(imageLayers),
                // An image's opaque directories carry user.overlay.opaque for an overlay mounted
                // inside a user namespace, which cannot read trusted.* attributes.
                !imageLayers.isEmpty() && user,
                // the attribute that marks an image's opaque directory for this container's overlay
                user ? "user.overlay.opaque" : "trusted.overlay.opaque");
    }

    /**
     * An image layer as create_lowerfs.sh extracts it, from the work directory: the layout's
     * blob file, or the archive and the blob's entry in it. Both the work directory and a
     * relative image path are relative to the spec file, so the path between them is the same on
     * every machine.
     */
    private static Map<String, Object> imageLayer(String workdir, Layer.Image image, Layer.Image.Blob blob) {
        java.nio.file.Path source = java.nio.file.Path.of(image.source());
        String fromWorkdir = source.isAbsolute() ? source.toString() : java.nio.file.Path.of(workdir).relativize(source).toString();
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("digest", blob.digest());
        layer.put("dir", blob.dir());
        layer.put("gzip", blob.gzip());
        layer.put("archive", image.archive() != null ? fromWorkdir : "");
        layer.put("blob", image.archive() != null ? blob.name() : fromWorkdir + "/" + blob.name());
        layer.put("source", image.source() + (image.ref() == null ? "" : ":" + image.ref()));
        return layer;
    }

    /**
     * The levels between the hierarchy's root and a nested parent, the parent itself excluded:
     * "a" and "a/b" for "a/b/c". On cgroup v2 each must enable a limit's controller for its
     * children before the parent can; none for a parent of one level, or 'auto'.
     */
    static List<String> levelsAbove(String parent) {
        if (parent == null || parent.equals("auto") || parent.isEmpty()) {
            return List.of();
        }
        List<String> levels = new ArrayList<>();
        int slash = parent.indexOf('/');
        while (slash > 0) {
            levels.add(parent.substring(0, slash));
            slash = parent.indexOf('/', slash + 1);
        }
        return List.copyOf(levels);
    }

    private static String enableControllers(CgroupSpec cgroup) {
        List<String> controllers = new ArrayList<>();
        if (cgroup.pidsMax() != null) {
            controllers.add("+pids");
        }
        if (cgroup.memoryMax() != null) {
            controllers.add("+memory");
        }
        if (cgroup.cpu() != null) {
            controllers.add("+cpu");
        }
        return String.join(" ", controllers);
    }

    /** The model as Freemarker sees it: a map of the fields above. */
    Map<String, Object> toTemplateData() {
        Map<String, Object> data = new LinkedHashMap<>();
        for (var component : RenderModel.class.getRecordComponents()) {
            try {
                data.put(component.getName(), component.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return data;
    }
}
