#!/usr/bin/env bats
# apply's preflight on the real host, with each blocker injected for real: a PATH without a tool,
# a dynamic busybox, a work directory on an overlay, no writable cgroup hierarchy, a caller that
# is not root, AppArmor's user-namespace restriction and an old kernel release. Each must exit 3
# with the blocker and its remedy, and create nothing: no state directory, no work directory,
# no cgroup, no netns (leakcheck). The host-wide injections happen in a private mount namespace
# (unshare -m --propagation private), so the host itself never sees them.
# Names: bp*, subnets 10.231.180-189.0/24.

load helpers

setup() {
    common_setup
    requires root busybox jar unshare setpriv
    export JCONSHGEN_STATE_DIR=$T/state
    JAVA=$(command -v java)
    # If preflight let a test through by mistake, apply may leave a container: teardown destroys
    # it, so that the test fails on its assertions and not on a leak.
    APPLIED=()
}

teardown() {
    local name
    for name in "${APPLIED[@]}"; do
        "$JAVA" -jar "$JAR" destroy "$name" >/dev/null 2>&1 || true
    done
    common_teardown
}

# spec NAME [YAML LINE...]: write $T/NAME.yaml (work directory $T/NAME) and remember NAME for the
# safety-net destroy in teardown.
spec() {
    write_spec "$@"
    APPLIED+=("$1")
}

# toolbox DIR [TOOL...]: a directory of links to every command in /usr/bin and /usr/sbin except
# the TOOLs named: a PATH that lacks exactly those, so that only their absence can stop apply.
# One cp -s for all the links (a ln per command made each call about 1300 processes); a name in
# both directories links to /usr/bin's, as PATH would find it first.
toolbox() {
    local dir=$1 tool
    shift
    mkdir -p "$dir"
    # (it complains of the directories among them, and of the names in both: not errors here)
    cp -s -n /usr/bin/* /usr/sbin/* "$dir"/ 2>/dev/null || true
    for tool in "$@"; do
        rm -f -- "$dir/$tool"
    done
    [ -e "$dir/sh" ] && [ -e "$dir/java" ] || fail "toolbox $dir: the links were not made"
}

# in_private_mount_ns SCRIPT ARG...: run bash SCRIPT (with ARG... as $1...) in a private mount
# namespace, where its mounts stay invisible to the host and vanish with it.
in_private_mount_ns() {
    unshare -m --propagation private bash -c "$@"
}

# refused_by_preflight NAME: apply ended in preflight (exit 3 was checked by the caller) and
# nothing of container NAME exists: no state directory at all, no work directory, no cgroup or
# netns of its name, and leakcheck sees nothing new.
refused_by_preflight() {
    local name=$1 dir
    assert_output --partial "jconshgen: cannot apply $name: this host is not ready"
    assert_output --partial "nothing was changed"
    [ ! -e "$JCONSHGEN_STATE_DIR" ] || fail "preflight created the state directory $JCONSHGEN_STATE_DIR"
    [ ! -e "$T/$name" ] || fail "preflight created the work directory $T/$name"
    for dir in /sys/fs/cgroup/"${name}_cg" /sys/fs/cgroup/*/"${name}_cg" /var/run/netns/"$name"; do
        [ ! -e "$dir" ] || fail "preflight created $dir"
    done
    run_ok no_leaks
}

# as_nobody_setup: let uid 65534 read $T and write a state root of its own, and create the work
# directory and the layer cache in $T (sticky and writable for all, like /tmp: preflight checks
# that a user can write them), so that only the blocker under test can stop its apply (which must
# still not create any of them).
as_nobody_setup() {
    chmod 1777 "$T"
    mkdir "$T/nobody"
    chown 65534:65534 "$T/nobody"
    export JCONSHGEN_STATE_DIR=$T/nobody/state
}

lab_like() {
    spec "$1" "cgroup: {name: ${1}_cg, limits: {pids: 64}}" \
        "network: {netns: $1, hostAddress: 10.231.$2.1/24, containerAddress: 10.231.$2.2/24}"
}

@test "a PATH without unshare: exit 3, the package to install, nothing created" {
    lab_like bpnous 180
    toolbox "$T/bin" unshare
    run_expect 3 env PATH="$T/bin" "$JAVA" -jar "$JAR" apply "$T/bpnous.yaml"
    assert_output --partial "(1 blocker)"
    assert_output --partial "unshare is not installed: not found on PATH ($T/bin)"
    assert_output --partial "remedy: sudo apt-get install util-linux"
    refused_by_preflight bpnous
}

