#!/usr/bin/env bats
# The suite's leak check tells a test's leaks from other programs' resources: what another
# program creates while a test runs (a cgroup, a veth pair, a netns, an overlay mount) is noise,
# reported and never a failure; what the test leaves that carries its names, or lies under its
# directory, fails it. The "other program" here is a background process of the test's own, which
# the test removes again. Names: blk*; nothing here runs jconshgen.

load helpers

setup() {
    common_setup
    requires root cgroup2
    NOISE_CG=$(cgroup2_root)/othersvc_$$
    NOISE_NS=othernet$$
    NOISE_VETH=othv$$
    NOISE_MNT=$(mktemp -d /tmp/other-program.XXXXXX)
}

# remove_noise: what the "other program" made; run by teardown after the leak check, so that the
# check sees it.
remove_noise() {
    [ -z "${NOISE_PID:-}" ] || { kill "$NOISE_PID" 2>/dev/null; wait "$NOISE_PID" 2>/dev/null; }
    [ -z "${NOISE_BUSYBOX:-}" ] || { kill "$NOISE_BUSYBOX" 2>/dev/null; wait "$NOISE_BUSYBOX" 2>/dev/null; }
    umount "$NOISE_MNT/merged" 2>/dev/null
    rm -rf -- "$NOISE_MNT"
    ip link delete "$NOISE_VETH" 2>/dev/null
    ip netns delete "$NOISE_NS" 2>/dev/null
    rmdir "$NOISE_CG" 2>/dev/null
    true
}

teardown() {
    local result=0
    common_teardown || result=$?
    remove_noise
    return "$result"
}

# other_program: in the background, as another program on the host would while a test runs, a
# cgroup, a netns, a veth pair, an overlay mount and a busybox process (another test's container,
# when tests run in parallel), none with the test's names; it signals when all exist and keeps
# them until it is killed.
other_program() {
    (cd "$NOISE_MNT" && exec busybox sleep 600) &
    NOISE_BUSYBOX=$!
    (
        mkdir "$NOISE_CG"
        ip netns add "$NOISE_NS"
        ip link add "$NOISE_VETH" type veth peer name "${NOISE_VETH}p"
        mkdir -p "$NOISE_MNT/lower" "$NOISE_MNT/upper" "$NOISE_MNT/work" "$NOISE_MNT/merged"
        mount -t overlay overlay -o "lowerdir=$NOISE_MNT/lower,upperdir=$NOISE_MNT/upper,workdir=$NOISE_MNT/work" "$NOISE_MNT/merged"
        touch "$NOISE_MNT/ready"
        exec sleep 600
    ) &
    NOISE_PID=$!
    local i
    for i in $(seq 1 100); do
        [ -e "$NOISE_MNT/ready" ] && return 0
        sleep 0.05
    done
    fail "the other program did not make its resources"
}

@test "what another program makes while a test runs is noise, not the test's leak" {
    requires_free_cgroup blk_cg
    other_program
    mkdir "$(cgroup2_root)/blk_cg"        # the test's own, removed again: no leak
    rmdir "$(cgroup2_root)/blk_cg"
    run_ok no_leaks
    assert_output --partial "NOISE (another program's, not a failure): cgroup $NOISE_CG"
    assert_output --partial "NOISE (another program's, not a failure): netns $NOISE_NS"
    assert_output --partial "NOISE (another program's, not a failure): link $NOISE_VETH"
    assert_output --partial "NOISE (another program's, not a failure): mount $NOISE_MNT/merged"
    assert_output --partial "NOISE (another program's, not a failure): process $NOISE_BUSYBOX "
    refute_output --partial "LEAK:"
    # teardown's own check runs while the other program's resources still exist, and passes
}

@test "what the test leaves with its names fails the check, beside another program's noise" {
    requires_free_cgroup blk_left_cg
    requires_free_netns blkns
    track_cgroup blk_left_cg         # teardown removes them if this test fails halfway
    track_netns blkns
    other_program
    mkdir "$(cgroup2_root)/blk_left_cg"
    ip netns add blkns
    mkdir -p "$T/o/lower" "$T/o/upper" "$T/o/work" "$T/o/merged"
    mount -t overlay overlay -o "lowerdir=$T/o/lower,upperdir=$T/o/upper,workdir=$T/o/work" "$T/o/merged"
    (cd "$T/o" && exec busybox sleep 600) &
    local own_busybox=$!
    track_pid "$own_busybox"
    run_expect 1 no_leaks
    assert_output --partial "LEAK: cgroup $(cgroup2_root)/blk_left_cg"
    assert_output --partial "LEAK: netns blkns"
    assert_output --partial "LEAK: mount $T/o/merged"
    assert_output --partial "LEAK: process $own_busybox "
    assert_output --partial "NOISE (another program's, not a failure): cgroup $NOISE_CG"
    assert_output --partial "NOISE (another program's, not a failure): process $NOISE_BUSYBOX "
    # the test's own cleanup, so that teardown passes
    umount "$T/o/merged"
    ip netns delete blkns
    rmdir "$(cgroup2_root)/blk_left_cg"
    kill "$own_busybox"
    wait "$own_busybox" 2>/dev/null || true
    run_ok no_leaks
}
