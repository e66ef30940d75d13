#!/usr/bin/env bats
# Pure cgroup v2 hosts (Ubuntu 22.04+, Fedora, most CI runners), simulated on any host with a
# cgroup2 hierarchy: in a private mount namespace cgroup2 is mounted at /sys/fs/cgroup, so the
# scripts' `stat -f` and jconshgen's mount table both see the v2 layout. It is the same kernel
# hierarchy as /sys/fs/cgroup/unified on a hybrid host, so the host (and leakcheck) sees every
# cgroup these tests make.

load helpers

setup() {
    common_setup
    requires root busybox jar userns-overlay cgroup2 unshare
    export JCONSHGEN_STATE_DIR=$T/state
    HOST_V2=$(cgroup2_root)
}

# v2 CMD...: run CMD where /sys/fs/cgroup is the cgroup2 hierarchy.
v2() {
    unshare --mount --propagation private sh -c 'mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec "$@"' v2 "$@"
}

@test "v2: setup detects the layout, puts the init in the cgroup, cleanup removes it" {
    requires_free_cgroup v2s_cg
    track_cgroup v2s_cg
    write_spec v2s "cgroup: {name: v2s_cg}"
    generate "$T/v2s.yaml" "$T/scripts"
    mkdir -p "$T/v2s"
    cd "$T/v2s"
    run_ok "$T/scripts/create_lowerfs.sh"
    run_ok v2 "$T/scripts/consh_setup.sh" -v -d
    assert_output --partial "cgroup layout: v2; cgroup: /sys/fs/cgroup/v2s_cg"
    local pid
    pid=$(cat ovly/container.pid)
    track_pid "$pid"
    run_ok cat "/proc/$pid/cgroup"
    assert_line "0::/v2s_cg"
    [ "$(stat -f -c %T "$HOST_V2/v2s_cg")" = cgroup2fs ]
    grep -qx "$pid" "$HOST_V2/v2s_cg/cgroup.procs"
    stop_container "$pid"
    cd "$T"
    run_ok v2 "$T/scripts/consh_cleanup.sh" -v v2s
    assert_output --partial "removed cgroup /sys/fs/cgroup/v2s_cg"
    [ ! -e "$HOST_V2/v2s_cg" ]
    [ ! -e "$T/v2s" ]
}

@test "v2: a limit whose controller is not available fails loudly and leaves no cgroup" {
    requires_free_cgroup v2l_cg
    track_cgroup v2l_cg
    # the pids controller belongs to cgroup v1 on a hybrid host; skip where v2 really has it
    ! grep -qw pids "$HOST_V2/cgroup.controllers" || skip "pids is available in cgroup2 here"
    write_spec v2l "cgroup: {name: v2l_cg, limits: {pids: 20}}"
    generate "$T/v2l.yaml" "$T/scripts"
    mkdir -p "$T/v2l"
    cd "$T/v2l"
    run_ok "$T/scripts/create_lowerfs.sh"
    run_expect 1 v2 "$T/scripts/consh_setup.sh" -d
    assert_output --partial 'step "create and join the cgroup" failed: cannot enable the pids controller'
    [ ! -e "$HOST_V2/v2l_cg" ]
}

@test "v2: apply verifies membership in the v2 layout, exec joins the cgroup, destroy leaves nothing" {
    requires_free_cgroup v2a_cg
    track_cgroup v2a_cg
    write_spec v2a "hostname: v2-host" "cgroup: {name: v2a_cg}"
    run_ok v2 "$JG" apply "$T/v2a.yaml"
    assert_line --partial "PASS cgroup membership (v2 layout): /v2a_cg, /sys/fs/cgroup/v2a_cg on cgroup2, PID listed"
    refute_output --partial FAIL
    run_ok v2 "$JG" exec v2a -- cat /proc/self/cgroup
    assert_line "0::/"
    run_ok v2 "$JG" destroy v2a
    assert_output --partial "nothing of it is left"
    [ ! -e "$HOST_V2/v2a_cg" ]
}