@test "no busybox, or a dynamic one: exit 3, busybox-static to install, nothing created" {
    spec bpnobb
    toolbox "$T/none" busybox
    run_expect 3 env PATH="$T/none" "$JAVA" -jar "$JAR" apply "$T/bpnobb.yaml"
    assert_output --partial "busybox is not installed: not found on PATH ($T/none)"
    assert_output --partial "remedy: sudo apt-get install busybox-static"
    refused_by_preflight bpnobb

    # any dynamically linked program stands in for Debian's dynamic busybox package
    toolbox "$T/dyn" busybox
    ln -s "$(type -P true)" "$T/dyn/busybox"
    run_expect 3 env PATH="$T/dyn" "$JAVA" -jar "$JAR" apply "$T/bpnobb.yaml"
    assert_output --partial "(1 blocker)"
    assert_output --partial "busybox at $T/dyn/busybox is dynamically linked (it needs the loader /lib"
    assert_output --partial "remedy: sudo apt-get install busybox-static"
    refused_by_preflight bpnobb
}

@test "a work directory on an overlay: exit 3, a tmpfs as the remedy, nothing created" {
    mkdir -p "$T/l" "$T/u" "$T/w" "$T/ovl"
    # the spec is written into the overlay's lower layer, so apply sees it in the overlay
    write_spec bpovl "cgroup: {name: bpovl_cg}"
    mv "$T/bpovl.yaml" "$T/l/"
    APPLIED+=(bpovl)
    run_expect 3 in_private_mount_ns '
        mount -t overlay overlay -o "lowerdir=$1/l,upperdir=$1/u,workdir=$1/w" "$1/ovl" || exit 99
        exec "$2" -jar "$3" apply "$1/ovl/bpovl.yaml"' _ "$T" "$JAVA" "$JAR"
    assert_output --partial "(1 blocker)"
    assert_output --partial "the overlay directory $T/ovl/bpovl/ovly and the layer lower $T/ovl/bpovl/lower would be on OverlayFS (the overlay mounted at $T/ovl)"
    assert_output --partial "remedy: put the work directory $T/ovl/bpovl on another file system, e.g. a tmpfs: sudo mkdir -p /mnt/jconshgen && sudo mount -t tmpfs jconshgen /mnt/jconshgen"
    refused_by_preflight bpovl
    # what apply would have made inside the overlay lands in its upper directory
    [ -z "$(ls -A "$T/u")" ] || fail "the overlay's upper directory is not empty: $(ls -A "$T/u")"
}

@test "no cgroup hierarchy (an empty tmpfs at /sys/fs/cgroup): exit 3, the mount to make, nothing created" {
    spec bpnocg "cgroup: {name: bpnocg_cg}"
    run_expect 3 in_private_mount_ns '
        mount -t tmpfs -o size=64k bpnocg /sys/fs/cgroup || exit 99
        exec "$1" -jar "$2" apply "$3"' _ "$JAVA" "$JAR" "$T/bpnocg.yaml"
    assert_output --partial "(1 blocker)"
    assert_output --partial "/sys/fs/cgroup is a tmpfs with no cgroup hierarchy under it"
    assert_output --partial "remedy: sudo mkdir -p /sys/fs/cgroup/unified && sudo mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified"
    refused_by_preflight bpnocg
}

@test "a read-only cgroup hierarchy: exit 3, the remount to do, nothing created" {
    requires cgroup2
    spec bprocg "cgroup: {name: bprocg_cg}"
    local root
    root=$(cgroup2_root)
    # remount,bind changes only this namespace's copy of the mount, never the shared cgroup2
    run_expect 3 in_private_mount_ns '
        mount -o remount,bind,ro "$1" || exit 99
        exec "$2" -jar "$3" apply "$4"' _ "$root" "$JAVA" "$JAR" "$T/bprocg.yaml"
    assert_output --partial "(1 blocker)"
    assert_output --partial "the cgroup $root/bprocg_cg cannot be created: $root is on a read-only mount ($root)"
    assert_output --partial "remedy: sudo mount -o remount,rw $root"
    refused_by_preflight bprocg
}

@test "not root, with a network and a cgroup: exit 3, every blocker with its remedy, nothing created" {
    lab_like bpuser 181
    as_nobody_setup
    toolbox "$T/bin" unshare
    run_expect 3 env PATH="$T/bin" "$(command -v setpriv)" --reuid=65534 --regid=65534 --clear-groups \
        "$JAVA" -XX:-UsePerfData -jar "$JAR" apply "$T/bpuser.yaml"
    assert_output --partial "only root can create its veth pair and /var/run/netns entry (running as uid 65534)"
    assert_output --partial "remedy: run apply as root: sudo jconshgen apply $T/bpuser.yaml (or remove 'network:' from the spec)"
    assert_output --partial "uid 65534 may not write to"
    assert_output --partial "unshare is not installed"
    refused_by_preflight bpuser
}

