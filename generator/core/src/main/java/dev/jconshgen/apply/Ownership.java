package dev.jconshgen.apply;

import dev.jconshgen.state.ContainerState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which of the kernel resources carrying a container's names are its own, so that destroy (and
 * with it apply's undo) removes nothing else. A netns, veth or cgroup of the spec's name may be
 * another container's: of two applies racing for one netns or cgroup name both pass the checks,
 * the scripts' atomic creation lets one win, and the loser must then leave the winner's alone.
 * With state, what the kernel tied to this container counts: the cgroups apply saw the init in,
 * and a /var/run/netns file whose namespace is the init's (the inode apply recorded); its veth
 * pair was made after that file, by the same run. Without state (destroy --force SPEC) the names
 * are all there is to go by.
 */
final class Ownership {
    private Ownership() {
    }

    static Resources owned(Resources r, Optional<ContainerState> state) {
        if (state.isEmpty()) {
            return r;
        }
        long netns = state.get().netnsInode();
        boolean network = r.network().isPresent() && netns > 0 && inode(r.netnsFile()) == netns;
        return r.only(network, !r.recordedCgroupDirs().isEmpty());
    }

    /** The inode in a namespace link like {@code net:[4026531840]}, or 0. */
    static long namespaceInode(String link) {
        int open = link.indexOf('[');
        int close = link.indexOf(']');
        if (open < 0 || close < open + 2) {
            return 0;
        }
        try {
            return Long.parseLong(link.substring(open + 1, close));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The inode of a file, through a bind mount on it (an nsfs inode for a named netns); -1 when absent. */
    static long inode(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
