#!/usr/bin/env bats
# jconshgen apply / verify / status / exec / destroy on the real kernel, and every verification
# check shown FAILING when its condition is broken on purpose. Each test isolates its state
# under $T/state and destroys what it applied; teardown fails the test on any leak.

load helpers

setup() {
    apply_setup
}

teardown() {
    apply_teardown
}

# apply_ok SPEC_FILE NAME: apply must succeed with every check PASS (or SKIP).
apply_ok() {
    APPLIED+=("$2")
    run_ok jg apply "$1"
    refute_output --partial FAIL
    assert_output --partial "container $2 is running"
    PID=$(jg status "$2" --json | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
    [[ $PID =~ ^[0-9]+$ ]]
}

# verify_fails CHECK [NAME|SPEC]: verify exits 1 and reports CHECK as FAIL.
verify_fails() {
    run_expect 1 jg verify "${2:-$NAME}"
    assert_line --partial "FAIL $1"
}

# A container with network and cgroup limits for the break-a-check tests.
apply_breakable() {
    NAME=jgbrk
    requires_free_netns jgbrk
    requires_free_cgroup jgbrk_cg
    requires_free_subnet 10.231.7
    write_spec $NAME "hostname: brk-host" "cgroup: {name: jgbrk_cg, limits: {pids: 40}}" \
        "network: {netns: jgbrk, hostAddress: 10.231.7.1/24, containerAddress: 10.231.7.2/24}"
    apply_ok "$T/$NAME.yaml" $NAME
    run_ok jg verify $NAME
    assert_output --partial "all checks passed"
}

@test "apply the lab spec: every check passes, exec and nc work, destroy leaves nothing" {
    exclusive consh
    requires_free_netns consh
    requires_free_cgroup consh_cgrp
    requires_free_subnet 10.0.0
    cp "$REPO/examples/lab.yaml" "$T/lab.yaml"
    apply_ok "$T/lab.yaml" consh
    for check in "init process alive" "namespace user" "namespace cgroup" "init is PID 1 inside" "uid map" \
        "root is the spec's overlay" "/MANIFEST in the container" "/proc mounted" "/sys mounted" \
        "old root not visible" "hostname" "cgroup membership" "host veth address" "container veth address" \
        "ping from host" "tcp round trip (nc)"; do
        assert_line --partial "PASS $check"
    done

    run_ok jg exec consh -- hostname
    assert_output consh-host

    # The handout's nc exercise: a listener inside, busybox nc on the host receives its data.
    jg exec consh -- sh -c 'echo hello-from-consh | timeout 10 nc -l -p 50001' &
    local listener=$!
    local got='' i
    for i in $(seq 1 30); do
        got=$(timeout 3 busybox nc -w 2 10.0.0.2 50001 2>/dev/null) && [ -n "$got" ] && break
        sleep 0.2
    done
    wait "$listener" || true
    [ "$got" = hello-from-consh ]

    run_ok jg status consh --json
    assert_output --partial '"state":"running"'
    assert_output --partial '"containerAddress":"10.0.0.2/24"'

    run_ok jg destroy consh
    assert_output --partial "nothing of it is left"
    run_ok no_leaks
    [ ! -e "$T/demo" ]
    [ ! -e "$JCONSHGEN_STATE_DIR/consh" ]

    run_ok jg destroy consh
    assert_output --partial "nothing to destroy"
}

@test "apply --json prints a machine-readable report" {
    write_spec jgjson "namespaces: [user, pid, mount, uts, ipc]"
    APPLIED+=(jgjson)
    run_ok jg apply --json "$T/jgjson.yaml"
    assert_output --regexp '^\{"name":"jgjson","ok":true,"pid":[0-9]+,"steps":\[.*\],"checks":\[.*"status":"PASS"'
    run_ok jg destroy --json jgjson
    assert_output --partial '"leftovers":[]'
}

@test "variant: no network, no cgroup, a subset of namespaces, another host name" {
    write_spec jgsub "hostname: sub.example" "namespaces: [mount, uts, pid, ipc]"
    apply_ok "$T/jgsub.yaml" jgsub
    assert_line --partial "PASS namespace net"
    assert_line --partial "SKIP cgroup"
    assert_line --partial "SKIP network"
    run_ok jg exec jgsub -- hostname
    assert_output sub.example
    assert_namespaces "$PID" mount uts pid ipc
    # the same spec again: refused, and the running container is left alone
    run_expect 1 jg apply "$T/jgsub.yaml"
    assert_output --partial "container jgsub exists already"
    run_ok jg verify jgsub
    run_ok jg destroy jgsub
    run_ok no_leaks
}

@test "variant: user namespace without pid and net namespaces" {
    write_spec jgusr "namespaces: [user, mount, uts]"
    apply_ok "$T/jgusr.yaml" jgusr
    assert_namespaces "$PID" user mount uts
    run_ok jg destroy jgusr
}

@test "variant: cgroup limits apply to the container and to exec" {
    requires_free_cgroup jglim_cg
    write_spec jglim "cgroup: {name: jglim_cg, limits: {pids: 25, memory: 64M}}"
    apply_ok "$T/jglim.yaml" jglim
    assert_line --partial "PASS cgroup limit pids"
    assert_line --partial "PASS cgroup limit memory"
    # exec joins the cgroup first: the command it runs is counted there
    run_ok jg exec jglim -- cat /proc/self/cgroup
    assert_line '0::/'
    run_ok jg destroy jglim
}

@test "two containers at once do not interfere, and each destroy removes only its own" {
    requires_free_netns jgtwa jgtwb
    requires_free_subnet 10.231.8
    requires_free_subnet 10.231.9
    write_spec jgtwa "network: {netns: jgtwa, hostAddress: 10.231.8.1/24, containerAddress: 10.231.8.2/24}"
    write_spec jgtwb "network: {netns: jgtwb, hostAddress: 10.231.9.1/30, containerAddress: 10.231.9.2/30}"
    apply_ok "$T/jgtwa.yaml" jgtwa
    apply_ok "$T/jgtwb.yaml" jgtwb
    run_ok jg status
    assert_line --partial "jgtwa  pid"
    assert_line --partial "jgtwb  pid"
    run_ok jg destroy jgtwa
    run_ok jg verify jgtwb
    run_ok jg destroy jgtwb
}

@test "apply refuses an invalid spec with exit 2 and creates nothing" {
    write_spec jgbad "hostname: 'bad host'" "network: {netns: this-name-is-too-long}"
    run_expect 2 jg apply "$T/jgbad.yaml"
    assert_output --partial "jgbad.yaml:3:"
    assert_output --partial "network.netns"
    [ ! -e "$T/jgbad" ]
    [ ! -e "$JCONSHGEN_STATE_DIR/jgbad" ]
}

@test "apply refuses when a resource is in the way, and changes nothing" {
    requires_free_cgroup jgway_cg
    write_spec jgway "cgroup: {name: jgway_cg}"
    local dir
    dir=$(cgroup2_root)/jgway_cg
    mkdir "$dir"
    track_cgroup jgway_cg
    run_expect 1 jg apply "$T/jgway.yaml"
    assert_output --partial "cgroup $dir exists already"
    assert_output --partial "nothing was changed"
    [ ! -e "$T/jgway" ]
    [ -d "$dir" ]
    rmdir "$dir"
}

@test "a failing step is reported with its output and everything is undone" {
    write_spec jgfail "cgroup: {name: jgfail_cg}"
    APPLIED+=(jgfail)
    # the container is given no time at all to start: setup fails in its wait step
    CONSH_START_TIMEOUT=0 run_expect 1 jg apply "$T/jgfail.yaml"
    assert_output --regexp 'setup \+ post-setup +FAILED'
    assert_output --partial 'step "wait for the container" failed'
    assert_output --partial "everything apply made was removed"
    [ ! -e "$T/jgfail" ]
    [ ! -e "$JCONSHGEN_STATE_DIR/jgfail" ]
    run_ok no_leaks
}

@test "a failing check undoes apply; --keep-on-failure keeps the container for debugging" {
    requires_free_netns jgnonc
    requires_free_subnet 10.231.6
    # a top layer whose nc does nothing: the listener of the TCP round trip never runs
    # (nsenter starts 'nc' from the container's /bin, which this layer covers)
    mkdir -p "$T/jgnonc/broken/bin"
    printf '#!/bin/sh\nexit 1\n' >"$T/jgnonc/broken/bin/nc"
    chmod +x "$T/jgnonc/broken/bin/nc"
    write_spec jgnonc "rootfs: {layers: [busybox: {}, directory: {dir: broken}]}" \
        "network: {netns: jgnonc, hostAddress: 10.231.6.1/24, containerAddress: 10.231.6.2/24}"
    APPLIED+=(jgnonc)
    run_expect 1 jg apply "$T/jgnonc.yaml"
    assert_line --partial "FAIL tcp round trip (nc)"
    assert_line --partial "PASS ping from host"
    assert_output --partial "everything apply made was removed"
    [ -x "$T/jgnonc/broken/bin/nc" ]          # the user's layer is not ours to remove
    [ ! -e "$T/jgnonc/ovly" ]
    run_ok no_leaks

    run_expect 1 jg apply --keep-on-failure "$T/jgnonc.yaml"
    assert_output --partial "kept for debugging"
    run_ok jg status jgnonc
    assert_output --partial running
    run_ok jg destroy jgnonc
    run_ok no_leaks
}

# --- every check fails when its condition is broken -------------------------------------------

@test "check 'init process alive' fails when the init is killed" {
    apply_breakable
    kill -KILL "$PID"
    wait_gone "$PID"
    verify_fails "init process alive"
    run_ok jg destroy $NAME
}

@test "check 'namespace' fails for a namespace the spec has and the container lacks, and the reverse" {
    apply_breakable
    sed 's/^name: .*/&\nnamespaces: [user, pid, mount, net, uts, cgroup]/' "$T/$NAME.yaml" >"$T/no-ipc.yaml"
    verify_fails "namespace ipc" "$T/no-ipc.yaml"
    write_spec jgnsb "namespaces: [mount, uts]"
    apply_ok "$T/jgnsb.yaml" jgnsb
    sed 's/^namespaces: .*/namespaces: [mount, uts, ipc]/' "$T/jgnsb.yaml" >"$T/with-ipc.yaml"
    verify_fails "namespace ipc" "$T/with-ipc.yaml"
    run_ok jg destroy jgnsb
    run_ok jg destroy $NAME
}

@test "checks 'init is PID 1 inside' and 'uid map' fail for a container without those namespaces" {
    write_spec jgnopid "namespaces: [mount, uts]"
    apply_ok "$T/jgnopid.yaml" jgnopid
    sed 's/^namespaces: .*/namespaces: [user, mount, uts, pid]/' "$T/jgnopid.yaml" >"$T/claims.yaml"
    verify_fails "init is PID 1 inside" "$T/claims.yaml"
    assert_line --partial "FAIL uid map"
    run_ok jg destroy jgnopid
}

@test "check 'root is the spec's overlay' fails against another layer" {
    apply_breakable
    # another layer below the busybox one (whose place apply takes from its cache)
    sed 's/^name: .*/&\nrootfs: {layers: [directory: {dir: other}, busybox: {}]}/' "$T/$NAME.yaml" >"$T/other.yaml"
    verify_fails "root is the spec's overlay" "$T/other.yaml"
    run_ok jg destroy $NAME
}

@test "checks on the inside fail when MANIFEST, /proc, /sys, the old root or the host name are broken" {
    apply_breakable
    run_ok jg exec $NAME -- rm /MANIFEST
    verify_fails "/MANIFEST in the container"
    run_ok jg exec $NAME -- umount -l /proc
    verify_fails "/proc mounted"
    run_ok jg exec $NAME -- umount -l /sys
    verify_fails "/sys mounted"
    run_ok jg exec $NAME -- mkdir /oldrootfs
    verify_fails "old root not visible"
    run_ok jg exec $NAME -- hostname not-brk-host
    verify_fails "hostname"
    run_ok jg destroy $NAME
}

@test "cgroup checks fail when the init leaves its cgroup or the limit changes" {
    apply_breakable
    # the limit lives in the v1 pids hierarchy on hybrid hosts, in the cgroup itself on v2
    if [ -d /sys/fs/cgroup/pids/jgbrk_cg ]; then
        echo 99 >/sys/fs/cgroup/pids/jgbrk_cg/pids.max
    else
        echo 99 >"$(cgroup2_root)/jgbrk_cg/pids.max"
    fi
    verify_fails "cgroup limit pids"
    echo "$PID" >"$(cgroup2_root)/cgroup.procs"
    verify_fails "cgroup membership"
    run_ok jg destroy $NAME
}

@test "network checks fail when an address, ping or the TCP round trip is broken" {
    apply_breakable
    # ICMP echo ignored inside the container's network namespace: ping fails, TCP still works
    run_ok nsenter -t "$PID" -n sysctl -q -w net.ipv4.icmp_echo_ignore_all=1
    verify_fails "ping from host"
    assert_line --partial "PASS tcp round trip (nc)"
    run_ok nsenter -t "$PID" -n sysctl -q -w net.ipv4.icmp_echo_ignore_all=0
    # another server holds the check's port (busybox httpd accepts connection after connection,
    # unlike an nc that gives the port up after one); no token can come through
    jg exec $NAME -- timeout 20 httpd -f -p 50000 -h / &
    local impostor=$! i
    for i in $(seq 1 100); do
        nsenter -t "$PID" -n ss -Hltn 'sport = :50000' | grep -q . && break
        sleep 0.1
    done
    run_ok nsenter -t "$PID" -n ss -Hltn 'sport = :50000'
    assert_output --partial LISTEN
    verify_fails "tcp round trip (nc)"
    kill "$impostor" 2>/dev/null
    wait "$impostor" || true
    run_ok nsenter -t "$PID" -n ip address flush dev jgbrk-1
    verify_fails "container veth address"
    run_ok ip address flush dev jgbrk-0
    verify_fails "host veth address"
    run_ok jg destroy $NAME
}

# --- what is not ours ---------------------------------------------------------------------------

@test "destroy by spec without state only lists what carries its names; --force removes it" {
    requires_free_netns jgorph
    requires_free_cgroup jgorph_cg
    requires_free_subnet 10.231.10
    write_spec jgorph "cgroup: {name: jgorph_cg}" \
        "network: {netns: jgorph, hostAddress: 10.231.10.1/24, containerAddress: 10.231.10.2/24}"
    apply_ok "$T/jgorph.yaml" jgorph
    track_pid "$PID"
    track_netns jgorph
    track_cgroup jgorph_cg
    rm -rf "${JCONSHGEN_STATE_DIR:?}/jgorph"     # the state is lost: jconshgen cannot know these are its own
    run_expect 1 jg destroy "$T/jgorph.yaml"
    assert_output --partial "did not make them here"
    assert_output --partial "veth jgorph-0"
    run_ok ip link show jgorph-0
    alive "$PID"
    run_ok jg destroy --force "$T/jgorph.yaml"
    run_fail ip link show jgorph-0
    [ ! -e /var/run/netns/jgorph ]
    wait_gone "$PID"
}

@test "setup refuses a cgroup that exists already instead of joining it" {
    requires_free_cgroup jgtaken_cg
    write_spec jgtaken "cgroup: {name: jgtaken_cg}"
    APPLIED+=(jgtaken)
    local dir
    dir=$(cgroup2_root)/jgtaken_cg
    track_cgroup jgtaken_cg
    # made after apply's own check, as another tool racing it would: setup itself must refuse
    run_ok jg generate "$T/jgtaken.yaml" -o "$T/scripts"
    mkdir -p "$T/jgtaken" && cd "$T/jgtaken"
    run_ok "$T/scripts/create_lowerfs.sh"
    mkdir "$dir"
    run_expect 1 "$T/scripts/consh_setup.sh" -d
    assert_output --partial "cannot create $dir (if it exists: another container"
    [ -d "$dir" ]
    [ -z "$(cat "$dir/cgroup.procs")" ]
    rmdir "$dir"
}

@test "names that are neither a container name nor a spec file are refused with exit 2" {
    run_expect 2 jg destroy 'Bad_Name'
    assert_output --partial "neither a container name"
    run_expect 2 jg verify '../../etc/passwd.yaml'
    run_expect 2 jg exec '..'
    run_expect 2 jg status 'a b'
}
