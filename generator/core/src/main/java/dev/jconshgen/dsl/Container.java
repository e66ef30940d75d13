package dev.jconshgen.dsl;

import dev.jconshgen.model.CgroupSpec;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.model.NetworkSpec;
import dev.jconshgen.model.Probe;
import dev.jconshgen.model.RootFs;
import dev.jconshgen.spec.InvalidSpecException;
import dev.jconshgen.spec.SpecError;
import dev.jconshgen.spec.SpecValidator;
import dev.jconshgen.spec.Violation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The Java DSL for a container spec. The YAML loader fills the same builder, so defaults and
 * validation are the same whichever way a spec is written:
 *
 * <pre>{@code
 * ContainerSpec lab = Container.named("consh")
 *         .hostname("consh-host")
 *         .workdir("demo")
 *         .busyboxLayer("lower")
 *         .overlay("ovly")
 *         .cgroup(c -> c.name("consh_cgrp"))
 *         .network(n -> n.netns("consh").hostAddress("10.0.0.1/24").containerAddress("10.0.0.2/24"))
 *         .build();
 * }</pre>
 */
public final class Container {
    /** Shown as the file of errors in specs built in code. */
    public static final String SOURCE_LABEL = "<java>";

    private final String name;
    private String hostname;
    private boolean hostnameSet;
    private String workdir;
    private final List<Layer> layers = new ArrayList<>();
    private boolean layersSet;
    private String overlay = RootFs.DEFAULT_OVERLAY;
    private Set<Namespace> namespaces = EnumSet.allOf(Namespace.class);
    private boolean namespacesSet;
    private String inside;
    private boolean mapRootUser = true;
    private Cgroup cgroup;
    private Network network;
    private final List<String> command = new ArrayList<>();
    private final List<Probe> probes = new ArrayList<>();

    private Container(String name) {
        this.name = name;
    }

    public static Container named(String name) {
        return new Container(name);
    }

    /** Host name inside the container; {@code null} leaves the host name alone. Default: the name. */
    public Container hostname(String hostname) {
        this.hostname = hostname;
        this.hostnameSet = true;
        return this;
    }

    /** Work directory, relative to the spec file. Default: the name. */
    public Container workdir(String workdir) {
        this.workdir = workdir;
        return this;
    }

    /** Adds the busybox layer that create_lowerfs.sh builds, above the layers added so far. */
    public Container busyboxLayer(String dir) {
        layersSet = true;
        layers.add(new Layer.Busybox(dir));
        return this;
    }

    public Container busyboxLayer() {
        return busyboxLayer(Layer.Busybox.DEFAULT_DIR);
    }

    /** Removes every layer, including the default one (a spec with no layer is invalid). */
    public Container noLayers() {
        layersSet = true;
        layers.clear();
        return this;
    }

    /**
     * Adds an OCI image's layers, above the layers added so far: from an image layout directory
     * or an image archive (exactly one), relative to the spec file's directory; REF names the
     * image in the layout's index (null: the index holds one image).
     */
    public Container imageLayer(String layout, String archive, String ref) {
        return imageLayer(new Layer.Image(layout, archive, ref));
    }

    /** Adds an image layer as the loader read it, with its blobs. */
    public Container imageLayer(Layer.Image image) {
        layersSet = true;
        layers.add(image);
        return this;
    }

    /** Adds the image named REF of the OCI image layout LAYOUT (see {@link #imageLayer(String, String, String)}). */
    public Container imageLayout(String layout, String ref) {
        return imageLayer(layout, null, ref);
    }

    /** Adds the image of the archive ARCHIVE (see {@link #imageLayer(String, String, String)}). */
    public Container imageArchive(String archive) {
        return imageLayer(null, archive, null);
    }

    /** Adds a prepared directory as a layer, above the layers added so far. */
    public Container directoryLayer(String dir) {
        layersSet = true;
        layers.add(new Layer.Directory(dir));
        return this;
    }

    public Container overlay(String overlay) {
        this.overlay = overlay;
        return this;
    }

    public Container namespaces(Namespace... namespaces) {
        return namespaces(Arrays.asList(namespaces));
    }

