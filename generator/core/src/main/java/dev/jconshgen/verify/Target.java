package dev.jconshgen.verify;

import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.Nsenter;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.layers.CachedLayers;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The container under verification and the means to look at it from the host.
 *
 * @param ownerUid     the user who applied the container: its root is mapped to that user
 * @param cachedLayers where apply took the busybox and image layers from (the layer cache);
 *                     {@link CachedLayers#NONE}: the spec's directories in the work directory,
 *                     as the scripts run by hand use them
 * @param found        how the container was found: what the checks may take for granted
 */
public record Target(ContainerSpec spec, Path workdir, long pid, long pidStartTime, long ownerUid, ProcFs proc, ProcessRunner runner,
                     CachedLayers cachedLayers, Found found) {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * BY_STATE: apply made it, with the generated scripts, so it follows their conventions (an
     * overlay root, a /MANIFEST); a difference is a failure. BY_PID: anybody made it (the scripts
     * by hand, the handout's, an OCI runtime); a convention it does not follow is a SKIP that says
     * what was expected and what was seen, never a silent pass.
     */
    public enum Found { BY_STATE, BY_PID }

    public Target(ContainerSpec spec, Path workdir, long pid, long pidStartTime, long ownerUid, ProcFs proc, ProcessRunner runner,
                  CachedLayers cachedLayers) {
        this(spec, workdir, pid, pidStartTime, ownerUid, proc, runner, cachedLayers, Found.BY_STATE);
    }

    public Target(ContainerSpec spec, Path workdir, long pid, long pidStartTime, long ownerUid, ProcFs proc, ProcessRunner runner) {
        this(spec, workdir, pid, pidStartTime, ownerUid, proc, runner, CachedLayers.NONE);
    }

    /** Made by anybody: the scripts' conventions are not taken for granted. */
    boolean byPid() {
        return found == Found.BY_PID;
    }

    /** The absolute lower directories, lowest first, as the container's overlay must use them. */
    List<String> lowerDirs() {
        return cachedLayers.lowerDirs(spec.rootfs(), workdir);
    }

    /** Runs a command inside all the container's namespaces (nsenter), from its own root. */
    ExecResult inside(String... command) {
        List<String> argv = new ArrayList<>(Nsenter.into(proc, pid));
        argv.addAll(List.of(command));
        return runner.run(Command.of(TIMEOUT, argv));
    }

    /** Several named looks inside with one nsenter (see {@link InsideLook}): name to its answer. */
    java.util.Map<String, InsideLook.Answer> look(java.util.Map<String, String> snippets) {
        ExecResult result = inside("sh", "-c", InsideLook.script(snippets));
        return InsideLook.answers(List.copyOf(snippets.keySet()), result);
    }

    ExecResult host(String... command) {
        return runner.run(Command.of(TIMEOUT, command));
    }

    MountInfo containerMounts() {
        return MountInfo.parse(proc.read(pid, "mountinfo").orElse(""));
    }

    MountInfo hostMounts() {
        return MountInfo.parse(proc.readSelf("mountinfo").orElse(""));
    }

    /** Absolute path of a directory given relative to the work directory. */
    String abs(String relative) {
        return workdir.resolve(relative).normalize().toString();
    }
}
