#!/usr/bin/env bats
# Scripts generated from the variant specs in specs/: no cgroup and no network; subsets of the
# namespaces; a cgroup with a pids limit; two containers at once. Each is started detached,
# checked from the host (host name through nsenter; /proc/PID/ns/* differ from the host's for
# exactly the spec's namespaces) and cleaned up with no leaks.
#
# Names of this file: containers bv-*, cgroups bv_*, netns bvtwoa/bvtwob, subnets 10.231.4.0/24
# and 10.231.5.0/24. Every spec has the work directory 'work', which lives in $T/<variant>/.

load helpers

setup_file() {
    # every spec is rendered once for the whole file
    [ -f "$JAR" ] || return 0
    local spec
    for spec in "$BATS_TEST_DIRNAME"/specs/variant-*.yaml; do
        "$JG" generate "$spec" -o "$BATS_FILE_TMPDIR/$(basename "$spec" .yaml)" >/dev/null
    done
}

setup() {
    common_setup
    requires root busybox userns-overlay unshare nsenter jar
}

teardown() {
    common_teardown
}

# start_variant NAME [SETUP_OPTION...]: start the container of specs/variant-NAME.yaml detached,
# its work directory in $T/NAME/work, as the generated scripts expect it (create_lowerfs.sh and
# consh_setup.sh with their defaults, from the work directory). Sets scripts, base, pid.
start_variant() {
    local name=$1
    shift
    scripts=$BATS_FILE_TMPDIR/variant-$name
    base=$T/$name
    [ -x "$scripts/consh_setup.sh" ]
    mkdir -p "$base/work"
    on_teardown "$base" "$scripts/consh_cleanup.sh"
    track_pidfile "$base/work/ovly/container.pid"
    cd "$base/work"
    run_ok "$scripts/create_lowerfs.sh"
    run_ok "$scripts/consh_setup.sh" -d "$@"
    pid=$(cat ovly/container.pid)
    track_pid "$pid"
    alive "$pid"
    cd "$base"
}

# session_left PID_OF_INIT SID: processes still alive in the container's session after it stopped.
session_left() {
    local p
    for p in $(ps -e -o pid=,sid= | awk -v s="$2" '$2 == s {print $1}'); do
        if alive "$p"; then
            ps -o pid=,args= -p "$p"
        fi
    done
}

# stop_and_clean: TERM the container, check that nothing of it is left running, run the generated
# cleanup from the work directory's parent with its defaults, and check with leakcheck.
stop_and_clean() {
    local sid
    sid=$(ps -o sid= -p "$pid" | tr -d ' ')
    stop_container "$pid"
    for _ in $(seq 20); do
        [ -n "$(session_left "$pid" "$sid")" ] || break
        sleep 0.1
    done
    local left
    left=$(session_left "$pid" "$sid")
    [ -z "$left" ] || fail "processes of the container outlived its PID 1 $pid: $left"
    cd "$base"
    run_ok "$scripts/consh_cleanup.sh" -v
    [ ! -e "$base/work" ]
    # (not 'run': the callers check the cleanup's $output)
    no_leaks >&2
}

@test "variant: all namespaces, no cgroup and no network" {
    start_variant plain
    assert_namespaces "$pid" user pid mount net ipc uts cgroup
    run_ok nsenter -t "$pid" -a hostname
    assert_output bv-plain-host
    run_ok nsenter -t "$pid" -a cat /MANIFEST
    assert_line 'creator uid: 0'
    assert_line 'creator pid: 1'
    # no cgroup was made: the container is where its starter was
    assert_equal "$(grep '^0::' "/proc/$pid/cgroup")" "$(grep '^0::' /proc/self/cgroup)"
    # its network namespace has only lo
    run_ok nsenter -t "$pid" -a ip -o link
    assert_equal "${#lines[@]}" 1
    assert_line --partial ': lo: '
    # the setup wrote no cgroup and no network into the cleanup
    run_ok grep -x -e "cgroup=''" -e "netns=''" "$scripts/consh_cleanup.sh"
    assert_equal "${#lines[@]}" 2
    stop_and_clean
    assert_output --partial "removed $base/work"
    refute_output --partial cgroup
    refute_output --partial veth
}

@test "variant: [mount, pid, uts] without a user namespace (root only)" {
    start_variant nouser
    assert_namespaces "$pid" mount pid uts
    run_ok nsenter -t "$pid" -a hostname
    assert_output bv-nouser-host
    run_ok nsenter -t "$pid" -a cat /MANIFEST
    assert_line 'creator uid: 0'
    assert_line 'creator pid: 1'
    # a fresh /proc of the new PID namespace: PID 1 is the container's init
    run_ok nsenter -t "$pid" -a cat /proc/1/cmdline
    assert_output --partial 'CONSH_POST_SETUP'
    run_ok nsenter -t "$pid" -a ls /
    refute_line oldrootfs
    stop_and_clean
}

@test "variant: [user, mount, uts] without pid and net namespaces: the host's /proc and /sys are bound" {
    start_variant nopid
    assert_namespaces "$pid" user mount uts
    run_ok nsenter -t "$pid" -a hostname
    assert_output bv-nopid-host
    run_ok nsenter -t "$pid" -a cat /MANIFEST
    assert_line 'creator uid: 0'
    # no PID namespace: the creator is the init's host PID, and /proc is the host's
    assert_line "creator pid: $pid"
    run_ok nsenter -t "$pid" -a test -d "/proc/$pid"
    run_ok nsenter -t "$pid" -a ls /
    refute_line oldrootfs
    # the host's host name is unchanged
    [ "$(hostname)" != bv-nopid-host ]
    stop_and_clean
}