    public Container namespaces(List<Namespace> namespaces) {
        this.namespaces = namespaces.isEmpty() ? EnumSet.noneOf(Namespace.class) : EnumSet.copyOf(namespaces);
        this.namespacesSet = true;
        return this;
    }

    /**
     * A lab member only: this container runs inside the lab's member OUTER, made from within its
     * namespaces (see {@link Lab}). Its default namespaces are then all but cgroup.
     */
    public Container inside(String outer) {
        this.inside = outer;
        return this;
    }

    /** The member this one is inside, or null (the lab reads it). */
    String insideOrNull() {
        return inside;
    }

    /** Whether the work directory was set (an inner member's is fixed: the lab refuses one). */
    boolean workdirSet() {
        return workdir != null;
    }

    public Container mapRootUser(boolean mapRootUser) {
        this.mapRootUser = mapRootUser;
        return this;
    }

    /** Starts the container in a cgroup; the default cgroup is {@code <name>_cgrp} under {@code auto}. */
    public Container cgroup(UnaryOperator<Cgroup> configure) {
        this.cgroup = configure.apply(cgroup == null ? new Cgroup(name + "_cgrp") : cgroup);
        return this;
    }

    /** Gives the container a veth pair; defaults: netns = the name, 10.0.0.1/24 and 10.0.0.2/24. */
    public Container network(UnaryOperator<Network> configure) {
        this.network = configure.apply(network == null ? new Network(name) : network);
        return this;
    }

    /** The workload PID 1 of a detached container starts, as argv (no shell parses it). Default: none. */
    public Container command(String... argv) {
        return command(Arrays.asList(argv));
    }

    public Container command(List<String> argv) {
        command.clear();
        command.addAll(argv);
        return this;
    }

    /** Adds a probe that apply and verify run from the host, after the probes added so far. */
    public Container probe(Probe probe) {
        probes.add(probe);
        return this;
    }

    /** Builds the spec without validating it; the YAML loader validates and locates errors itself. */
    public ContainerSpec buildUnvalidated() {
        String effectiveHostname = hostnameSet ? hostname : (namespaces.contains(Namespace.UTS) ? name : null);
        List<Layer> effectiveLayers = layersSet ? layers : List.of(new Layer.Busybox(Layer.Busybox.DEFAULT_DIR));
        return new ContainerSpec(
                name,
                effectiveHostname,
                workdir != null ? workdir : name,
                new RootFs(effectiveLayers, overlay),
                namespaces,
                mapRootUser,
                Optional.ofNullable(cgroup).map(Cgroup::toSpec),
                Optional.ofNullable(network).map(Network::toSpec),
                command,
                probes);
    }

    /** The network as configured so far, null when none was (the lab reads it). */
    Network networkOrNull() {
        return network;
    }

    /**
     * This container as a member of a lab: its network is the lab's bridge, bridge address and
     * default route, with its own netns (default: the name) and containerAddress (default:
     * {@code fallbackAddress}, which the lab computes from the member's position).
     */
    ContainerSpec memberOf(String bridge, String bridgeAddress, boolean defaultRoute, String fallbackAddress) {
        ContainerSpec spec = buildUnvalidated();
        String netns = network != null ? network.netns : name;
        String address = network != null && network.containerAddressSet ? network.containerAddress : fallbackAddress;
        return new ContainerSpec(spec.name(), spec.hostname(), spec.workdir(), spec.rootfs(), spec.namespaces(), spec.mapRootUser(),
                spec.cgroup(), Optional.of(new NetworkSpec(netns, bridgeAddress, address, bridge, defaultRoute)), spec.command(),
                spec.probes());
    }

    /**
     * This container as a member inside another: no network of its own (the outer container has
     * only busybox, whose ip cannot make a veth pair) and, unless set, every namespace but cgroup
     * (busybox's unshare cannot make one).
     */
    ContainerSpec innerMember() {
        ContainerSpec spec = buildUnvalidated();
        Set<Namespace> own = namespacesSet ? spec.namespaces() : EnumSet.complementOf(EnumSet.of(Namespace.CGROUP));
        return new ContainerSpec(spec.name(), spec.hostname(), spec.workdir(), spec.rootfs(), own, spec.mapRootUser(),
                spec.cgroup(), spec.network(), spec.command(), spec.probes());
    }

