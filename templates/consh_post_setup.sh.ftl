<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_post_setup.sh: build the container's root from inside its new namespaces (step 3 of 5).
<@c.generatedBy/>
#
<@lesson>
# Not run by hand: the container's first shell reads it (consh_setup.sh points ENV here) before
# its first prompt. It runs as root of the new user namespace, so it may mount; the host sees none
# of these mounts. Its input: CONSH_LOWER, CONSH_OVERLAY, CONSH_HOSTNAME, CONSH_VERBOSE.
# set -e: a failing step ends the shell (a container without its root would be a lie); set +ex at
# the end, so that the shell you type into does not end at the first failing command.
set -e
[ -z "$CONSH_VERBOSE" ] || set -x
unset ENV CONSH_POST_SETUP
</@lesson>
<@robust>
# Not run by hand: consh_setup.sh starts the container's first shell with ENV pointing here,
# and an interactive shell reads the file named by ENV before its first prompt (detached
# containers source it from PID 1). It runs as root of the new user namespace, so it may mount;
# the host sees none of these mounts. Its input comes from consh_setup.sh as variables:
# CONSH_LOWER, CONSH_OVERLAY, CONSH_HOSTNAME, CONSH_VERBOSE.
# It has no 'set -u': it runs inside the user's shell. A failing step ends that shell (a container
# without its root would be a lie), with a message naming the step.
# It does not source consh_lib.sh: it runs in the user's shell, where the host's helpers would
# stay defined; it needs only these two, without signal traps (they would stay too) or rollback.

# Nested shells must not run this again.
unset ENV CONSH_POST_SETUP
me=consh_post_setup.sh
step='start'
verbose=${CONSH_VERBOSE:-}

# die MESSAGE: report the failing step and end the container's shell.
die() {
    printf '%s: step "%s" failed: %s\n' "$me" "$step" "$*" >&2
    exit 1
}

# say MESSAGE: progress, shown with -v.
say() {
    [ -z "$verbose" ] || printf '%s: %s\n' "$me" "$*"
}
</@robust>

<@step name="create the overlay directories" man="overlayfs(5)"
    why="upper/ takes the container's writes, work/ is OverlayFS's scratch space, merged/ becomes the root (busybox sh has no brace expansion: one mkdir, three names)."
    guards="a failure names the overlay directory.">
<@lesson>
mkdir -p "$CONSH_OVERLAY/upper" "$CONSH_OVERLAY/work" "$CONSH_OVERLAY/merged"
</@lesson>
<@robust>
mkdir -p "$CONSH_OVERLAY/upper" "$CONSH_OVERLAY/work" "$CONSH_OVERLAY/merged" \
    || die "cannot create upper/, work/ and merged/ in $CONSH_OVERLAY"
</@robust>
</@step>

<@step name="mount the overlay root" man="mount(8) overlayfs(5)"
    why="reads come from the lower layer(s), top first, writes land in upper/, so the layers are never changed and can be shared. Inside a user namespace this needs Linux 5.11 or later." + overlayUserXattr?then(" userxattr: there overlayfs cannot read trusted.* attributes, so it reads an image's opaque directories from user.overlay.opaque.", "")
    guards="a failure names the kernel version an unprivileged overlay mount needs.">
<@lesson>
mount -t overlay overlay -o "lowerdir=$CONSH_LOWER,upperdir=$CONSH_OVERLAY/upper,workdir=$CONSH_OVERLAY/work<#if overlayUserXattr>,userxattr</#if>" "$CONSH_OVERLAY/merged"
</@lesson>
<@robust>
mount -t overlay overlay \
    -o "lowerdir=$CONSH_LOWER,upperdir=$CONSH_OVERLAY/upper,workdir=$CONSH_OVERLAY/work<#if overlayUserXattr>,userxattr</#if>" \
    "$CONSH_OVERLAY/merged" || die "cannot mount OverlayFS (Linux 5.11+ is needed inside a user namespace)"
say "overlay mounted on $CONSH_OVERLAY/merged"
</@robust>
</@step>

