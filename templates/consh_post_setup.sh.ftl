<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_post_setup.sh: build the container's root from inside its new namespaces (step 3 of 5).
<@c.generatedBy/>
#
# Not run by hand: consh_setup.sh starts the container's first shell with ENV pointing here,
# and an interactive shell reads the file named by ENV before its first prompt (detached
# containers source it from PID 1). It runs as root of the new user namespace, so it may mount;
# the host sees none of these mounts. Its input comes from consh_setup.sh as variables:
# CONSH_LOWER, CONSH_OVERLAY, CONSH_HOSTNAME, CONSH_VERBOSE.
# It has no 'set -u': it runs inside the user's shell. A failing step ends that shell (a container
# without its root would be a lie), with a message naming the step.

# Nested shells must not run this again.
unset ENV CONSH_POST_SETUP
<#-- No signal traps: this file is read by the container's own shell, where they would stay. -->
<@c.functions script="consh_post_setup.sh" trapSignals=false/>
rollback() { :; }
verbose=${CONSH_VERBOSE:-}

step='create the overlay directories'
# busybox sh has no brace expansion, so the three directories are spelled out (one mkdir).
mkdir -p "$CONSH_OVERLAY/upper" "$CONSH_OVERLAY/work" "$CONSH_OVERLAY/merged" \
    || die "cannot create upper/, work/ and merged/ in $CONSH_OVERLAY"

step='mount the overlay root'
# Reads come from the lower layer(s), writes go to upper/; work/ is OverlayFS's scratch space.
# Unprivileged overlay mounts inside a user namespace need Linux 5.11 or later.
mount -t overlay overlay \
    -o "lowerdir=$CONSH_LOWER,upperdir=$CONSH_OVERLAY/upper,workdir=$CONSH_OVERLAY/work" \
    "$CONSH_OVERLAY/merged" || die "cannot mount OverlayFS (Linux 5.11+ is needed inside a user namespace)"
say "overlay mounted on $CONSH_OVERLAY/merged"

step='write the MANIFEST'
# This file lives only in upper/: proof that the container has a private, writable layer.
{
    echo "created: $(date)"
    echo "creator uid: $(id -u)"
    echo "creator pid: $$"
} >"$CONSH_OVERLAY/merged/MANIFEST" || die "cannot write the MANIFEST"

step='make every mount private'
# Without this, the mounts below could propagate back to the host's mount namespace.
mount --make-rprivate / || die "mount --make-rprivate / failed"

step='pivot into the overlay root'
# pivot_root needs the new root to be a mount point: bind-mount it onto itself.
# (From inside the overlay directory: busybox mount would cut a source path at a '#'.)
(cd "$CONSH_OVERLAY" && mount --bind merged merged) || die "cannot bind-mount the new root"
mkdir -p "$CONSH_OVERLAY/merged/oldrootfs" || die "cannot create oldrootfs"
pivot_root "$CONSH_OVERLAY/merged" "$CONSH_OVERLAY/merged/oldrootfs" || die "pivot_root failed"
cd / || die "cannot change to the new root"

step='mount /proc'
<#if freshProc>
# A new proc instance shows only the processes of the container's PID namespace.
mount -t proc proc /proc || die "cannot mount proc"
<#else>
# No own PID namespace: a new proc could not be mounted in this user namespace; use the host's.
mount --rbind /oldrootfs/proc /proc || die "cannot bind /proc"
</#if>

step='mount /sys'
<#if freshSysfs>
mount -t sysfs sysfs /sys || die "cannot mount sysfs"
<#else>
# No own network namespace: sysfs cannot be mounted anew in this user namespace; use the host's.
mount --rbind /oldrootfs/sys /sys || die "cannot bind /sys"
</#if>
<#if mountCgroup2>

step='mount the cgroup file system'
<#if !freshSysfs>
# The host's /sys came with the host's cgroup mount at /sys/fs/cgroup. On a pure cgroup v2 host
# that is cgroup2 itself, and the kernel refuses the same file system again on the root of its
# own mount (EBUSY); that mount cannot be removed in a user namespace either. A tmpfs over it
# gives the new mount a place of its own.
mount -t tmpfs -o mode=0755 cgroup-root /sys/fs/cgroup || die "cannot mount a tmpfs on /sys/fs/cgroup"
</#if>
# Thanks to the cgroup namespace, the container sees its own cgroup as the root.
mount -t cgroup2 cgroup2 /sys/fs/cgroup || die "cannot mount cgroup2"
</#if>
<#if mountMqueue>

step='mount the POSIX message queue file system'
mkdir -p /dev/mqueue || die "cannot create /dev/mqueue"
mount -t mqueue mqueue /dev/mqueue || die "cannot mount mqueue"
</#if>

step='bind the host devices'
# mknod is not allowed in a user namespace, so the host's device nodes are bind-mounted onto
# empty files, while the old root is still reachable.
for dev in full null random tty urandom zero; do
    touch "/dev/$dev" || die "cannot create /dev/$dev"
    mount --bind "/oldrootfs/dev/$dev" "/dev/$dev" || die "cannot bind /dev/$dev"
done

step='drop the old root'
# Only now: the kernel allows a new proc or sysfs mount in a user namespace only while a fully
# visible one exists, which the old root provided until here.
umount -l /oldrootfs || die "cannot unmount the old root"
rmdir /oldrootfs || die "cannot remove /oldrootfs"
<#if hasHostname>

step='set the host name'
# Possible because the container has its own UTS namespace; the host keeps its name.
hostname "$CONSH_HOSTNAME" || die "cannot set the host name"
</#if>

step='write the README'
# printf is built into the shell: no process for it.
printf '%s\n' \
    'You are inside a container made of namespaces, a cgroup and an OverlayFS root.' \
    'Compare these with the same commands on the host:' \
    '    hostname; id; mount; ls -la /; ps -ef; ip a; cat /proc/self/cgroup' \
    "/MANIFEST was written during setup; it exists only in the container's upper layer." \
    >/README || die "cannot write /README"

say "container ready"
unset CONSH_HOSTNAME CONSH_LOWER CONSH_OVERLAY CONSH_VERBOSE me step verbose dir dev
unset -f die say show_usage rollback
