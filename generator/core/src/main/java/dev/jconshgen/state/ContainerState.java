package dev.jconshgen.state;

import java.nio.file.Path;
import java.util.List;

/**
 * What jconshgen knows of a container it applied, kept under the state directory so that
 * verify, status, exec and destroy can find it again.
 *
 * @param pid            host PID of the container's PID 1 (0 when setup did not get that far)
 * @param pidStartTime   start time of that process (field 22 of /proc/PID/stat), so that a
 *                       reused PID is never mistaken for the container
 * @param createdWorkdir apply created the work directory, so destroy removes all of it
 * @param createdLayer   apply built the busybox layer in the work directory, so destroy removes it
 *                       (false now: apply takes it from the shared layer cache, which destroy keeps)
 * @param createdOverlay the overlay directory did not exist before apply, so destroy removes it
 * @param uid            who applied it: the user the container's root is mapped to
 * @param cgroupDirs     the cgroup directories the kernel shows the init in, as absolute paths
 * @param netnsInode     inode of the init's network namespace (0: unknown, or no network): a
 *                       /var/run/netns file with this inode names this container's namespace,
 *                       one with another inode is somebody else's, whatever its name
 * @param createdCgroupParents the directories above the container's cgroups that did not exist
 *                       before setup ran (setup makes a missing cgroup.parent with mkdir -p),
 *                       deepest first: destroy removes them while no other cgroup is in them,
 *                       and never one that existed before apply
 */
public record ContainerState(
        String name,
        Path specFile,
        Path workdir,
        boolean createdWorkdir,
        boolean createdLayer,
        boolean createdOverlay,
        long uid,
        long pid,
        long pidStartTime,
        List<Path> cgroupDirs,
        long netnsInode,
        List<Path> createdCgroupParents) {

    public ContainerState {
        cgroupDirs = List.copyOf(cgroupDirs);
        // absent from a state file written before it was recorded
        createdCgroupParents = createdCgroupParents == null ? List.of() : List.copyOf(createdCgroupParents);
    }

    public ContainerState(String name, Path specFile, Path workdir, boolean createdWorkdir, boolean createdLayer,
                          boolean createdOverlay, long uid, long pid, long pidStartTime, List<Path> cgroupDirs, long netnsInode) {
        this(name, specFile, workdir, createdWorkdir, createdLayer, createdOverlay, uid, pid, pidStartTime, cgroupDirs, netnsInode, List.of());
    }

    /** A state whose network namespace is not known (yet). */
    public ContainerState(String name, Path specFile, Path workdir, boolean createdWorkdir, boolean createdLayer,
                          boolean createdOverlay, long uid, long pid, long pidStartTime, List<Path> cgroupDirs) {
        this(name, specFile, workdir, createdWorkdir, createdLayer, createdOverlay, uid, pid, pidStartTime, cgroupDirs, 0, List.of());
    }

    public ContainerState withProcess(long pid, long startTime, List<Path> cgroupDirs) {
        return new ContainerState(name, specFile, workdir, createdWorkdir, createdLayer, createdOverlay, uid, pid, startTime, cgroupDirs,
                netnsInode, createdCgroupParents);
    }

    public ContainerState withNetnsInode(long inode) {
        return new ContainerState(name, specFile, workdir, createdWorkdir, createdLayer, createdOverlay, uid, pid, pidStartTime, cgroupDirs,
                inode, createdCgroupParents);
    }

    public ContainerState withCreatedCgroupParents(List<Path> parents) {
        return new ContainerState(name, specFile, workdir, createdWorkdir, createdLayer, createdOverlay, uid, pid, pidStartTime, cgroupDirs,
                netnsInode, parents);
    }
}
