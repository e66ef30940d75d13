package dev.jconshgen.apply.preflight;

import dev.jconshgen.model.Layer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A directory layer is the user's own: apply never makes it, so it must be there already. */
public final class DirectoryLayerCheck implements PreflightCheck {
    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        List<Blocker> blockers = new ArrayList<>();
        for (Layer layer : subject.resources().spec().rootfs().layers()) {
            Path dir = subject.resources().workdir().resolve(layer.dir()).normalize();
            if (layer instanceof Layer.Directory && !host.isDirectory(dir)) {
                blockers.add(new Blocker("the directory layer " + dir + " does not exist",
                        "prepare it first: mkdir -p " + Remedy.quote(dir) + " and put the files of that layer in it"));
            }
        }
        return blockers;
    }
}
