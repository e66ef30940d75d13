package dev.jconshgen.lab;

import dev.jconshgen.core.AtomicWrite;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.state.StateStore;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Labs' state, in {@code .labs/LAB/} under the containers' state directory: a name starting with
 * a dot is never a container's, so labs and containers cannot collide there. Each member also
 * gets a {@code lab} file in its own container state naming its lab.
 */
public final class LabStore {
    private static final String FILE = "lab.properties";
    private static final String MEMBER_FILE = "lab";

    private final StateStore containers;
    private final Path root;

    public LabStore(StateStore containers) {
        this.containers = containers;
        this.root = containers.root().resolve(".labs");
    }

    public StateStore containers() {
        return containers;
    }

    public Path dir(String lab) {
        return root.resolve(lab);
    }

    public Path scriptsDir(String lab) {
        return dir(lab).resolve("scripts");
    }

    public Path specCopy(String lab) {
        return dir(lab).resolve("spec.yaml");
    }

    /** Takes the lab's name: creating its directory is atomic. @return false when taken */
    public boolean claim(String lab) {
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir(lab));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot create the state directory " + dir(lab) + ": " + e.getMessage()
                    + " (run as root, or set " + StateStore.ENV_ROOT + " to a directory you can write)", e);
        }
    }

    public void save(LabState state) {
        Properties p = new Properties();
        p.setProperty("name", state.name());
        p.setProperty("specFile", state.specFile().toString());
        p.setProperty("bridgeName", state.bridgeName());
        p.setProperty("bridge", state.bridge().name());
        p.setProperty("members", String.join(" ", state.members()));
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            p.store(text, null);
            AtomicWrite.write(dir(state.name()).resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write the state of lab " + state.name() + ": " + e.getMessage(), e);
        }
    }

    public Optional<LabState> load(String lab) {
        Path file = dir(lab).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            String members = p.getProperty("members", "").strip();
            return Optional.of(new LabState(p.getProperty("name"), Path.of(p.getProperty("specFile")), p.getProperty("bridgeName"),
                    LabState.Bridge.valueOf(p.getProperty("bridge", "NONE")),
                    members.isEmpty() ? List.of() : Arrays.asList(members.split(" "))));
        } catch (IOException | RuntimeException e) {
            throw new JconshgenException(ExitCode.FAILURE, "the state file " + file + " is unreadable (" + e.getMessage() + "); remove it by hand", e);
        }
    }

    /** A directory claimed by an apply that was killed before it wrote the state: only the name is known. */
    public boolean claimedWithoutState(String lab) {
        return Files.isDirectory(dir(lab)) && !Files.isRegularFile(dir(lab).resolve(FILE));
    }

    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(FILE))).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Marks a member's container state as belonging to the lab (destroy MEMBER then refuses). */
    public void markMember(String member, String lab) {
        try {
            Files.writeString(containers.dir(member).resolve(MEMBER_FILE), lab + "\n");
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot record that " + member + " is a member of lab " + lab + ": " + e.getMessage(), e);
        }
    }

    /** The lab a container belongs to, if it is a member of one. */
    public Optional<String> labOf(String container) {
        try {
            String lab = Files.readString(containers.dir(container).resolve(MEMBER_FILE)).strip();
            return lab.isEmpty() ? Optional.empty() : Optional.of(lab);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void remove(String lab) {
        Path dir = dir(lab);
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
