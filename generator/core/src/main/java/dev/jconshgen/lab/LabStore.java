package dev.jconshgen.lab;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.state.StateDirectories;
import dev.jconshgen.state.StateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Labs' state, in {@code .labs/LAB/} under the containers' state directory: a name starting with
 * a dot is never a container's, so labs and containers cannot collide there. Each member also
 * gets a {@code lab} file in its own container state naming its lab. The lab's {@link LabState} is
 * {@code lab.json}, kept by the {@link StateDirectories} skeleton that containers use too.
 */
public final class LabStore {
    private static final String MEMBER_FILE = "lab";

    private final StateStore containers;
    private final StateDirectories<LabState> dirs;

    public LabStore(StateStore containers) {
        this.containers = containers;
        this.dirs = new StateDirectories<>(containers.root().resolve(".labs"), "lab.json", LabState.class, "lab");
    }

    public StateStore containers() {
        return containers;
    }

    public Path dir(String lab) {
        return dirs.dir(lab);
    }

    public Path scriptsDir(String lab) {
        return dir(lab).resolve("scripts");
    }

    public Path specCopy(String lab) {
        return dir(lab).resolve("spec.yaml");
    }

    /** The blobs of every member's image layers, as apply read them ({@link dev.jconshgen.state.AppliedImages}). */
    public Path imagesFile(String lab) {
        return dir(lab).resolve("images.json");
    }

    /** Takes the lab's name: creating its directory is atomic. @return false when taken */
    public boolean claim(String lab) {
        return dirs.claim(lab);
    }

    public void save(LabState state) {
        dirs.save(state.name(), state);
    }

    public Optional<LabState> load(String lab) {
        return dirs.load(lab);
    }

    /** A directory claimed by an apply that was killed before it wrote the state: only the name is known. */
    public boolean claimedWithoutState(String lab) {
        return dirs.claimedWithoutState(lab);
    }

    public List<String> names() {
        return dirs.names();
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
        dirs.remove(lab);
    }
}
