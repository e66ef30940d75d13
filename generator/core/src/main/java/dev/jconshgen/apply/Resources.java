package dev.jconshgen.apply;

import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.CgroupPlacement;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.NetworkSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The host resources one container uses, as absolute paths and names: what apply creates,
 * what destroy removes and then proves gone.
 *
 * @param recordedCgroupDirs the cgroups the kernel showed the init in when apply ran; when known
 *                           they are the container's, whoever asks now
 */
public record Resources(
        ContainerSpec spec,
        Path workdir,
        Path overlayDir,
        Optional<Path> busyboxLayerDir,
        Optional<NetworkSpec> network,
        Optional<CgroupPlacement> cgroup,
        List<Path> recordedCgroupDirs) {

    public static Resources of(ContainerSpec spec, Path workdir, ProcFs proc) {
        return of(spec, workdir, proc, proc::selfUid);
    }

    /** @param uid whose container it is: a non-root user's cgroup goes into its delegated subtree */
    public static Resources of(ContainerSpec spec, Path workdir, ProcFs proc, long uid) {
        return of(spec, workdir, proc, () -> uid);
    }

    /** The UID is asked for only when there is a cgroup to place. */
    private static Resources of(ContainerSpec spec, Path workdir, ProcFs proc, LongSupplier uid) {
        Path overlay = workdir.resolve(spec.rootfs().overlay()).normalize();
        Optional<Path> busybox = spec.rootfs().layers().stream().filter(l -> l instanceof Layer.Busybox)
                .map(l -> workdir.resolve(l.dir()).normalize()).findFirst();
        Optional<CgroupPlacement> cgroup = spec.cgroup().flatMap(c -> CgroupLayout
                .detect(MountInfo.parse(proc.readSelf("mountinfo").orElse("")))
                .map(layout -> CgroupPlacement.of(layout, c, uid.getAsLong())));
        return new Resources(spec, workdir, overlay, busybox, spec.network(), cgroup, List.of());
    }

    public Resources withRecordedCgroups(List<Path> dirs) {
        return new Resources(spec, workdir, overlayDir, busyboxLayerDir, network, cgroup, List.copyOf(dirs));
    }

    /**
     * The same container with only the network and the cgroup given as its own (see Ownership):
     * the others carry its names but belong to somebody else.
     */
    public Resources only(boolean ownNetwork, boolean ownCgroup) {
        return new Resources(spec, workdir, overlayDir, busyboxLayerDir, ownNetwork ? network : Optional.empty(),
                ownCgroup ? cgroup : Optional.empty(), ownCgroup ? recordedCgroupDirs : List.of());
    }

    public String name() {
        return spec.name();
    }

    /** The container's cgroup directories: as recorded by apply, else where setup puts them. */
    public List<Path> cgroupDirs() {
        if (!recordedCgroupDirs.isEmpty()) {
            return recordedCgroupDirs;
        }
        return cgroup.map(p -> p.allDirs(spec.cgroup().get())).orElse(List.of());
    }

    public Path netnsFile() {
        return Path.of("/var/run/netns").resolve(network.map(NetworkSpec::netns).orElse(""));
    }
}
