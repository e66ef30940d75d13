package dev.jconshgen.apply;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cgroup directories above a container's own that apply makes: setup creates a missing
 * cgroup.parent with mkdir -p, in the cgroup2 hierarchy and in each v1 hierarchy of a limit.
 * Apply records which were missing before setup ran; destroy removes those (never one that
 * existed before) once no other cgroup is in them, and its proof counts one still there and
 * empty as left over.
 */
public final class CgroupParents {
    private CgroupParents() {
    }

    /**
     * The directories between each cgroup's nearest existing ancestor and the cgroup itself (the
     * cgroup excluded), deepest first.
     */
    public static List<Path> missing(List<Path> cgroupDirs) {
        Set<Path> missing = new LinkedHashSet<>();
        for (Path dir : cgroupDirs) {
            for (Path parent = dir.getParent(); parent != null && !Files.exists(parent); parent = parent.getParent()) {
                missing.add(parent);
            }
        }
        List<Path> deepestFirst = new ArrayList<>(missing);
        deepestFirst.sort(Comparator.comparingInt(Path::getNameCount).reversed().thenComparing(Comparator.naturalOrder()));
        return deepestFirst;
    }

    /** Whether another cgroup is in DIR now: then it is somebody else's as much as ours, and stays. */
    public static boolean holdsCgroups(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            return entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * rmdir of each recorded parent, deepest first, that exists and holds no cgroup.
     *
     * @return what could not be removed, with the reason
     */
    public static List<String> remove(List<Path> recorded) {
        List<String> problems = new ArrayList<>();
        for (Path dir : recorded) {
            if (!Files.isDirectory(dir) || holdsCgroups(dir)) {
                continue;
            }
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                problems.add(dir + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** The recorded parents still there and empty: what destroy should have removed. */
    public static List<Path> leftOver(List<Path> recorded) {
        return recorded.stream().filter(Files::isDirectory).filter(dir -> !holdsCgroups(dir)).toList();
    }
}
