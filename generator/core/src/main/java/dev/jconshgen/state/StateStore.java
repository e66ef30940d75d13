package dev.jconshgen.state;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One directory per container under a root ({@code /run/jconshgen} by default: a tmpfs, so state
 * does not outlive a reboot, just like the container). Each holds {@code state.json} (a
 * {@link ContainerState}), the generated {@code scripts/}, and the container's pid and log files.
 * Claiming, saving, loading, listing and removing are {@link StateDirectories}', shared with labs.
 */
public final class StateStore {
    public static final String ENV_ROOT = "JCONSHGEN_STATE_DIR";
    private final StateDirectories<ContainerState> dirs;

    public StateStore(Path root) {
        this.dirs = new StateDirectories<>(root, "state.json", ContainerState.class, "container");
    }

    /** The root from $JCONSHGEN_STATE_DIR, else {@link #defaultRoot} for this process's user. */
    public static StateStore fromEnvironment() {
        return new StateStore(defaultRoot(name -> Optional.ofNullable(System.getenv(name)), dev.jconshgen.host.ProcFs.host().selfUid()));
    }

    /**
     * $JCONSHGEN_STATE_DIR; else /run/jconshgen for root; else a directory of the user's own:
     * $XDG_RUNTIME_DIR/jconshgen (a tmpfs only the user may write, like /run for root), or
     * /tmp/jconshgen-UID without one (preflight refuses it when somebody else owns it).
     */
    public static Path defaultRoot(java.util.function.Function<String, Optional<String>> env, long uid) {
        Optional<String> configured = env.apply(ENV_ROOT).filter(v -> !v.isEmpty());
        if (configured.isPresent()) {
            return Path.of(configured.get());
        }
        if (uid == 0) {
            return Path.of("/run/jconshgen");
        }
        return env.apply("XDG_RUNTIME_DIR").filter(v -> !v.isEmpty()).map(dir -> Path.of(dir, "jconshgen"))
                .orElse(Path.of("/tmp/jconshgen-" + uid));
    }

    public Path root() {
        return dirs.root();
    }

    public Path dir(String name) {
        return dirs.dir(name);
    }

    /** The file that holds the container's {@link ContainerState}. */
    public Path stateFile(String name) {
        return dirs.stateFile(name);
    }

    public Path scriptsDir(String name) {
        return dir(name).resolve("scripts");
    }

    public Path pidFile(String name) {
        return dir(name).resolve("container.pid");
    }

    public Path logFile(String name) {
        return dir(name).resolve("container.log");
    }

    /** The busybox layer apply took from the layer cache (one absolute path), for verify. */
    public Path cachedLayerFile(String name) {
        return dir(name).resolve("busybox-layer");
    }

    /** The layer cache directory apply took the image layers from (one absolute path), for verify. */
    public Path imageCacheFile(String name) {
        return dir(name).resolve("image-layers");
    }

    /**
     * Written when apply has ended every script it ran and the container is up: destroy then
     * needs no search of all processes for scripts an interrupted apply left running.
     */
    public Path appliedMarker(String name) {
        return dir(name).resolve("applied");
    }

    /** Whether apply of this container ran to its end (see {@link #appliedMarker}). */
    public boolean applyEnded(String name) {
        return Files.isRegularFile(appliedMarker(name));
    }

    /** Marks the apply of this container as ended; a failure only costs destroy that search. */
    public void markApplyEnded(String name) {
        try {
            Files.writeString(appliedMarker(name), "");
        } catch (IOException e) {
            // destroy then searches, as after an interrupted apply
        }
    }

    /** The blobs of the spec's image layers as apply read them ({@link AppliedImages}). */
    public Path imagesFile(String name) {
        return dir(name).resolve("images.json");
    }

    /** A copy of the spec as it was applied, so that destroy works even if the file changed. */
    public Path specCopy(String name) {
        return dir(name).resolve("spec.yaml");
    }

    /**
     * Takes the name for a new container: creating its directory is atomic, so of two applies of
     * the same name at the same moment exactly one gets it.
     *
     * @return false when the name is taken already
     */
    public boolean claim(String name) {
        return dirs.claim(name);
    }

    public void save(ContainerState state) {
        dirs.save(state.name(), state);
    }

    public Optional<ContainerState> load(String name) {
        return dirs.load(name);
    }

    /** Names of all containers with state, sorted. */
    public List<String> names() {
        return dirs.names();
    }

    /** Removes the container's state directory (only files jconshgen wrote live there). */
    public void remove(String name) {
        dirs.remove(name);
    }
}
