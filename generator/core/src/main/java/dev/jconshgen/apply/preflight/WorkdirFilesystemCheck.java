package dev.jconshgen.apply.preflight;

import dev.jconshgen.host.MountInfo;
import dev.jconshgen.model.Layer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overlay's upper and work directories cannot live on OverlayFS (the kernel refuses the
 * mount), and consh_setup.sh refuses lower layers there too. What counts is the file system of
 * each directory, or of its nearest existing ancestor when apply has still to create it: the
 * work directory usually does not exist yet.
 */
public final class WorkdirFilesystemCheck implements PreflightCheck {
    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        MountInfo mounts = host.mounts();
        Map<String, List<String>> byOverlayMount = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("the overlay directory", subject.resources().overlayDir());
        for (Layer layer : subject.resources().spec().rootfs().layers()) {
            dirs.put("the layer " + layer.dir(), subject.resources().workdir().resolve(layer.dir()).normalize());
        }
        dirs.forEach((what, dir) -> {
            Path existing = host.nearestExisting(dir);
            mounts.containing(existing.toString()).filter(m -> m.fsType().equals("overlay"))
                    .ifPresent(m -> byOverlayMount.computeIfAbsent(m.mountPoint(), k -> new ArrayList<>()).add(what + " " + dir));
        });
        Path workdir = subject.resources().workdir();
        String specName = subject.specFile().getFileName().toString();
        List<Blocker> blockers = new ArrayList<>();
        byOverlayMount.forEach((mountPoint, what) -> blockers.add(new Blocker(
                String.join(" and ", what) + " would be on OverlayFS (the overlay mounted at " + mountPoint
                        + "), where the container's own overlay cannot keep its upper and work directories",
                "put the work directory " + workdir + " on another file system, e.g. a tmpfs: sudo mkdir -p /mnt/jconshgen"
                        + " && sudo mount -t tmpfs jconshgen /mnt/jconshgen && cp " + Remedy.quote(subject.specFile())
                        + " /mnt/jconshgen/ && sudo jconshgen apply /mnt/jconshgen/" + Remedy.quote(specName)
                        + " (copy directory layers along)")));
        return blockers;
    }
}