    /** Builds and validates the spec; throws with every problem found. */
    public ContainerSpec build() {
        if (inside != null) {
            throw new InvalidSpecException(List.of(new SpecError(SOURCE_LABEL, 0, 0, "inside",
                    "only a member of a lab can be inside another member: add this container to a Lab with its outer container")));
        }
        ContainerSpec spec = buildUnvalidated();
        List<Violation> violations = new SpecValidator().validate(spec);
        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations.stream()
                    .map(v -> new SpecError(SOURCE_LABEL, 0, 0, v.path(), v.message()))
                    .toList());
        }
        return spec;
    }

    /** The cgroup part of the DSL. */
    public static final class Cgroup {
        private String name;
        private String parent = CgroupSpec.AUTO_PARENT;
        private Long pidsMax;
        private Long memoryMax;
        private BigDecimal cpu;

        private Cgroup(String name) {
            this.name = name;
        }

        public Cgroup name(String name) {
            this.name = name;
            return this;
        }

        public Cgroup parent(String parent) {
            this.parent = parent;
            return this;
        }

        public Cgroup pidsMax(long pidsMax) {
            this.pidsMax = pidsMax;
            return this;
        }

        public Cgroup memoryMax(long bytes) {
            this.memoryMax = bytes;
            return this;
        }

        /**
         * The memory limit as specs write it: "64M", "512K", "1G" or a number of bytes.
         *
         * @throws IllegalArgumentException not a size (the message says what is expected)
         */
        public Cgroup memoryMax(String size) {
            try {
                this.memoryMax = dev.jconshgen.model.ByteSize.parse(size);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cgroup memoryMax '" + size + "': " + e.getMessage(), e);
            }
            return this;
        }

        /** A share of one CPU: 0.5 is half a CPU, 2 is two CPUs. */
        public Cgroup cpu(BigDecimal cpus) {
            this.cpu = cpus;
            return this;
        }

        /** The same from its text, as specs write it: "0.5", "2". */
        public Cgroup cpu(String cpus) {
            try {
                return cpu(new BigDecimal(cpus));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cgroup cpu '" + cpus + "': expected a number of CPUs, like 0.5 or 2", e);
            }
        }

        private CgroupSpec toSpec() {
            return new CgroupSpec(name, parent, pidsMax, memoryMax, cpu);
        }
    }

    /** The network part of the DSL. */
    public static final class Network {
        private String netns;
        private String hostAddress = "10.0.0.1/24";
        private String containerAddress = "10.0.0.2/24";
        private String bridge;
        private boolean defaultRoute;
        // Set explicitly (not the default): a lab member may not set the lab's own fields, and
        // gets an address from the lab when it names none.
        private boolean hostAddressSet;
        private boolean containerAddressSet;
        private boolean defaultRouteSet;

        private Network(String netns) {
            this.netns = netns;
        }

        public Network netns(String netns) {
            this.netns = netns;
            return this;
        }

        public Network hostAddress(String cidr) {
            this.hostAddress = cidr;
            this.hostAddressSet = true;
            return this;
        }

        public Network containerAddress(String cidr) {
            this.containerAddress = cidr;
            this.containerAddressSet = true;
            return this;
        }

        /** Joins the host end to this bridge; hostAddress is then the bridge's address. */
        public Network bridge(String bridge) {
            this.bridge = bridge;
            return this;
        }

        /** A default route in the container via the host address. */
        public Network defaultRoute(boolean defaultRoute) {
            this.defaultRoute = defaultRoute;
            this.defaultRouteSet = true;
            return this;
        }

        String bridgeOrNull() {
            return bridge;
        }

        boolean hostAddressSet() {
            return hostAddressSet;
        }

        boolean defaultRouteSet() {
            return defaultRouteSet;
        }

        private NetworkSpec toSpec() {
            return new NetworkSpec(netns, hostAddress, containerAddress, bridge, defaultRoute);
        }
    }
}