# fake_proc_sys_kernel: the setup script (for in_private_mount_ns) that puts a tmpfs over
# /proc/sys/kernel holding AppArmor's switch set to 1 and the kernel release $1 ('' keeps the
# real one). This Debian kernel has no AppArmor switch, so a real one cannot be flipped.
fake_proc_sys_kernel='
    release=${1:-$(cat /proc/sys/kernel/osrelease)}
    mount -t tmpfs -o size=64k,mode=0755 bpsysctl /proc/sys/kernel || exit 99
    echo 1 >/proc/sys/kernel/apparmor_restrict_unprivileged_userns || exit 99
    echo "$release" >/proc/sys/kernel/osrelease || exit 99
    shift'

@test "AppArmor's user-namespace restriction blocks a caller without CAP_SYS_ADMIN: exit 3, the sysctl to run" {
    spec bpaa
    as_nobody_setup
    run_expect 3 in_private_mount_ns "$fake_proc_sys_kernel"'
        exec setpriv --reuid=65534 --regid=65534 --clear-groups "$1" -XX:-UsePerfData -jar "$2" apply "$3"' \
        _ '' "$JAVA" "$JAR" "$T/bpaa.yaml"
    assert_output --partial "(1 blocker)"
    assert_output --partial "AppArmor forbids unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1), and jconshgen runs without CAP_SYS_ADMIN (uid 65534)"
    assert_output --partial "remedy: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (until reboot; to keep it: echo 'kernel.apparmor_restrict_unprivileged_userns = 0' | sudo tee /etc/sysctl.d/60-jconshgen-userns.conf)"
    refused_by_preflight bpaa
}

@test "a kernel before 5.11 blocks a user namespace; AppArmor's restriction does not hold back root" {
    spec bpold
    run_expect 3 in_private_mount_ns "$fake_proc_sys_kernel"'
        exec "$1" -jar "$2" apply "$3"' _ 5.10.0-bp "$JAVA" "$JAR" "$T/bpold.yaml"
    assert_output --partial "(1 blocker)"
    assert_output --partial "Linux 5.10.0-bp cannot mount OverlayFS inside a user namespace (that needs 5.11 or later)"
    assert_output --partial "remedy: upgrade the kernel to 5.11+"
    refute_output --partial "AppArmor"
    refused_by_preflight bpold
}

@test "a directory layer that does not exist: exit 3, prepare it, nothing created" {
    spec bpnodir "rootfs: {layers: [busybox: {}, directory: {dir: my layer}]}"
    run_expect 3 "$JAVA" -jar "$JAR" apply "$T/bpnodir.yaml"
    assert_output --partial "the directory layer $T/bpnodir/my layer does not exist"
    assert_output --partial "remedy: prepare it first: mkdir -p '$T/bpnodir/my layer'"
    refused_by_preflight bpnodir
}

@test "jconshgen preflight: apply's blockers without apply (text, --json, --junit), exit 0 when ready, nothing created" {
    spec bpalone "rootfs: {layers: [busybox: {}, directory: {dir: my layer}]}"
    run_expect 3 "$JAVA" -jar "$JAR" preflight --junit "$T/pre.xml" "$T/bpalone.yaml"
    assert_output --partial "(1 blocker)"
    assert_output --partial "the directory layer $T/bpalone/my layer does not exist"
    assert_output --partial "remedy: prepare it first: mkdir -p '$T/bpalone/my layer'"
    refused_by_preflight bpalone
    run_ok grep -F '<testsuite name="jconshgen preflight bpalone" tests="1" failures="1"' "$T/pre.xml"
    run_ok grep -F "remedy: prepare it first" "$T/pre.xml"
    run_expect 3 --separate-stderr "$JAVA" -jar "$JAR" preflight --json "$T/bpalone.yaml"
    assert_output --partial '"ok":false'
    assert_output --partial '"remedy":"prepare it first: mkdir -p '

    mkdir -p "$T/bpalone/my layer"
    run_ok "$JAVA" -jar "$JAR" preflight --junit "$T/pre.xml" "$T/bpalone.yaml"
    assert_output "bpalone: this host is ready (no blocker)"
    run_ok grep -F '<testsuite name="jconshgen preflight bpalone" tests="1" failures="0"' "$T/pre.xml"
    [ ! -e "$JCONSHGEN_STATE_DIR" ] || fail "preflight created the state directory"
    # a lab: every member's and the lab's checks, the lab named as apply names it
    run_ok "$JAVA" -jar "$JAR" preflight "$REPO/examples/trio.yaml"
    assert_output "lab trio: this host is ready (no blocker)"
    run_expect 2 "$JAVA" -jar "$JAR" preflight "$T/nothing.yaml"
    run_ok no_leaks
}