<@step name="write the MANIFEST"
    why="a file that exists only in upper/: proof that the container has a private, writable layer."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
printf 'created: %s\ncreator uid: %s\ncreator pid: %s\n' "$(date)" "$(id -u)" "$$" >"$CONSH_OVERLAY/merged/MANIFEST"
</@lesson>
<@robust>
printf 'created: %s\ncreator uid: %s\ncreator pid: %s\n' "$(date)" "$(id -u)" "$$" >"$CONSH_OVERLAY/merged/MANIFEST" \
    || die "cannot write the MANIFEST"
</@robust>
</@step>

<@step name="make every mount private" man="mount_namespaces(7) mount(8)"
    why="without it, the mounts below could propagate back to the host's mount namespace."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
mount --make-rprivate /
</@lesson>
<@robust>
mount --make-rprivate / || die "mount --make-rprivate / failed"
</@robust>
</@step>

<@step name="pivot into the overlay root" man="pivot_root(2) pivot_root(8) mount_namespaces(7)"
    why="pivot_root needs the new root to be a mount point (so merged/ is bind-mounted onto itself) and puts the old root under oldrootfs. Unlike chroot, the old root can then be unmounted, so nothing of the host's tree stays reachable."
    guards="binds from inside the overlay directory (busybox mount would cut a source path at a '#').">
<@lesson>
mount --bind "$CONSH_OVERLAY/merged" "$CONSH_OVERLAY/merged"
mkdir -p "$CONSH_OVERLAY/merged/oldrootfs"
pivot_root "$CONSH_OVERLAY/merged" "$CONSH_OVERLAY/merged/oldrootfs"
cd /
</@lesson>
<@robust>
# (From inside the overlay directory: busybox mount would cut a source path at a '#'.)
(cd "$CONSH_OVERLAY" && mount --bind merged merged) || die "cannot bind-mount the new root"
mkdir -p "$CONSH_OVERLAY/merged/oldrootfs" || die "cannot create oldrootfs"
pivot_root "$CONSH_OVERLAY/merged" "$CONSH_OVERLAY/merged/oldrootfs" || die "pivot_root failed"
cd / || die "cannot change to the new root"
</@robust>
</@step>

<#if freshProc>
<@step name="mount /proc" man="proc(5) pid_namespaces(7)"
    why="a new proc shows only the processes of the container's PID namespace. Inside a user namespace the kernel allows a new proc only while a fully visible one is mounted: this comes before the old root goes."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
mount -t proc proc /proc
</@lesson>
<@robust>
mount -t proc proc /proc || die "cannot mount proc"
</@robust>
</@step>
<#else>
<@step name="mount /proc" man="proc(5) pid_namespaces(7)"
    why="without its own PID namespace the container may not mount a new proc in its user namespace: it binds the host's."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
mount --rbind /oldrootfs/proc /proc
</@lesson>
<@robust>
mount --rbind /oldrootfs/proc /proc || die "cannot bind /proc"
</@robust>
</@step>
</#if>

<#if freshSysfs>
<@step name="mount /sys" man="sysfs(5) network_namespaces(7)"
    why="a new sysfs shows the container's own network devices; the same rule as for proc applies."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
mount -t sysfs sysfs /sys
</@lesson>
<@robust>
mount -t sysfs sysfs /sys || die "cannot mount sysfs"
</@robust>
</@step>
<#else>
<@step name="mount /sys" man="sysfs(5) network_namespaces(7)"
    why="without its own network namespace the container may not mount a new sysfs in its user namespace: it binds the host's."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
mount --rbind /oldrootfs/sys /sys
</@lesson>
<@robust>
mount --rbind /oldrootfs/sys /sys || die "cannot bind /sys"
</@robust>
</@step>
</#if>
<#if mountCgroup2>

