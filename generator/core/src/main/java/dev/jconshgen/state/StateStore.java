package dev.jconshgen.state;

import dev.jconshgen.core.AtomicWrite;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One directory per container under a root ({@code /run/jconshgen} by default: a tmpfs, so state
 * does not outlive a reboot, just like the container). Each holds {@code state.properties},
 * the generated {@code scripts/}, and the container's pid and log files.
 */
public final class StateStore {
    public static final String ENV_ROOT = "JCONSHGEN_STATE_DIR";
    private static final String FILE = "state.properties";
    private final Path root;

    public StateStore(Path root) {
        this.root = root;
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
        return root;
    }

    public Path dir(String name) {
        return root.resolve(name);
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
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir(name));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot create the state directory " + dir(name) + ": " + e.getMessage()
                    + " (run as root, or set " + ENV_ROOT + " to a directory you can write)", e);
        }
    }

    public void save(ContainerState state) {
        Properties p = new Properties();
        p.setProperty("name", state.name());
        p.setProperty("specFile", state.specFile().toString());
        p.setProperty("workdir", state.workdir().toString());
        p.setProperty("createdWorkdir", Boolean.toString(state.createdWorkdir()));
        p.setProperty("createdLayer", Boolean.toString(state.createdLayer()));
        p.setProperty("createdOverlay", Boolean.toString(state.createdOverlay()));
        p.setProperty("uid", Long.toString(state.uid()));
        p.setProperty("pid", Long.toString(state.pid()));
        p.setProperty("pidStartTime", Long.toString(state.pidStartTime()));
        p.setProperty("cgroupDirs", String.join("\n", state.cgroupDirs().stream().map(Path::toString).toList()));
        p.setProperty("netnsInode", Long.toString(state.netnsInode()));
        try {
            Files.createDirectories(dir(state.name()));
            java.io.StringWriter text = new java.io.StringWriter();
            p.store(text, null);
            AtomicWrite.write(dir(state.name()).resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write the state of " + state.name() + " under " + root + ": " + e.getMessage()
                    + " (run as root, or set " + ENV_ROOT + " to a directory you can write)", e);
        }
    }

    public Optional<ContainerState> load(String name) {
        Path file = dir(name).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            String cgroups = p.getProperty("cgroupDirs", "");
            return Optional.of(new ContainerState(
                    p.getProperty("name"),
                    Path.of(p.getProperty("specFile")),
                    Path.of(p.getProperty("workdir")),
                    Boolean.parseBoolean(p.getProperty("createdWorkdir")),
                    Boolean.parseBoolean(p.getProperty("createdLayer")),
                    Boolean.parseBoolean(p.getProperty("createdOverlay")),
                    Long.parseLong(p.getProperty("uid", "0")),
                    Long.parseLong(p.getProperty("pid", "0")),
                    Long.parseLong(p.getProperty("pidStartTime", "0")),
                    cgroups.isEmpty() ? List.of() : Arrays.stream(cgroups.split("\n")).map(Path::of).toList(),
                    Long.parseLong(p.getProperty("netnsInode", "0"))));
        } catch (IOException | RuntimeException e) {
            throw new JconshgenException(ExitCode.FAILURE, "the state file " + file + " is unreadable (" + e.getMessage() + "); remove it by hand", e);
        }
    }

    /** Names of all containers with state, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            List<String> names = new ArrayList<>();
            dirs.filter(d -> Files.isRegularFile(d.resolve(FILE))).map(d -> d.getFileName().toString()).sorted().forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Removes the container's state directory (only files jconshgen wrote live there). */
    public void remove(String name) {
        Path dir = dir(name);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot remove the state directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
