package dev.jconshgen.apply;

import dev.jconshgen.host.ProcFs;
import dev.jconshgen.layers.CachedLayers;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.state.StateStore;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.ContainerByPid;
import dev.jconshgen.verify.ContainerVerifier;
import dev.jconshgen.verify.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** verify: check a container jconshgen applied against its spec (or against another spec). */
public final class VerifyService {
    private final ProcessRunner runner;
    private final ProcFs proc;

    public VerifyService(ProcessRunner runner, ProcFs proc) {
        this.runner = runner;
        this.proc = proc;
    }

    public List<CheckResult> verify(RunningContainer container) {
        return verify(container, CachedLayers.NONE);
    }

    /** @param cachedLayers the cached layers apply used (see {@link #cachedLayers}) */
    public List<CheckResult> verify(RunningContainer container, CachedLayers cachedLayers) {
        var state = container.state();
        return new ContainerVerifier().verify(new Target(container.spec(), state.workdir(), state.pid(), state.pidStartTime(),
                state.uid(), proc, runner, cachedLayers));
    }

    /**
     * verify --pid: a container made by anybody, found by its first process, checked against a
     * spec with no state (see {@link ContainerByPid}).
     *
     * @param workdir where the spec's relative layer and overlay directories are
     */
    public List<CheckResult> verifyByPid(ContainerSpec spec, Path workdir, long pid) {
        Target target = new ContainerByPid(proc).attach(spec, workdir, pid, proc.selfUid(), runner);
        return new ContainerVerifier().verify(target);
    }

    /** The layers apply took from the layer cache for this container, as it recorded them. */
    public static CachedLayers cachedLayers(StateStore store, String name) {
        return new CachedLayers(recordedPath(store.cachedLayerFile(name)), recordedPath(store.imageCacheFile(name)));
    }

    private static Optional<Path> recordedPath(Path file) {
        try {
            String recorded = Files.readString(file).strip();
            return recorded.isEmpty() ? Optional.empty() : Optional.of(Path.of(recorded));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
