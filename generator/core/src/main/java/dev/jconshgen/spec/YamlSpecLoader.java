package dev.jconshgen.spec;

import dev.jconshgen.image.ImageException;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.ByteSize;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.dsl.Lab;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Namespace;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a spec file: YAML nodes are bound into the {@link Container} DSL (so defaults are the
 * same), then {@link SpecValidator} runs; every error, structural or semantic, is reported with
 * its file, line, column and field path, all at once.
 */
public final class YamlSpecLoader {
    public static final String API_VERSION = "jconshgen/v1";
    public static final String KIND = "Container";
    public static final String KIND_LAB = "Lab";
    private static final Pattern MEMBER_PATH = Pattern.compile("^containers\\[([0-9]+)]\\.");
    private static final Pattern CPUS = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,12})?");
    private static final Pattern LAYER_PATH = Pattern.compile("^rootfs\\.layers\\[([0-9]+)]");
    private static final Pattern PROBE_PATH = Pattern.compile("^probes\\[([0-9]+)]");

    private final ImageReader images;

    /** A loader that reads a spec's images from their files, and checks them. */
    public YamlSpecLoader() {
        this(ImageReader.FILES);
    }

    /** @param images where image layers' blobs come from (see {@link ImageReader}) */
    public YamlSpecLoader(ImageReader images) {
        this.images = images;
    }

    /** A loaded and valid spec file of either kind: a {@link LoadedSpec} or a {@link LoadedLab}. */
    public sealed interface Loaded permits LoadedSpec, LoadedLab {
    }

    /** A loaded and valid spec with the directory its relative work directory is resolved against. */
    public record LoadedSpec(Path file, ContainerSpec spec) implements Loaded {
        /**
         * The work directory, absolute and without symlinks where it exists: the scripts resolve
         * paths with {@code pwd -P}, and the kernel's mount table shows what they resolved.
         */
        public Path workdir() {
            Path parent = file.toAbsolutePath().normalize().getParent();
            return realPath(parent.resolve(spec.workdir()).normalize());
        }
    }

    /** The longest existing prefix of a path with its symlinks resolved, and the rest as it is. */
    static Path realPath(Path path) {
        java.util.Deque<Path> rest = new java.util.ArrayDeque<>();
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            rest.push(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            Path real = existing.toRealPath();
            while (!rest.isEmpty()) {
                real = real.resolve(rest.pop());
            }
            return real;
        } catch (IOException e) {
            return path;
        }
    }

    /** Reads (at most {@link SpecFileReader#MAX_BYTES}, UTF-8 only), parses and validates a spec file. */
    public LoadedSpec load(Path file) {
        return new LoadedSpec(file, parse(file.toString(), SpecFileReader.read(file)));
    }

    /** A loaded and valid lab; members' relative work directories are resolved against its file. */
    public record LoadedLab(Path file, LabSpec lab) implements Loaded {
        public List<LoadedSpec> members() {
            return lab.containers().stream().map(c -> new LoadedSpec(file, c)).toList();
        }
    }

    /** Reads, parses and validates a {@code kind: Lab} file. */
    public LoadedLab loadLab(Path file) {
        return new LoadedLab(file, parseLab(file.toString(), SpecFileReader.read(file)));
    }

    /**
     * Reads, parses and validates a spec file of either kind, reading and parsing it once (what
     * {@link #isLab(Path)} and then {@link #load(Path)} or {@link #loadLab(Path)} would do in
     * three passes). A document that is not YAML is reported as a container's would be.
     */
    public Loaded loadEither(Path file) {
        String fileLabel = file.toString();
        Node root = compose(fileLabel, SpecFileReader.read(file));
        return isLab(root) ? new LoadedLab(file, bindLab(fileLabel, root)) : new LoadedSpec(file, bindContainer(fileLabel, root));
    }

    /**
     * Whether the text is a {@code kind: Lab} document. Anything unreadable is not: loading it as
     * a container then reports what is wrong with it.
     */
    public static boolean isLab(String text) {
        try {
            LoadSettings settings = YamlShapeCheck.settings("", text);
            if (YamlShapeCheck.check("", text, settings).isPresent()) {
                return false;
            }
            return isLab(new Compose(settings).composeString(text).orElse(null));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether a document's root says {@code kind: Lab}. */
    private static boolean isLab(Node root) {
        if (root instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("kind")
                        && tuple.getValueNode() instanceof ScalarNode value) {
                    return value.getValue().equals(KIND_LAB);
                }
            }
        }
        return false;
    }

    /** Whether the file is a {@code kind: Lab} spec (an unreadable file is not: loading reports it). */
    public static boolean isLab(Path file) {
        try {
            return isLab(SpecFileReader.read(file));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Parses lab text; every error of the lab and of each member, located, all at once. */
    public LabSpec parseLab(String fileLabel, String text) {
        return bindLab(fileLabel, compose(fileLabel, text));
    }

    private LabSpec bindLab(String fileLabel, Node root) {
        Binding binding = new Binding(fileLabel, images);
        LabSpec lab = binding.bindLab(root);
        for (Violation violation : new LabValidator().validate(lab)) {
            binding.errorAt(binding.yamlPath(violation.path()), violation.message());
        }
        binding.throwIfErrors();
        return lab;
    }

    /** Parses spec text; {@code fileLabel} is what error messages call the file. */
    public ContainerSpec parse(String fileLabel, String text) {
        return bindContainer(fileLabel, compose(fileLabel, text));
    }

    private ContainerSpec bindContainer(String fileLabel, Node root) {
        Binding binding = new Binding(fileLabel, images);
        ContainerSpec spec = binding.bind(root);
        for (Violation violation : new SpecValidator().validate(spec)) {
            binding.errorAt(binding.yamlPath(violation.path()), violation.message());
        }
        binding.throwIfErrors();
        return spec;
    }

    /** The document's root node; a file that is too large, not YAML or empty is an error here. */
    private static Node compose(String fileLabel, String text) {
        // Text handed in directly gets the file's limit too (a char is at least one UTF-8 byte).
        if (text.length() > SpecFileReader.MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > SpecFileReader.MAX_BYTES) {
            throw new InvalidSpecException(List.of(new SpecError(fileLabel, 0, 0, "", SpecFileReader.tooLarge())));
        }
        LoadSettings settings = YamlShapeCheck.settings(fileLabel, text);
        YamlShapeCheck.check(fileLabel, text, settings).ifPresent(error -> {
            throw new InvalidSpecException(List.of(error));
        });
        Node root;
        try {
            root = new Compose(settings).composeString(text).orElse(null);
        } catch (ReaderException e) {
            throw new InvalidSpecException(List.of(YamlShapeCheck.readerError(fileLabel, text, e)));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            String context = e.getContext() == null || e.getContext().isEmpty() ? "" : e.getContext() + ", ";
            // The library's messages quote the text they stopped at, new lines and all: escaped,
            // so that the error stays one line and a terminal shows the characters, not obeys them.
            throw new InvalidSpecException(List.of(new SpecError(fileLabel,
                    mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "", "not valid YAML: " + SpecValidator.escaped(context + e.getProblem()))));
        } catch (YamlEngineException e) {
            throw new InvalidSpecException(List.of(new SpecError(fileLabel, 0, 0, "", "not valid YAML: "
                    + SpecValidator.escaped(e.getMessage()))));
        }
        if (root == null) {
            throw new InvalidSpecException(List.of(new SpecError(fileLabel, 1, 1, "", "the spec is empty (it needs at least 'name')")));
        }
        return root;
    }

    /** The state of one binding: errors so far and where each field path was written. */
    private static final class Binding {
        private final String file;
        private final ImageReader images;
        /** "" for a document; "containers[i]." for a lab member, whose paths are the lab file's. */
        private final String prefix;
        private final List<SpecError> errors;
        private final Map<String, Mark> marks;
        /** A lab's member bindings, and the YAML index of each bound member. */
        private final List<Binding> members = new ArrayList<>();
        private final List<Integer> memberIndexes = new ArrayList<>();
        /** For each layer bound into the spec, its index in the YAML list (malformed layers are skipped). */
        private final List<Integer> layerIndexes = new ArrayList<>();
        /** The same for probes. */
        private final List<Integer> probeIndexes = new ArrayList<>();
        private Mark rootMark;

        Binding(String file, ImageReader images) {
            this(file, images, "", new ArrayList<>(), new HashMap<>());
        }

        private Binding(String file, ImageReader images, String prefix, List<SpecError> errors, Map<String, Mark> marks) {
            this.file = file;
            this.images = images;
            this.prefix = prefix;
            this.errors = errors;
            this.marks = marks;
        }

        void throwIfErrors() {
            if (!errors.isEmpty()) {
                List<SpecError> sorted = new ArrayList<>(errors);
                sorted.sort(java.util.Comparator.comparingInt(SpecError::line).thenComparingInt(SpecError::column));
                throw new InvalidSpecException(sorted);
            }
        }

        ContainerSpec bind(Node root) {
            rootMark = root.getStartMark().orElse(null);
            Container container = bindContainer(root, false);
            return container == null ? Container.named(null).buildUnvalidated() : container.buildUnvalidated();
        }

        LabSpec bindLab(Node root) {
            rootMark = root.getStartMark().orElse(null);
            Map<String, Node> fields = mapping(root, "", SpecKeys.LAB);
            if (fields == null) {
                return new LabSpec(null, null, null, false, List.of());
            }
            constant(fields.get("apiVersion"), "apiVersion", API_VERSION);
            constant(fields.get("kind"), "kind", KIND_LAB);
            Lab lab = Lab.named(string(fields.get("name"), "name"));
            if (!fields.containsKey("network")) {
                errorAt("network", root, "is required: the lab's bridge, like {bridge: labbr0, address: 10.0.10.1/24}");
            }
            ifPresent(fields, "network", n -> {
                Map<String, Node> network = mapping(n, "network", SpecKeys.LAB_NETWORK);
                if (network != null) {
                    ifPresent(network, "bridge", v -> lab.bridge(string(v, "network.bridge")));
                    ifPresent(network, "address", v -> lab.address(string(v, "network.address")));
                    ifPresent(network, "defaultRoute", v -> lab.defaultRoute(bool(v, "network.defaultRoute")));
                }
            });
            List<Node> items = fields.containsKey("containers") ? sequence(fields.get("containers"), "containers") : List.of();
            for (int i = 0; items != null && i < items.size(); i++) {
                Binding member = new Binding(file, images, "containers[" + i + "].", errors, marks);
                member.rootMark = items.get(i).getStartMark().orElse(rootMark);
                Container container = member.bindContainer(items.get(i), true);
                if (container != null) {
                    members.add(member);
                    memberIndexes.add(i);
                    lab.container(container);
                }
            }
            // Misplaced network fields were reported by the member bindings, at their lines.
            return lab.buildUnvalidated();
        }

        /** A container's fields; a lab member has no apiVersion/kind and only part of a network. */
        private Container bindContainer(Node root, boolean member) {
            Map<String, Node> fields = mapping(root, "", member ? SpecKeys.MEMBER : SpecKeys.CONTAINER);
            if (fields == null) {
                return null;
            }
            constant(fields.get("apiVersion"), "apiVersion", API_VERSION);
            constant(fields.get("kind"), "kind", KIND);
            Container container = Container.named(string(fields.get("name"), "name"));
            if (fields.containsKey("hostname")) {
                container.hostname(string(fields.get("hostname"), "hostname"));
            }
            boolean inner = member && fields.containsKey("inside");
            ifPresent(fields, "inside", n -> container.inside(string(n, "inside")));
            ifPresent(fields, "workdir", n -> {
                if (inner) {
                    errorAt("workdir", n, LabValidator.INNER_WORKDIR);
                } else {
                    container.workdir(string(n, "workdir"));
                }
            });
            ifPresent(fields, "rootfs", n -> bindRootfs(n, container));
            ifPresent(fields, "namespaces", n -> container.namespaces(namespaces(n)));
            ifPresent(fields, "user", n -> {
                Map<String, Node> user = mapping(n, "user", SpecKeys.USER);
                if (user != null && user.containsKey("mapRootUser")) {
                    container.mapRootUser(bool(user.get("mapRootUser"), "user.mapRootUser"));
                }
            });
            ifPresent(fields, "cgroup", n -> bindCgroup(n, container));
            ifPresent(fields, "network", n -> {
                if (inner) {
                    errorAt("network", n, LabValidator.INNER_NETWORK);
                } else if (member) {
                    bindMemberNetwork(n, container);
                } else {
                    bindNetwork(n, container);
                }
            });
            ifPresent(fields, "command", n -> container.command(argv(n, "command")));
            ifPresent(fields, "probes", n -> bindProbes(n, container));
            return container;
        }

        private void bindRootfs(Node node, Container container) {
            Map<String, Node> rootfs = mapping(node, "rootfs", SpecKeys.ROOTFS);
            if (rootfs == null) {
                return;
            }
            ifPresent(rootfs, "overlay", n -> container.overlay(string(n, "rootfs.overlay")));
            Node layersNode = rootfs.get("layers");
            if (layersNode == null) {
                return;
            }
            List<Node> layers = sequence(layersNode, "rootfs.layers");
            if (layers == null) {
                return;
            }
            if (layers.isEmpty()) {
                container.noLayers();
                return;
            }
            for (int i = 0; i < layers.size(); i++) {
                String path = "rootfs.layers[" + i + "]";
                Map<String, Node> layer = mapping(layers.get(i), path, SpecKeys.LAYER);
                if (layer == null) {
                    continue;
                }
                if (layer.size() != 1) {
                    errorAt(path, layers.get(i), "must have exactly one of 'busybox', 'directory' or 'image'");
                    continue;
                }
                String kind = layer.keySet().iterator().next();
                layerIndexes.add(i);
                if (kind.equals("image")) {
                    bindImageLayer(path + ".image", layer.get(kind), container);
                    continue;
                }
                Map<String, Node> options = mapping(layer.get(kind), path + "." + kind, SpecKeys.LAYER_OPTIONS);
                Node dirNode = options == null ? null : options.get("dir");
                if (kind.equals("busybox")) {
                    container.busyboxLayer(dirNode == null ? dev.jconshgen.model.Layer.Busybox.DEFAULT_DIR : string(dirNode, path + ".busybox.dir"));
                } else {
                    if (options != null && dirNode == null) {
                        errorAt(path + ".directory", layer.get(kind), "needs 'dir', the prepared directory relative to the work directory");
                    }
                    container.directoryLayer(dirNode == null ? "" : string(dirNode, path + ".directory.dir"));
                }
            }
        }

        /**
         * An image layer: one of layout and archive, and an optional ref. The image is read and
         * every blob and layer entry checked here ({@link OciImages}), so that a damaged or
         * hostile image is an error of the spec, at its line, before anything runs.
         */
        private void bindImageLayer(String path, Node node, Container container) {
            Map<String, Node> options = mapping(node, path, SpecKeys.IMAGE_LAYER);
            if (options == null) {
                container.imageLayer(null, null, null);
                return;
            }
            Node layoutNode = options.get("layout");
            Node archiveNode = options.get("archive");
            String layout = layoutNode == null ? null : string(layoutNode, path + ".layout");
            String archive = archiveNode == null ? null : string(archiveNode, path + ".archive");
            String ref = options.get("ref") == null ? null : string(options.get("ref"), path + ".ref");
            // neither or both: SpecValidator says so, for a spec built in Java too
            String source = layout != null ? layout : archive;
            // what SpecValidator refuses is not read: no image, or both, or a path with a control
            // character (a NUL would not even be a path)
            if (source == null || source.isEmpty() || (layoutNode != null && archiveNode != null)
                    || source.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                container.imageLayer(layout, archive, ref);
                return;
            }
            Path specDir = Path.of(file).toAbsolutePath().getParent();
            Path where = specDir.resolve(source).normalize();
            List<Layer.Image.Blob> blobs = new ArrayList<>();
            try {
                blobs.addAll(images.read(source, where, layout == null, ref));
            } catch (ImageException e) {
                errorAt(path + (layout != null ? ".layout" : ".archive"), layout != null ? layoutNode : archiveNode, e.getMessage());
            }
            container.imageLayer(new Layer.Image(layout, archive, ref, blobs));
        }

        private List<Namespace> namespaces(Node node) {
            List<Node> items = sequence(node, "namespaces");
            List<Namespace> result = new ArrayList<>();
            if (items == null) {
                return List.copyOf(Set.of(Namespace.values()));
            }
            for (int i = 0; i < items.size(); i++) {
                String path = "namespaces[" + i + "]";
                String value = string(items.get(i), path);
                Optional<Namespace> namespace = Namespace.fromSpecName(value);
                if (value == null) {
                    continue;
                }
                if (namespace.isEmpty()) {
                    errorAt(path, items.get(i), "unknown namespace '" + SpecValidator.printable(value) + "' (one of " + String.join(", ", Namespace.specNames()) + ")");
                } else if (result.contains(namespace.get())) {
                    errorAt(path, items.get(i), "'" + value + "' is listed twice");
                } else {
                    result.add(namespace.get());
                }
            }
            return result;
        }

        private void bindCgroup(Node node, Container container) {
            Map<String, Node> cgroup = mapping(node, "cgroup", SpecKeys.CGROUP);
            container.cgroup(c -> {
                if (cgroup == null) {
                    return c;
                }
                ifPresent(cgroup, "name", n -> c.name(string(n, "cgroup.name")));
                ifPresent(cgroup, "parent", n -> c.parent(string(n, "cgroup.parent")));
                ifPresent(cgroup, "limits", n -> {
                    Map<String, Node> limits = mapping(n, "cgroup.limits", SpecKeys.LIMITS);
                    if (limits == null) {
                        return;
                    }
                    ifPresent(limits, "pids", p -> {
                        Long pids = integer(p, "cgroup.limits.pids");
                        if (pids != null) {
                            c.pidsMax(pids);
                        }
                    });
                    ifPresent(limits, "memory", m -> {
                        Long bytes = memory(m, "cgroup.limits.memory");
                        if (bytes != null) {
                            c.memoryMax(bytes);
                        }
                    });
                    ifPresent(limits, "cpu", v -> {
                        BigDecimal cpus = cpus(v, "cgroup.limits.cpu");
                        if (cpus != null) {
                            c.cpu(cpus);
                        }
                    });
                });
                return c;
            });
        }

        private void bindNetwork(Node node, Container container) {
            Map<String, Node> network = mapping(node, "network", SpecKeys.NETWORK);
            container.network(n -> {
                if (network == null) {
                    return n;
                }
                ifPresent(network, "netns", v -> n.netns(string(v, "network.netns")));
                ifPresent(network, "hostAddress", v -> n.hostAddress(string(v, "network.hostAddress")));
                ifPresent(network, "containerAddress", v -> n.containerAddress(string(v, "network.containerAddress")));
                ifPresent(network, "bridge", v -> n.bridge(string(v, "network.bridge")));
                ifPresent(network, "defaultRoute", v -> n.defaultRoute(bool(v, "network.defaultRoute")));
                return n;
            });
        }

        /** A member's own part of the network; the lab's fields here are errors that say where they go. */
        private void bindMemberNetwork(Node node, Container container) {
            Map<String, Node> network = mapping(node, "network", SpecKeys.NETWORK);
            container.network(n -> {
                if (network == null) {
                    return n;
                }
                ifPresent(network, "netns", v -> n.netns(string(v, "network.netns")));
                ifPresent(network, "containerAddress", v -> n.containerAddress(string(v, "network.containerAddress")));
                ifPresent(network, "bridge", v -> errorAt("network.bridge", v, LabValidator.MEMBER_BRIDGE));
                ifPresent(network, "hostAddress", v -> errorAt("network.hostAddress", v, LabValidator.MEMBER_HOST_ADDRESS));
                ifPresent(network, "defaultRoute", v -> errorAt("network.defaultRoute", v, LabValidator.MEMBER_DEFAULT_ROUTE));
                return n;
            });
        }

        /** A list of strings; items that are not strings are reported and kept as null. */
        private List<String> argv(Node node, String path) {
            List<Node> items = sequence(node, path);
            List<String> result = new ArrayList<>();
            if (items != null) {
                for (int i = 0; i < items.size(); i++) {
                    result.add(string(items.get(i), path + "[" + i + "]"));
                }
            }
            return result;
        }

        private void bindProbes(Node node, Container container) {
            List<Node> items = sequence(node, "probes");
            if (items == null) {
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                String path = "probes[" + i + "]";
                Map<String, Node> probe = mapping(items.get(i), path, SpecKeys.PROBE);
                if (probe == null) {
                    continue;
                }
                // An unknown kind was reported as an unknown key already.
                boolean unknownKind = probe.isEmpty() && !((MappingNode) items.get(i)).getValue().isEmpty();
                if (probe.size() != 1) {
                    if (!unknownKind) {
                        errorAt(path, items.get(i), "must have exactly one of 'tcp', 'http' or 'exec'");
                    }
                    continue;
                }
                String kind = probe.keySet().iterator().next();
                String at = path + "." + kind;
                Map<String, Node> o = switch (kind) {
                    case "tcp" -> mapping(probe.get(kind), at, SpecKeys.TCP_PROBE);
                    case "http" -> mapping(probe.get(kind), at, SpecKeys.HTTP_PROBE);
                    default -> mapping(probe.get(kind), at, SpecKeys.EXEC_PROBE);
                };
                if (o == null) {
                    continue;
                }
                probeIndexes.add(i);
                container.probe(switch (kind) {
                    case "tcp" -> new dev.jconshgen.model.Probe.Tcp(port(o.get("port"), at + ".port"), string(o.get("expect"), at + ".expect"));
                    case "http" -> new dev.jconshgen.model.Probe.Http(port(o.get("port"), at + ".port"),
                            o.containsKey("path") ? string(o.get("path"), at + ".path") : dev.jconshgen.model.Probe.Http.DEFAULT_PATH,
                            status(o.get("status"), at + ".status"),
                            string(o.get("contains"), at + ".contains"));
                    default -> new dev.jconshgen.model.Probe.Exec(o.containsKey("command") ? argv(o.get("command"), at + ".command") : List.of(),
                            string(o.get("expect"), at + ".expect"));
                });
            }
        }

        /** The expected HTTP status; a value that is not a number is reported here and never matches. */
        private int status(Node node, String path) {
            if (node == null) {
                return dev.jconshgen.model.Probe.Http.DEFAULT_STATUS;
            }
            Integer status = port(node, path);
            return status == null ? dev.jconshgen.model.Probe.Http.DEFAULT_STATUS : status;
        }

        /** A whole number that fits an int; out-of-range values are left to the validator's message. */
        private Integer port(Node node, String path) {
            if (node == null) {
                return null;
            }
            Long value = integer(node, path);
            return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
        }

        // --- typed access to nodes; each records where the path was written and reports type errors

        private Map<String, Node> mapping(Node node, String path, List<String> allowed) {
            remember(path, node);
            if (!(node instanceof MappingNode mappingNode)) {
                errorAt(path, node, "expected a mapping (key: value), found " + describe(node));
                return null;
            }
            Map<String, Node> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mappingNode.getValue()) {
                Node keyNode = tuple.getKeyNode();
                String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
                String keyPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
                if (key == null || !allowed.contains(key)) {
                    errorAt(keyPath, keyNode, "unknown key" + (key == null ? "" : " '" + SpecValidator.printable(key) + "'")
                            + " (allowed here: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                } else if (fields.containsKey(key)) {
                    errorAt(keyPath, keyNode, "is given twice");
                } else {
                    fields.put(key, tuple.getValueNode());
                    remember(keyPath, tuple.getValueNode());
                }
            }
            return fields;
        }

        private List<Node> sequence(Node node, String path) {
            remember(path, node);
            if (node instanceof SequenceNode sequenceNode) {
                List<Node> items = sequenceNode.getValue();
                for (int i = 0; i < items.size(); i++) {
                    remember(path + "[" + i + "]", items.get(i));
                }
                return items;
            }
            errorAt(path, node, "expected a list, found " + describe(node));
            return null;
        }

        private String string(Node node, String path) {
            if (node == null) {
                return null;
            }
            remember(path, node);
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
                String value = scalar.getValue();
                if (hasLoneSurrogate(value)) {
                    errorAt(path, node, "'" + SpecValidator.printable(value) + "' holds half of a UTF-16 surrogate pair, which is no"
                            + " character (an escape like \\uD800 in double quotes): write the character itself, or \\U and its code point");
                }
                return value;
            }
            errorAt(path, node, "expected a string, found " + describe(node) + (node instanceof ScalarNode ? " (quote it to use it as text)" : ""));
            return null;
        }

        /**
         * The YAML library turns a double-quoted escape of U+D800 to U+DFFF into a lone surrogate: no
         * character, no UTF-8 for the scripts, and the YAML writer garbles it (the spec would not load
         * back as itself).
         */
        private static boolean hasLoneSurrogate(String value) {
            return value.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
        }

        private boolean bool(Node node, String path) {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
                return Boolean.parseBoolean(scalar.getValue());
            }
            errorAt(path, node, "expected true or false, found " + describe(node));
            return true;
        }

        private Long integer(Node node, String path) {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
                try {
                    return Long.parseLong(scalar.getValue());
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
            errorAt(path, node, "expected a whole number, found " + describe(node));
            return null;
        }

        private Long memory(Node node, String path) {
            if (node instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.STR))) {
                try {
                    return ByteSize.parse(scalar.getValue());
                } catch (IllegalArgumentException e) {
                    if (!e.getMessage().equals(ByteSize.EXPECTED)) {
                        errorAt(path, node, e.getMessage());
                        return null;
                    }
                }
            }
            errorAt(path, node, ByteSize.EXPECTED + ", found " + describe(node));
            return null;
        }

        /** A plain decimal number of CPUs; YAML's other floats (1e3, .inf, .nan) are not a share of a CPU. */
        private BigDecimal cpus(Node node, String path) {
            if (node instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))
                    && CPUS.matcher(scalar.getValue()).matches()) {
                return new BigDecimal(scalar.getValue());
            }
            errorAt(path, node, "expected a number of CPUs, like 0.5 (half of one CPU) or 2, found " + describe(node));
            return null;
        }

        private void constant(Node node, String path, String expected) {
            if (node != null) {
                String value = string(node, path);
                if (value != null && !value.equals(expected)) {
                    errorAt(path, node, "'" + SpecValidator.printable(value) + "' is not supported (use '" + expected + "')");
                }
            }
        }

        private static void ifPresent(Map<String, Node> fields, String key, Consumer<Node> action) {
            Node node = fields.get(key);
            if (node != null) {
                action.accept(node);
            }
        }

        private static String describe(Node node) {
            if (node instanceof MappingNode) {
                return "a mapping";
            }
            if (node instanceof SequenceNode) {
                return "a list";
            }
            if (node instanceof ScalarNode scalar) {
                Tag tag = scalar.getTag();
                if (tag.equals(Tag.NULL)) {
                    return "nothing (null)";
                }
                String kind = tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) ? "number" : tag.equals(Tag.BOOL) ? "boolean" : "value";
                return "the " + kind + " '" + SpecValidator.printable(scalar.getValue()) + "'";
            }
            return "nothing";
        }

        private void remember(String path, Node node) {
            if (node != null) {
                node.getStartMark().ifPresent(mark -> marks.putIfAbsent(prefixed(path), mark));
            }
        }

        private void errorAt(String path, Node node, String message) {
            Mark mark = node == null ? null : node.getStartMark().orElse(null);
            errors.add(new SpecError(file, line(mark), column(mark), prefixed(path), message));
        }

        /** Locates a semantic error at the closest field that was written, up to the document. */
        void errorAt(String path, String message) {
            Mark mark = null;
            String full = prefixed(path);
            for (String p = full; mark == null && !p.isEmpty(); p = parentPath(p)) {
                mark = marks.get(p);
            }
            mark = mark == null ? rootMark : mark;
            errors.add(new SpecError(file, line(mark), column(mark), full, message));
        }

        /** A member's path as the lab file has it; the document's own paths stay as they are. */
        private String prefixed(String path) {
            return prefix.isEmpty() ? path : path.isEmpty() ? prefix.substring(0, prefix.length() - 1) : prefix + path;
        }

        /** A validator path such as rootfs.layers[0].busybox.dir, with the layer's index in the YAML list. */
        String yamlPath(String path) {
            Matcher member = MEMBER_PATH.matcher(path);
            if (prefix.isEmpty() && member.find()) {
                // A member's path, from the lab validator: its index among the members bound, and
                // its layers' and probes' indexes, as written in the file. Returned unprefixed
                // relative to the lab: errorAt adds nothing at the lab level.
                int index = Integer.parseInt(member.group(1));
                if (index < members.size()) {
                    return "containers[" + memberIndexes.get(index) + "]." + members.get(index).yamlPath(path.substring(member.end()));
                }
                return path;
            }
            Matcher p = PROBE_PATH.matcher(path);
            if (p.find()) {
                int index = Integer.parseInt(p.group(1));
                return index < probeIndexes.size() ? "probes[" + probeIndexes.get(index) + "]" + path.substring(p.end()) : path;
            }
            Matcher m = LAYER_PATH.matcher(path);
            if (!m.find()) {
                return path;
            }
            int index = Integer.parseInt(m.group(1));
            return index < layerIndexes.size() ? "rootfs.layers[" + layerIndexes.get(index) + "]" + path.substring(m.end()) : path;
        }

        private static String parentPath(String path) {
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            return cut < 0 ? "" : path.substring(0, cut);
        }

        private static int line(Mark mark) {
            return mark == null ? 1 : mark.getLine() + 1;
        }

        private static int column(Mark mark) {
            return mark == null ? 1 : mark.getColumn() + 1;
        }
    }
}
