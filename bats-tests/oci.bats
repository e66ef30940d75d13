#!/usr/bin/env bats
# The spec on a real OCI runtime: 'jconshgen export oci' makes a bundle of the lab's container and
# of one with limits, runc runs each ('runc run -d', Debian's runc), the network comes from the
# lab's own consh_nw_setup.sh, and 'jconshgen verify SPEC --pid <runc's init>' must pass every
# check that applies (the overlay root and /MANIFEST are the scripts' conventions: SKIP, with what
# was seen). Then 'runc delete' and nothing is left. runc keeps its state in the test's directory.

load helpers

setup() {
    common_setup
    # the handout's names (consh, consh_cgrp, 10.0.0.0/24), which other files' tests use too
    exclusive consh
    requires root busybox jar runc nsenter ip
    RUNC_ROOT=$T/runc
}

teardown() {
    common_teardown
}

# runc_start ID BUNDLE: run the bundle detached (its stdio on files: runc hands it to the container,
# and bats' own descriptors must not stay open in it), register its removal, set RUNC_PID.
runc_start() {
    local id=$1 bundle=$2
    on_teardown "$T" runc --root "$RUNC_ROOT" delete --force "$id"
    (cd "$bundle" && runc --root "$RUNC_ROOT" run -d "$id" </dev/null >"$T/$id.out" 2>&1 3>&-) \
        || fail "runc run -d $id failed: $(cat "$T/$id.out")"
    RUNC_PID=$(runc --root "$RUNC_ROOT" state "$id" | sed -n 's/^ *"pid": \([0-9]*\),$/\1/p')
    [[ $RUNC_PID =~ ^[0-9]+$ ]] || fail "no PID in 'runc state $id'"
}

# runc_stop ID: delete the container; its cgroups (every hierarchy) must be gone with it.
runc_stop() {
    run_ok runc --root "$RUNC_ROOT" delete --force "$1"
}

@test "oci: the lab's container, exported and run by runc, passes every check of its spec that applies" {
    requires_free_netns consh
    requires_free_cgroup consh_cgrp
    requires_free_subnet 10.0.0
    track_netns consh
    track_cgroup consh_cgrp
    cp "$REPO/examples/lab.yaml" "$T/lab.yaml"
    run_ok "$JG" export oci "$T/lab.yaml" -o "$T/bundle"
    assert_output --partial "consh_nw_setup.sh PID consh 10.0.0.1/24 10.0.0.2/24"
    [ -x "$T/bundle/rootfs/bin/busybox" ] || fail "the bundle's rootfs has no busybox"
    [ ! -e "$T/bundle/.work" ] || fail "the bundle keeps its build directory"

    runc_start jgoci-lab-$$ "$T/bundle"
    # runc made the network namespace (owned by the container's user namespace); the lab's own
    # script makes the veth pair in it, as for the scripts' container.
    run_ok "$LAB/consh_nw_setup.sh" "$RUNC_PID"
    run_ok "$JG" verify "$T/lab.yaml" --pid "$RUNC_PID" --junit "$T/report.xml"
    echo "$output" | sed 's/^/# /' >&3
    refute_line --partial "FAIL"
    for check in "namespace user" "namespace pid" "namespace net" "namespace cgroup" "init is PID 1 inside" "uid map" \
        "/proc mounted" "/sys mounted" "old root not visible" "hostname" "cgroup membership" "host veth address" \
        "container veth address" "ping from host" "tcp round trip (nc)"; do
        assert_line --partial "PASS $check"
    done
    assert_line --partial "SKIP root is the spec's overlay (the root is not an overlay"
    assert_line --partial "SKIP /MANIFEST in the container"
    assert_line "score: 19/19"
    run_ok grep -c '<testcase ' "$T/report.xml"
    assert_output 21
    run_ok grep -c '<skipped ' "$T/report.xml"
    assert_output 2

    runc_stop jgoci-lab-$$
    run_ok "$LAB/consh_nw_cleanup.sh" consh
}

@test "oci: a container with limits, run by runc, has the spec's limits in its cgroup" {
    requires_free_cgroup limits_cgrp
    track_cgroup limits_cgrp
    cp "$REPO/examples/limits.yaml" "$T/limits.yaml"
    run_ok "$JG" export oci "$T/limits.yaml" -o "$T/bundle"
    runc_start jgoci-limits-$$ "$T/bundle"
    # Found by name: the one 'sh' that is a container's first process (another program's
    # container on this host makes that ambiguous: then the error must name this one).
    run "$JG" verify "$T/limits.yaml" --pid-of sh
    if [ "$status" -eq 2 ] && [[ $output == *"several containers' first processes are named sh"* ]]; then
        assert_output --partial "$RUNC_PID ("
        run_ok "$JG" verify "$T/limits.yaml" --pid "$RUNC_PID"
    fi
    [ "$status" -eq 0 ] || fail "verify --pid-of sh: exit $status: $output"
    echo "$output" | sed 's/^/# /' >&3
    assert_line --partial "PASS cgroup limit pids: 16"
    assert_line --partial "PASS cgroup limit memory: 33554432"
    assert_line --partial "PASS cgroup limit cpu: 20000"
    assert_line "score: 18/18"

    # A spec whose limits differ from what runc set: the limit checks fail, and say both values.
    sed 's/pids: 16 /pids: 17 /' "$T/limits.yaml" >"$T/other.yaml"
    grep -q 'pids: 17' "$T/other.yaml" || fail "the changed spec has no pids: 17"
    run_expect 1 "$JG" verify "$T/other.yaml" --pid "$RUNC_PID"
    assert_line --partial "FAIL cgroup limit pids: expected 17 in"
    assert_line "score: 17/18"

    runc_stop jgoci-limits-$$
    for dir in /sys/fs/cgroup/limits_cgrp /sys/fs/cgroup/*/limits_cgrp; do
        [ ! -e "$dir" ] || fail "runc delete left $dir"
    done
}

@test "oci: export refuses a bundle directory that exists, and changes nothing there" {
    cp "$REPO/examples/lab.yaml" "$T/lab.yaml"
    mkdir "$T/bundle"
    echo keep >"$T/bundle/mine"
    run_expect 2 "$JG" export oci "$T/lab.yaml" -o "$T/bundle"
    assert_output --partial "exists: give a new directory"
    [ "$(ls -A "$T/bundle")" = mine ] || fail "export changed the directory: $(ls -A "$T/bundle")"
    [ -z "$(find "$T" -maxdepth 1 -name '.bundle.*')" ] || fail "a staging directory was left"
}