<@step name="mount the cgroup file system" man="cgroup_namespaces(7) cgroups(7)"
    why="thanks to the cgroup namespace, the container sees its own cgroup as the root of the hierarchy." + (!freshSysfs)?then(" The host's /sys came with the host's cgroup mount; on a pure v2 host the kernel refuses cgroup2 again on the root of its own mount, so a tmpfs goes between.", "")
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
<#if !freshSysfs>
mount -t tmpfs -o mode=0755 cgroup-root /sys/fs/cgroup
</#if>
mount -t cgroup2 cgroup2 /sys/fs/cgroup
</@lesson>
<@robust>
<#if !freshSysfs>
# The host's /sys came with the host's cgroup mount at /sys/fs/cgroup. On a pure cgroup v2 host
# that is cgroup2 itself, and the kernel refuses the same file system again on the root of its
# own mount (EBUSY); that mount cannot be removed in a user namespace either. A tmpfs over it
# gives the new mount a place of its own.
mount -t tmpfs -o mode=0755 cgroup-root /sys/fs/cgroup || die "cannot mount a tmpfs on /sys/fs/cgroup"
</#if>
mount -t cgroup2 cgroup2 /sys/fs/cgroup || die "cannot mount cgroup2"
</@robust>
</@step>
</#if>
<#if mountMqueue>

<@step name="mount the POSIX message queue file system" man="mq_overview(7) ipc_namespaces(7)"
    why="an mqueue file system belongs to the container's IPC namespace."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
mkdir -p /dev/mqueue
mount -t mqueue mqueue /dev/mqueue
</@lesson>
<@robust>
mkdir -p /dev/mqueue || die "cannot create /dev/mqueue"
mount -t mqueue mqueue /dev/mqueue || die "cannot mount mqueue"
</@robust>
</@step>
</#if>

<@step name="bind the host devices" man="mount(8) null(4) random(4)"
    why="mknod is not allowed in a user namespace, so the host's harmless device nodes are bind-mounted onto empty files, while the old root is still reachable."
    guards="a failure names the device.">
<@lesson>
for dev in full null random tty urandom zero; do
    touch "/dev/$dev"
    mount --bind "/oldrootfs/dev/$dev" "/dev/$dev"
done
</@lesson>
<@robust>
for dev in full null random tty urandom zero; do
    touch "/dev/$dev" || die "cannot create /dev/$dev"
    mount --bind "/oldrootfs/dev/$dev" "/dev/$dev" || die "cannot bind /dev/$dev"
done
</@robust>
</@step>

<@step name="drop the old root" man="umount(8) pivot_root(2)"
    why="only now (see /proc above): a lazy unmount, and from here on the host's file system is out of the container's reach."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
umount -l /oldrootfs
rmdir /oldrootfs
</@lesson>
<@robust>
umount -l /oldrootfs || die "cannot unmount the old root"
rmdir /oldrootfs || die "cannot remove /oldrootfs"
</@robust>
</@step>
<#if hasHostname>

<@step name="set the host name" man="hostname(1) uts_namespaces(7)"
    why="possible because the container has its own UTS namespace; the host keeps its name."
    guards="a failure ends the container's shell with the step's name.">
<@lesson>
hostname "$CONSH_HOSTNAME"
</@lesson>
<@robust>
hostname "$CONSH_HOSTNAME" || die "cannot set the host name"
</@robust>
</@step>
</#if>

<@step name="write the README"
    why="/README suggests commands to compare inside and outside the container."
    guards="the robust scripts only: a help for whoever enters the container.">
<@robust>
# printf is built into the shell: no process for it.
printf '%s\n' \
    'You are inside a container made of namespaces, a cgroup and an OverlayFS root.' \
    'Compare these with the same commands on the host:' \
    '    hostname; id; mount; ls -la /; ps -ef; ip a; cat /proc/self/cgroup' \
    "/MANIFEST was written during setup; it exists only in the container's upper layer." \
    >/README || die "cannot write /README"
</@robust>
</@step>

<@lesson>
set +ex
unset CONSH_HOSTNAME CONSH_LOWER CONSH_OVERLAY CONSH_VERBOSE dev
</@lesson>
<@robust>
say "container ready"
unset CONSH_HOSTNAME CONSH_LOWER CONSH_OVERLAY CONSH_VERBOSE me step verbose dev
unset -f die say
</@robust>
