package dev.jconshgen.state;

import dev.jconshgen.core.AtomicWrite;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.FileTrees;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.core.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The skeleton that a container's state and a lab's share: one directory per name under a root,
 * holding one state record as JSON (its shape is the record's, bound by Jackson) beside whatever
 * else the owner keeps there (scripts, the spec's copy, pid and log files).
 *
 * <p>Claiming a name creates its directory, which is atomic: of two applies of one name at the
 * same moment exactly one gets it. The record is written whole or not at all ({@link AtomicWrite}),
 * so a kill during a save leaves the previous state, never half of one.
 */
public final class StateDirectories<S extends Record> {
    private final Path root;
    private final String stateFile;
    private final Class<S> type;
    /** "container" or "lab", for messages. */
    private final String kind;

    public StateDirectories(Path root, String stateFile, Class<S> type, String kind) {
        this.root = root;
        this.stateFile = stateFile;
        this.type = type;
        this.kind = kind;
    }

    public Path root() {
        return root;
    }

    public Path dir(String name) {
        return root.resolve(name);
    }

    public Path stateFile(String name) {
        return dir(name).resolve(stateFile);
    }

    /** Takes the name. @return false when it is taken already */
    public boolean claim(String name) {
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir(name));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot create the state directory " + dir(name) + ": " + e.getMessage()
                    + " (" + REMEDY + ")", e);
        }
    }

    public void save(String name, S state) {
        try {
            Files.createDirectories(dir(name));
            AtomicWrite.write(stateFile(name), Json.prettyRecord(state).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write the state of " + kind + " " + name + " under " + root + ": "
                    + e.getMessage() + " (" + REMEDY + ")", e);
        }
    }

    /** The state, if the name has one. A file that does not read as one is an error naming the file. */
    public Optional<S> load(String name) {
        Path file = stateFile(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.readRecord(Files.readString(file, StandardCharsets.UTF_8), type));
        } catch (IOException | RuntimeException e) {
            throw new JconshgenException(ExitCode.FAILURE, "the state file " + file + " is unreadable (" + e.getMessage()
                    + "); remove it by hand", e);
        }
    }

    /** A directory claimed by an apply that was killed before it wrote the state: only the name is known. */
    public boolean claimedWithoutState(String name) {
        return Files.isDirectory(dir(name)) && !Files.isRegularFile(stateFile(name));
    }

    /** The names that have a state, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(stateFile))).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Removes the name's directory (only files jconshgen wrote live there). */
    public void remove(String name) {
        Path dir = dir(name);
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot remove the state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static final String REMEDY = "run as root, or set " + StateStore.ENV_ROOT + " to a directory you can write";
}
