#!/usr/bin/env bats
# Faults at every step of 'jconshgen apply', injected on purpose (PATH shims for host commands,
# a full or read-only work directory, an address the host already has): apply exits 1 naming
# the step, and the host is exactly as before: leakcheck shows nothing new, the state directory
# is gone, and the work directory holds what it held before apply.
#
# A missing (or dynamic) busybox and a missing unshare are stopped before any step by the
# preflight (preflight.bats). Mounts inside the container (the overlay, /proc, /sys) are made by
# busybox under 'env -i', out of reach of a PATH shim; the failing post-setup is covered in
# failures.bats ("setup -d: a failing post-setup step ...").

load helpers

setup() {
    apply_setup
}

teardown() {
    apply_teardown
}

# snapshot_host: what "exactly as before" is compared with, taken after the test's own fixtures
# (tmpfs mounts, a first container) exist: leakcheck's list and a listing of the work directory.
snapshot_host() {
    "$LEAKCHECK" snapshot >"$BATS_TEST_TMPDIR/host.before"
    _workdir_listing >"$BATS_TEST_TMPDIR/workdir.before"
}

# assert_host_as_before NAME: nothing apply made for NAME is left anywhere.
assert_host_as_before() {
    run_ok no_leaks "$BATS_TEST_TMPDIR/host.before"
    [ ! -e "$JCONSHGEN_STATE_DIR/$1" ] || {
        echo "the state directory of $1 is still there" >&2
        return 1
    }
    _workdir_listing >"$BATS_TEST_TMPDIR/workdir.after"
    diff -u "$BATS_TEST_TMPDIR/workdir.before" "$BATS_TEST_TMPDIR/workdir.after" >&2 || {
        echo "the work directory of $1 differs from before apply" >&2
        return 1
    }
}

_workdir_listing() {
    (cd "$T" && find . -path ./state -prune -o -path ./shim -prune -o -path ./cache -prune -o -path ./locks -prune -o -print | sort)
}

# apply_fails_at STEP SPEC: apply exits 1 and names STEP as the one that failed, undone.
apply_fails_at() {
    APPLIED+=("$(basename "$2" .yaml)")
    run_expect 1 env PATH="$(shim_path)" "$JG" apply "$2"
    assert_output --partial "step '$1' failed"
    assert_output --partial "everything apply made was removed"
}

@test "fault: a full work directory stops 'lower layer'; what apply made there is removed" {
    spec_with_network bfa-full 10.231.110
    mkdir "$T/bfa-full"
    # busybox is about 2 MB: the lower layer cannot be written into 512 KiB.
    mount -t tmpfs -o size=512k jcg-full "$T/bfa-full"
    echo "the user's file" >"$T/bfa-full/keep.txt"
    # apply builds the busybox layer in its cache: here the full file system
    export JCONSHGEN_CACHE_DIR=$T/bfa-full
    snapshot_host
    apply_fails_at "lower layer" "$T/bfa-full.yaml"
    assert_output --partial "No space left on device"
    assert_host_as_before bfa-full
}

@test "fault: a read-only work directory stops apply when it claims the overlay directory, before any step" {
    spec_with_network bfa-ro 10.231.111
    mkdir "$T/bfa-ro"
    mount -t tmpfs -o ro jcg-ro "$T/bfa-ro"
    snapshot_host
    APPLIED+=(bfa-ro)
    run_expect 1 jg apply "$T/bfa-ro.yaml"
    assert_output --partial "cannot apply bfa-ro, nothing was changed"
    assert_output --partial "cannot create the overlay directory $T/bfa-ro/ovly"
    assert_output --partial "Read-only file system"
    assert_host_as_before bfa-ro
}

@test "fault: a cgroup that cannot be created stops 'setup + post-setup' before any container runs" {
    spec_with_network bfa-cg 10.231.112
    shim_fail mkdir '*/bfa-cg-cg*'
    snapshot_host
    apply_fails_at "setup + post-setup" "$T/bfa-cg.yaml"
    assert_output --partial 'step "create and join the cgroup" failed'
    assert_host_as_before bfa-cg
}

@test "fault: a failing unshare stops 'setup + post-setup'; the cgroup setup made is removed" {
    spec_with_network bfa-un 10.231.113
    shim_fail unshare '*--fork*'
    snapshot_host
    apply_fails_at "setup + post-setup" "$T/bfa-un.yaml"
    assert_output --partial "the container stopped during its setup"
    assert_host_as_before bfa-un
}

@test "fault: a failing mount (the netns bind mount) stops 'network'; the container is removed" {
    spec_with_network bfa-mnt 10.231.114
    shim_fail mount '* --bind /proc/*/ns/net *'
    snapshot_host
    apply_fails_at "network" "$T/bfa-mnt.yaml"
    assert_output --partial 'step "name the network namespace" failed'
    assert_host_as_before bfa-mnt
}

@test "fault: 'ip link add' fails: 'network' stops, the netns it named and the container are removed" {
    spec_with_network bfa-ip 10.231.115
    shim_fail ip '* link add *'
    snapshot_host
    apply_fails_at "network" "$T/bfa-ip.yaml"
    assert_output --partial 'step "create the veth pair" failed'
    assert_host_as_before bfa-ip
}

@test "fault: ip fails halfway (the container end's address): veth, netns and container are removed" {
    spec_with_network bfa-half 10.231.116
    shim_fail ip '* -n bfa-half address add *'
    snapshot_host
    apply_fails_at "network" "$T/bfa-half.yaml"
    assert_output --partial 'step "configure the container end" failed'
    assert_host_as_before bfa-half
}

@test "fault: a host address already in use on the host stops 'network'; the other container is untouched" {
    spec_with_network bfa-one 10.231.117
    APPLIED+=(bfa-one)
    run_ok jg apply "$T/bfa-one.yaml"
    local first_pid
    first_pid=$(cat "$JCONSHGEN_STATE_DIR/bfa-one/container.pid")

    requires_free_netns bfa-two
    requires_free_cgroup bfa-two-cg
    # The same host address as bfa-one, then only the same subnet: both would shadow bfa-one.
    write_spec bfa-two "cgroup: {name: bfa-two-cg}" \
        "network: {netns: bfa-two, hostAddress: 10.231.117.1/24, containerAddress: 10.231.117.3/24}"
    write_spec bfa-three "network: {netns: bfa-three, hostAddress: 10.231.117.5/24, containerAddress: 10.231.117.6/24}"
    snapshot_host
    apply_fails_at "network" "$T/bfa-two.yaml"
    assert_output --partial "the host address 10.231.117.1 is in use on this host already (on bfa-one-0)"
    assert_host_as_before bfa-two
    apply_fails_at "network" "$T/bfa-three.yaml"
    assert_output --partial "the subnet of 10.231.117.5/24 is in use on this host already (route: 10.231.117.0/24 dev bfa-one-0"
    assert_host_as_before bfa-three

    run_ok jg verify bfa-one
    assert_output --partial "all checks passed"
    [ "$(cat "$JCONSHGEN_STATE_DIR/bfa-one/container.pid")" = "$first_pid" ]
}
