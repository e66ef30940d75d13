package dev.jconshgen.spec;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.model.NetworkSpec;
import dev.jconshgen.model.Probe;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec as the YAML {@link YamlSpecLoader} reads: the other direction, so that a spec built in
 * Java (the DSL) can be applied, and its state keeps the YAML it came from. Every field is written
 * out (defaults included), in the order the spec reference lists them; loading the text gives an
 * equal spec (a test proves it for every example and every spec of the bats suites). Values are
 * quoted by the YAML library where they need it: a value is data, never markup.
 */
public final class SpecYamlWriter {
    private SpecYamlWriter() {
    }

    /** A {@code kind: Container} document. */
    public static String write(ContainerSpec spec) {
        return dump(document(spec));
    }

    /** A {@code kind: Lab} document: the bridge, then every member with its own part of the network. */
    public static String write(LabSpec lab) {
        return dump(document(lab));
    }

    /**
     * The {@code kind: Container} document as maps and lists, before it is written: for a writer
     * that changes some values first (export ansible makes names and addresses per-host variables).
     */
    public static Map<String, Object> document(ContainerSpec spec) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", YamlSpecLoader.API_VERSION);
        document.put("kind", YamlSpecLoader.KIND);
        document.putAll(container(spec, false));
        return document;
    }

    /** The {@code kind: Lab} document as maps and lists (see {@link #document(ContainerSpec)}). */
    public static Map<String, Object> document(LabSpec lab) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", YamlSpecLoader.API_VERSION);
        document.put("kind", YamlSpecLoader.KIND_LAB);
        document.put("name", lab.name());
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("bridge", lab.bridge());
        network.put("address", lab.address());
        network.put("defaultRoute", lab.defaultRoute());
        document.put("network", network);
        document.put("containers", lab.containers().stream().map(member -> (Object) member(lab, member)).toList());
        return document;
    }

    /** A member; one inside another says so, and has no work directory or network to write. */
    private static Map<String, Object> member(LabSpec lab, ContainerSpec spec) {
        Map<String, Object> fields = container(spec, true);
        lab.outerOf(spec.name()).ifPresent(outer -> {
            fields.remove("workdir");
            Map<String, Object> ordered = new LinkedHashMap<>();
            ordered.put("name", fields.remove("name"));
            ordered.put("inside", outer);
            ordered.putAll(fields);
            fields.clear();
            fields.putAll(ordered);
        });
        return fields;
    }

    private static Map<String, Object> container(ContainerSpec spec, boolean member) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", spec.name());
        if (spec.hostname() != null) {
            fields.put("hostname", spec.hostname());
        }
        fields.put("workdir", spec.workdir());
        Map<String, Object> rootfs = new LinkedHashMap<>();
        List<Object> layers = new ArrayList<>();
        for (Layer layer : spec.rootfs().layers()) {
            if (layer instanceof Layer.Image image) {
                Map<String, Object> options = new LinkedHashMap<>();
                if (image.layout() != null) {
                    options.put("layout", image.layout());
                }
                if (image.archive() != null) {
                    options.put("archive", image.archive());
                }
                if (image.ref() != null) {
                    options.put("ref", image.ref());
                }
                layers.add(single("image", options));
            } else {
                layers.add(single(layer instanceof Layer.Busybox ? "busybox" : "directory", single("dir", layer.dir())));
            }
        }
        rootfs.put("layers", layers);
        rootfs.put("overlay", spec.rootfs().overlay());
        fields.put("rootfs", rootfs);
        // In the order the spec reference lists them, whatever order the set keeps.
        List<Object> namespaces = new ArrayList<>();
        for (Namespace namespace : Namespace.values()) {
            if (spec.has(namespace)) {
                namespaces.add(namespace.specName());
            }
        }
        fields.put("namespaces", namespaces);
        fields.put("user", single("mapRootUser", spec.mapRootUser()));
        spec.cgroup().ifPresent(cgroup -> fields.put("cgroup", cgroup(cgroup)));
        spec.network().ifPresent(network -> fields.put("network", network(network, member)));
        if (!spec.command().isEmpty()) {
            fields.put("command", List.copyOf(spec.command()));
        }
        if (!spec.probes().isEmpty()) {
            fields.put("probes", spec.probes().stream().map(SpecYamlWriter::probe).toList());
        }
        return fields;
    }

    private static Map<String, Object> cgroup(CgroupSpec cgroup) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", cgroup.name());
        fields.put("parent", cgroup.parent());
        Map<String, Object> limits = new LinkedHashMap<>();
        if (cgroup.pidsMax() != null) {
            limits.put("pids", cgroup.pidsMax());
        }
        if (cgroup.memoryMax() != null) {
            limits.put("memory", cgroup.memoryMax());
        }
        if (cgroup.cpu() != null) {
            limits.put("cpu", new CpuShare(cgroup.cpu()));
        }
        if (!limits.isEmpty()) {
            fields.put("limits", limits);
        }
        return fields;
    }

    /** A lab member names only its own end: the bridge, its address and the route are the lab's. */
    private static Map<String, Object> network(NetworkSpec network, boolean member) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("netns", network.netns());
        if (!member) {
            fields.put("hostAddress", network.hostAddress());
        }
        fields.put("containerAddress", network.containerAddress());
        if (!member) {
            if (network.bridge() != null) {
                fields.put("bridge", network.bridge());
            }
            fields.put("defaultRoute", network.defaultRoute());
        }
        return fields;
    }

    private static Object probe(Probe probe) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (probe instanceof Probe.Tcp tcp) {
            fields.put("port", tcp.port());
            putIfSet(fields, "expect", tcp.expect());
        } else if (probe instanceof Probe.Http http) {
            fields.put("port", http.port());
            fields.put("path", http.path());
            fields.put("status", http.status());
            putIfSet(fields, "contains", http.contains());
        } else if (probe instanceof Probe.Exec exec) {
            fields.put("command", List.copyOf(exec.command()));
            putIfSet(fields, "expect", exec.expect());
        }
        return single(probe.kind(), fields);
    }

    /** A map of one entry that, like every map of the document, a writer may change. */
    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private static void putIfSet(Map<String, Object> fields, String key, Object value) {
        if (value != null) {
            fields.put(key, value);
        }
    }

    /** A CPU share is written as the decimal it was given (0.5, not 5E-1). */
    private record CpuShare(BigDecimal value) {
    }

    private static String dump(Map<String, Object> document) {
        DumpSettings settings = settings();
        return new Dump(settings, new SpecRepresenter(settings)).dumpToString(document);
    }

    /** How specs are written: block style, long lines kept whole, no comments. */
    public static DumpSettings settings() {
        return DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(200).setDumpComments(false).build();
    }

    /**
     * Represents the document's values; a writer of a changed document extends it with its own
     * types. A {@link CpuShare} is a plain (unquoted) decimal number.
     */
    public static class SpecRepresenter extends org.snakeyaml.engine.v2.representer.StandardRepresenter {
        public SpecRepresenter(DumpSettings settings) {
            super(settings);
            this.representers.put(CpuShare.class, data -> representScalar(org.snakeyaml.engine.v2.nodes.Tag.FLOAT,
                    ((CpuShare) data).value().toPlainString()));
        }
    }
}
