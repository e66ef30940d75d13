package dev.jconshgen.explain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each step of the generated scripts does and why, with the manual pages it relies on,
 * keyed by the step's name as the scripts set it ({@code step='...'}). A test renders every
 * example and fails when a script has a step that is not explained here, so the explanations
 * cannot fall behind the templates.
 */
final class StepGuide {
    /** @param manPages references like {@code unshare(1)} */
    record Guide(String what, List<String> manPages) {
    }

    private StepGuide() {
    }

    static Optional<Guide> of(String step) {
        return Optional.ofNullable(GUIDES.get(step));
    }

    static boolean knows(String step) {
        return GUIDES.containsKey(step);
    }

    private static Guide g(String what, String... manPages) {
        return new Guide(what, List.of(manPages));
    }

    private static final Map<String, Guide> GUIDES = Map.ofEntries(
            // create_lowerfs.sh
            Map.entry("find busybox", g("Finds the busybox binary ($BUSYBOX, or busybox on PATH). It must be a static build, since the"
                    + " container has no shared libraries (jconshgen's preflight checks that before apply).", "busybox(1)",
                    "ld.so(8)")),
            Map.entry("create the directory tree", g("Creates the lower layer's directories (bin, dev, etc, proc, sys, tmp, ...). It marks"
                    + " the layer as made by this script first, so that a failure (a full disk) removes only what it made.",
                    "hier(7)")),
            Map.entry("copy busybox", g("Copies the static busybox into bin/ of the layer: the one program the container needs.",
                    "busybox(1)")),
            Map.entry("install the applet links", g("Runs 'busybox --install' inside the layer, so every applet (sh, ls, mount, ip, ...)"
                    + " is a link to busybox.", "busybox(1)")),
            // consh_setup.sh
            Map.entry("check the arguments", g("Checks the options and operands before anything is made, so a typing mistake creates"
                    + " nothing.")),
            Map.entry("check the preconditions", g("Checks the host name, that user namespaces are allowed (the AppArmor switch of"
                    + " Ubuntu 23.10+), that busybox and unshare exist, that every lower layer exists and none is on OverlayFS"
                    + " (OverlayFS cannot stack on itself), and claims the overlay directory with a marker file.",
                    "user_namespaces(7)", "overlayfs(5)")),
            Map.entry("create and join the cgroup", g("Detects the host's cgroup layout (v1, hybrid or v2), creates the container's"
                    + " cgroup, moves this shell into it and checks that the kernel shows it there, so that everything started"
                    + " from here on is counted in the cgroup. Limits are written to the controllers' files (pids.max,"
                    + " memory.max, cpu.max on v2; pids, memory and cpu controllers on v1), enabling a v2 controller in the"
                    + " parent where the cgroup v2 rules require it.", "cgroups(7)", "cgroup_namespaces(7)")),
            Map.entry("start the container shell", g("Replaces this script with a busybox shell in new namespaces (unshare with one"
                    + " option per namespace of the spec, --fork so the shell is PID 1 of the new PID namespace, and the user"
                    + " mapped to root in the user namespace). The shell reads consh_post_setup.sh through ENV before its first"
                    + " prompt. The environment is cleared so that nothing of the host leaks in.",
                    "unshare(1)", "namespaces(7)", "pid_namespaces(7)", "user_namespaces(7)")),
            Map.entry("start the detached container", g("Starts the container in the background instead (setsid, so it outlives the"
                    + " terminal): its PID 1 runs consh_post_setup.sh, then waits, or starts the spec's command as its child."
                    + " --kill-child ends the container when unshare is killed.", "unshare(1)", "setsid(1)", "namespaces(7)")),
            Map.entry("wait for the container", g("Waits until the container says it is ready, on a pipe of its own (a FIFO the"
                    + " init writes one line to and closes): no polling, the line arrives the moment the post-setup is done. A"
                    + " container that stops before closes the pipe and ends the wait at once (its output is shown); a watchdog"
                    + " ends it after CONSH_START_TIMEOUT seconds. Then writes the host PID of the container's PID 1, which the"
                    + " network step needs.", "mkfifo(1)", "fifo(7)", "proc(5)")),
            // consh_post_setup.sh (inside the container)
            Map.entry("create the overlay directories", g("Creates upper/ (where the container's writes go), work/ (OverlayFS's"
                    + " scratch space) and merged/ (the container's root) in the overlay directory.", "overlayfs(5)")),
            Map.entry("mount the overlay root", g("Mounts OverlayFS on merged/: reads come from the lower layers (top first), writes"
                    + " land in upper/, so the lower layers are never changed and can be shared. Inside a user namespace this"
                    + " needs Linux 5.11 or later.", "mount(8)", "overlayfs(5)")),
            Map.entry("write the MANIFEST", g("Writes /MANIFEST into the new root. It exists only in upper/: the verification uses it"
                    + " as proof that the container has its own writable layer.")),
            Map.entry("make every mount private", g("Makes every mount of the container's mount namespace private, so that the mounts"
                    + " that follow never propagate back to the host.", "mount_namespaces(7)", "mount(8)")),
            Map.entry("pivot into the overlay root", g("Makes the overlay the root: pivot_root needs the new root to be a mount point"
                    + " (so merged/ is bind-mounted onto itself) and puts the old root under /oldrootfs. Unlike chroot, the old"
                    + " root can then be unmounted, so nothing of the host's tree stays reachable.",
                    "pivot_root(2)", "pivot_root(8)", "mount_namespaces(7)")),
            Map.entry("mount /proc", g("Mounts a new proc, which shows only the processes of the container's PID namespace. Ordering"
                    + " rule: inside a user namespace the kernel allows a new proc only while a fully visible proc is mounted, so"
                    + " this happens before the old root is dropped.", "proc(5)", "pid_namespaces(7)")),
            Map.entry("mount /sys", g("Mounts a new sysfs, which shows the container's own network devices; the same ordering rule as"
                    + " for proc applies.", "sysfs(5)", "network_namespaces(7)")),
            Map.entry("mount the cgroup file system", g("Mounts cgroup2 at /sys/fs/cgroup. With the cgroup namespace, the container"
                    + " sees its own cgroup as the root of the hierarchy.", "cgroup_namespaces(7)", "cgroups(7)")),
            Map.entry("mount the POSIX message queue file system", g("Mounts an mqueue file system, which belongs to the container's IPC"
                    + " namespace.", "mq_overview(7)", "ipc_namespaces(7)")),
            Map.entry("bind the host devices", g("mknod is not allowed in a user namespace, so the host's harmless device nodes (null,"
                    + " zero, full, random, urandom, tty) are bind-mounted onto empty files while the old root is still reachable.",
                    "mount(8)", "null(4)", "random(4)")),
            Map.entry("drop the old root", g("Lazily unmounts /oldrootfs and removes it: from here on the host's file system is out of"
                    + " the container's reach.", "umount(8)", "pivot_root(2)")),
            Map.entry("set the host name", g("Sets the container's host name, which only its UTS namespace sees.", "hostname(1)",
                    "uts_namespaces(7)")),
            Map.entry("write the README", g("Writes /README, which suggests commands to compare inside and outside the container.")),
            // consh_nw_setup.sh
            Map.entry("check the addresses", g("Checks both addresses (IPv4 with a prefix, one subnet, not equal) and refuses an"
                    + " address or subnet that the host already uses, which the veth would otherwise shadow.", "ip-address(8)",
                    "ip-route(8)")),
            Map.entry("name the network namespace", g("Gives the container's network namespace a name by bind-mounting"
                    + " /proc/PID/ns/net on /var/run/netns/NAME (created exclusively, so two runs cannot take the same name), so"
                    + " that 'ip netns exec NAME' reaches it.", "ip-netns(8)", "network_namespaces(7)")),
            Map.entry("create the veth pair", g("Creates a veth pair: two network interfaces joined like a cable, one named NETNS-0 for"
                    + " the host, one NETNS-1 for the container.", "veth(4)", "ip-link(8)")),
            Map.entry("move one end into the container", g("Moves NETNS-1 into the container's network namespace.", "veth(4)",
                    "ip-link(8)")),
            Map.entry("configure the host end", g("Gives the host end its address and brings it up; with a bridge, the host end joins"
                    + " the bridge instead (the bridge holds the address).", "ip-address(8)", "ip-link(8)", "bridge(8)")),
            Map.entry("configure the container end", g("Inside the container's network namespace: brings up lo, gives the container"
                    + " end its address and brings it up; with defaultRoute, adds a default route via the host address.",
                    "ip-netns(8)", "ip-address(8)", "ip-route(8)")),
            // consh_bridge_setup.sh
            Map.entry("check the address", g("Checks the bridge's address and refuses one whose address or subnet the host already"
                    + " uses.", "ip-address(8)")),
            Map.entry("create the bridge", g("Creates the Linux bridge, gives it the address and brings it up; each container's host"
                    + " end then becomes a port of it.", "bridge(8)", "ip-link(8)")),
            // cleanups
            Map.entry("check what to remove", g("Refuses to remove anything that is not the container's: a work directory without the"
                    + " scripts' markers, '/', a symlink, a directory with mounts inside, a cgroup with processes (unless -k), a"
                    + " running container.", "proc(5)", "cgroups(7)")),
            Map.entry("remove the netns bind mount", g("Unmounts and removes /var/run/netns/NAME, which lets the kernel free the network"
                    + " namespace once no process is left in it.", "ip-netns(8)")),
            Map.entry("remove the veth pair", g("Deletes the host end of the veth pair, which deletes both ends.", "veth(4)",
                    "ip-link(8)")),
            Map.entry("remove the cgroup", g("Removes the container's cgroup directories (sub-cgroups first); the kernel allows it"
                    + " only when no process is left in them.", "cgroups(7)")),
            Map.entry("remove the work directory", g("Removes the work directory with the layers and the overlay directory the scripts"
                    + " made; links are removed as links, their targets are never followed.", "rm(1)")),
            Map.entry("remove the bridge", g("Deletes the bridge, after checking that no container's veth is still a port of it.",
                    "bridge(8)", "ip-link(8)")));
}