@test "variant: [mount] only, no host name, no user namespace" {
    start_variant minimal
    assert_namespaces "$pid" mount
    assert_equal "$(nsenter -t "$pid" -a hostname)" "$(hostname)"
    run_ok nsenter -t "$pid" -a cat /MANIFEST
    assert_line "creator pid: $pid"
    run_ok nsenter -t "$pid" -a ls /
    assert_line MANIFEST
    refute_line oldrootfs
    stop_and_clean
}

@test "variant: a cgroup with limits {pids: 32}: pids.max is applied, the init is in it, forks beyond fail" {
    requires cgroup2
    requires_free_cgroup bv_pids_cgrp
    track_cgroup bv_pids_cgrp
    start_variant pids
    assert_namespaces "$pid" user pid mount net ipc uts cgroup
    run_ok nsenter -t "$pid" -a hostname
    assert_output bv-pids-host
    # membership of the cgroup in the unified hierarchy
    grep -qx '0::/bv_pids_cgrp' "/proc/$pid/cgroup"
    if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
        piddir=/sys/fs/cgroup/bv_pids_cgrp
    else
        requires pids-v1
        # hybrid: the limit is in the v1 pids hierarchy, and the init is there too
        piddir=/sys/fs/cgroup/pids/bv_pids_cgrp
        grep -qx '[0-9]*:pids:/bv_pids_cgrp' "/proc/$pid/cgroup"
    fi
    assert_equal "$(cat "$piddir/pids.max")" 32
    grep -qx "$pid" "$piddir/cgroup.procs"
    # the limit bites: a shell in the container's namespaces and in its pids cgroup cannot start
    # 40 more processes (nsenter does not join cgroups: join it first)
    run sh -c 'echo $$ >"$1/cgroup.procs" && exec nsenter -t "$2" -a sh -c "i=0; while [ \$i -lt 40 ]; do sleep 5 & i=\$((i + 1)); done; echo all-started"' \
        _ "$piddir" "$pid"
    assert_output --partial "can't fork"
    refute_output --partial all-started
    stop_and_clean
    [ ! -e "$piddir" ]
    [ ! -e "$(cgroup2_root)/bv_pids_cgrp" ]
}

@test "variant: two containers at once with different names do not interfere" {
    requires ip ping cgroup2
    requires_free_cgroup bv_two_a_cgrp bv_two_b_cgrp
    requires_free_netns bvtwoa bvtwob
    requires_free_subnet 10.231.4
    requires_free_subnet 10.231.5
    track_cgroup bv_two_a_cgrp bv_two_b_cgrp
    track_netns bvtwoa bvtwob
    cgroot=$(cgroup2_root)

    start_variant two-a
    pid_a=$pid base_a=$base scripts_a=$scripts
    run_ok "$scripts_a/consh_nw_setup.sh" "$pid_a"
    start_variant two-b
    pid_b=$pid base_b=$base scripts_b=$scripts
    run_ok "$scripts_b/consh_nw_setup.sh" "$pid_b"

    # each has its own name, namespaces, cgroup and network
    assert_equal "$(nsenter -t "$pid_a" -a hostname)" bv-two-a-host
    assert_equal "$(nsenter -t "$pid_b" -a hostname)" bv-two-b-host
    for ns in user pid mnt net ipc uts cgroup; do
        [ "$(readlink "/proc/$pid_a/ns/$ns")" != "$(readlink "/proc/$pid_b/ns/$ns")" ]
    done
    grep -qx '0::/bv_two_a_cgrp' "/proc/$pid_a/cgroup"
    grep -qx '0::/bv_two_b_cgrp' "/proc/$pid_b/cgroup"
    run_fail grep -qx "$pid_b" "$cgroot/bv_two_a_cgrp/cgroup.procs"
    run_ok ping -c 1 -W 2 10.231.4.2
    run_ok ping -c 1 -W 2 10.231.5.2
    run_ok nsenter -t "$pid_a" -a ip -o -4 addr show bvtwoa-1
    assert_output --partial 10.231.4.2/24
    run_ok nsenter -t "$pid_b" -a ip -o -4 addr show bvtwob-1
    assert_output --partial 10.231.5.2/24
    # each container sees only its own processes (its init, the init's sleep, and this shell)
    procs=$(nsenter -t "$pid_a" -a sh -c 'ls -d /proc/[0-9]*' | wc -l)
    [ "$procs" -le 4 ]

    # stop and clean a: b is untouched and still reachable
    pid=$pid_a base=$base_a scripts=$scripts_a
    sid_b=$(ps -o sid= -p "$pid_b" | tr -d ' ')
    stop_container "$pid_a"
    cd "$base_a"
    run_ok "$scripts_a/consh_cleanup.sh" -v
    assert_output --partial 'bv_two_a_cgrp'
    refute_output --partial 'bv_two_b'
    refute_output --partial 'bvtwob'
    [ ! -e "$base_a/work" ] && [ -d "$base_b/work/ovly/upper" ]
    alive "$pid_b"
    assert_equal "$(ps -o sid= -p "$pid_b" | tr -d ' ')" "$sid_b"
    [ -d "$cgroot/bv_two_b_cgrp" ] && [ ! -e "$cgroot/bv_two_a_cgrp" ]
    run_fail ip link show bvtwoa-0
    run_ok ping -c 1 -W 2 10.231.5.2
    assert_equal "$(nsenter -t "$pid_b" -a hostname)" bv-two-b-host

    pid=$pid_b base=$base_b scripts=$scripts_b
    stop_and_clean
    run_fail ip link show bvtwob-0
    [ ! -e /var/run/netns/bvtwob ] && [ ! -e "$cgroot/bv_two_b_cgrp" ]
}
