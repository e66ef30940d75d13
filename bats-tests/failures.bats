#!/usr/bin/env bats
# Failures of the generated lab scripts (generated/lab/robust): each one stops with a non-zero status and
# a message that names the failing step ('SCRIPT: step "..." failed: ...'), leaves nothing half
# made, and the guards of consh_cleanup.sh's rm -rf hold. Also: -h/--help, idempotent cleanups.
#
# Names of this file: cgroup bf_cgrp, netns bfail, subnet 10.231.1.0/24. The lab scripts default
# to the handout's consh_cgrp and consh: every call here names its own cgroup and netns.

load helpers

CG=bf_cgrp
NS=bfail
NET=10.231.1

setup() {
    common_setup
    requires busybox
    requires_free_cgroup "$CG"
    requires_free_netns "$NS"
    track_cgroup "$CG"
    track_netns "$NS"
    consh=$T/consh
    mkdir "$consh"
    cp "$LAB"/*.sh "$consh"/
    cd "$consh"
}

teardown() {
    common_teardown
}

# assert_step_failed SCRIPT STEP: $output holds the failure message of SCRIPT naming STEP.
assert_step_failed() {
    assert_output --partial "$1: step \"$2\" failed: "
}

# no_cgroup NAME: NAME exists in no cgroup hierarchy (nor as a plain directory).
no_cgroup() {
    local dir
    for dir in /sys/fs/cgroup/"$1" /sys/fs/cgroup/*/"$1"; do
        if [ -e "$dir" ]; then
            echo "cgroup $dir exists" >&2
            return 1
        fi
    done
}

# no_network NETNS: neither the veth pair nor the netns file (nor its bind mount) exists.
no_network() {
    run_fail ip link show "$1-0"
    [ ! -e "/var/run/netns/$1" ]
    run_fail grep -q " /run/netns/$1 " /proc/self/mountinfo
}

# a running detached container in $consh/demo, in cgroup bf_cgrp; sets CONTAINER_PID
start_demo() {
    requires root userns-overlay unshare
    start_detached "$consh" "$consh/demo" -h bf-host -c "$CG"
}

# --- consh_setup.sh ----------------------------------------------------------------------------

@test "setup: a missing lower layer stops at 'check the preconditions' and creates nothing" {
    mkdir demo
    cd demo
    run_expect 1 ../consh_setup.sh -c "$CG" nolower ovly
    assert_step_failed consh_setup.sh 'check the preconditions'
    assert_output --partial "lower layer 'nolower' does not exist (run create_lowerfs.sh first)"
    [ ! -e ovly ]
    no_cgroup "$CG"

    run_expect 1 ../consh_setup.sh -d -c "$CG" nolower ovly
    assert_step_failed consh_setup.sh 'check the preconditions'
    [ ! -e ovly ]
    no_cgroup "$CG"
}

@test "setup: a cgroup name that climbs out of its parent is refused before any cgroup is made" {
    mkdir demo
    cd demo
    run_ok ../create_lowerfs.sh lower
    run_expect 1 ../consh_setup.sh -d -c "../$CG" lower ovly
    assert_step_failed consh_setup.sh 'create and join the cgroup'
    assert_output --partial "cgroup '../$CG' is not a cgroup path"
    no_cgroup "$CG"
    run_expect 1 ../consh_setup.sh -d -c "$CG" -p /etc lower ovly
    assert_step_failed consh_setup.sh 'create and join the cgroup'
    no_cgroup "$CG"
}

@test "setup -d: a failing post-setup step is reported, and the cgroup it made is removed again" {
    requires root
    requires userns-overlay unshare cgroup2
    mkdir demo
    cd demo
    run_ok ../create_lowerfs.sh lower
    # without lower/proc the post-setup has no mount point for the container's /proc
    rmdir lower/proc
    run_expect 1 ../consh_setup.sh -d -c "$CG" lower ovly
    assert_output --partial 'consh_post_setup.sh: step "mount /proc" failed: cannot mount proc'
    assert_step_failed consh_setup.sh 'wait for the container'
    assert_output --partial 'the container stopped during its setup'
    no_cgroup "$CG"
    [ ! -s ovly/container.pid ]
}

@test "setup -d: the readiness pipe is gone once the container runs, and no container process holds it" {
    start_demo
    [ ! -e demo/ovly/.consh-ready ] || fail "demo/ovly/.consh-ready is left"
    local pid fd
    for pid in "$CONTAINER_PID" $(cat "/proc/$CONTAINER_PID/task/$CONTAINER_PID/children"); do
        for fd in /proc/"$pid"/fd/*; do
            case $(readlink "$fd") in *consh-ready*) fail "process $pid keeps the readiness pipe open on $fd" ;; esac
        done
    done
}

@test "setup -d: the container stops on a TERM sent the moment setup returns (its trap is set before it says ready)" {
    requires root userns-overlay unshare cgroup2
    # Widen the window after the readiness line: an init that sets its TERM trap only after the
    # line would still have none when the TERM below arrives, and the kernel drops a signal to a
    # PID namespace's init that has no handler for it.
    sed -i 's/exec 3>&-; /exec 3>\&-; sleep 1; /' consh_setup.sh
    grep -qF 'exec 3>&-; sleep 1; ' consh_setup.sh || fail "the init text was not changed"
    start_demo
    kill -TERM "$CONTAINER_PID"
    wait_gone "$CONTAINER_PID" 5 || fail "PID 1 ($CONTAINER_PID) ignored the TERM sent right after setup returned"
}

@test "setup -d: a container that hangs in its post-setup is stopped after CONSH_START_TIMEOUT, and nothing is left" {
    requires root
    requires userns-overlay unshare cgroup2
    mkdir demo
    cd demo
    run_ok ../create_lowerfs.sh lower
    # a post-setup that never finishes: the readiness line never comes
    sed -i '0,/^step=/s//sleep 600\nstep=/' ../consh_post_setup.sh
    grep -q '^sleep 600$' ../consh_post_setup.sh || fail "the post-setup was not changed"
    local start=$SECONDS
    CONSH_START_TIMEOUT=2 run_expect 1 ../consh_setup.sh -d -c "$CG" lower ovly
    assert_step_failed consh_setup.sh 'wait for the container'
    assert_output --partial 'the container was not ready after 2 s'
    [ $((SECONDS - start)) -lt 10 ] || fail "the wait took $((SECONDS - start)) s"
    no_cgroup "$CG"
    [ ! -e ovly/.consh-ready ]
    [ ! -s ovly/container.pid ]
}

# --- consh_nw_setup.sh -------------------------------------------------------------------------

@test "nw_setup: a PID that is not a number is refused, nothing is created" {
    requires root
    run_expect 1 ./consh_nw_setup.sh abc "$NS" "$NET.1/24" "$NET.2/24"
    assert_step_failed consh_nw_setup.sh 'check the arguments'
    assert_output --partial "PID 'abc' is not a number"
    run_expect 1 ./consh_nw_setup.sh '' "$NS" "$NET.1/24" "$NET.2/24"
    assert_step_failed consh_nw_setup.sh 'check the arguments'
    no_network "$NS"
}

@test "nw_setup: a PID in the host's network namespace (\$\$) or no process at all is refused" {
    requires root
    run_expect 1 ./consh_nw_setup.sh $$ "$NS" "$NET.1/24" "$NET.2/24"
    assert_step_failed consh_nw_setup.sh 'check the arguments'
    assert_output --partial "process $$ shares the host's network namespace: it is not the container"
    no_network "$NS"

    # a PID that no process has (above the kernel's pid_max)
    nopid=$(($(cat /proc/sys/kernel/pid_max) + 1))
    run_expect 1 ./consh_nw_setup.sh "$nopid" "$NS" "$NET.1/24" "$NET.2/24"
    assert_step_failed consh_nw_setup.sh 'check the arguments'
    assert_output --partial "there is no process $nopid"
    no_network "$NS"
}

@test "nw_setup: a netns name longer than 13 characters is refused (the veth names would not fit)" {
    requires root
    start_demo
    long=bfail-toolong1
    track_netns "$long"
    [ "${#long}" -eq 14 ]
    run_expect 1 ./consh_nw_setup.sh "$CONTAINER_PID" "$long" "$NET.1/24" "$NET.2/24"
    assert_step_failed consh_nw_setup.sh 'check the arguments'
    assert_output --partial "netns name '$long' is longer than 13 characters"
    [ ! -e "/var/run/netns/$long" ]
    # 13 is fine
    ok13=bfail-toolong
    [ "${#ok13}" -eq 13 ]
    requires_free_netns "$ok13"
    track_netns "$ok13"
    requires_free_subnet "$NET"
    run_ok ./consh_nw_setup.sh "$CONTAINER_PID" "$ok13" "$NET.1/24" "$NET.2/24"
    run_ok ./consh_nw_cleanup.sh "$ok13"
    no_network "$ok13"
}

@test "nw_setup: a failure halfway (bad container address) rolls back: no veth, no netns left" {
    requires root
    requires ip
    requires_free_subnet "$NET"
    start_demo
    run_expect 1 ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.1/24" "$NET.2/99"
    assert_step_failed consh_nw_setup.sh 'configure the container end'
    assert_output --partial "cannot give $NS-1 the address $NET.2/99"
    no_network "$NS"

    # a host address that is no address is refused before anything is made
    run_expect 1 ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.999/24" "$NET.2/24"
    assert_step_failed consh_nw_setup.sh 'check the addresses'
    assert_output --partial "'$NET.999/24' is not an IPv4 address/prefix"
    no_network "$NS"

    # the host end fails (ip, injected): rolled back too
    shim_fail ip "* address add $NET.1/24 dev $NS-0 *"
    run_expect 1 env PATH="$(shim_path)" ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.1/24" "$NET.2/24"
    assert_step_failed consh_nw_setup.sh 'configure the host end'
    no_network "$NS"

    # and what the rollbacks left allows a correct run
    alive "$CONTAINER_PID"
    run_ok ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.1/24" "$NET.2/24"
    run_ok ping -c 1 -W 2 "$NET.2"
    run_ok ./consh_nw_cleanup.sh "$NS"
    no_network "$NS"
}

@test "nw_setup: an existing netns name is refused and the existing network is left alone" {
    requires root
    requires_free_subnet "$NET"
    start_demo
    run_ok ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.1/24" "$NET.2/24"
    run_expect 1 ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.1/24" "$NET.2/24"
    assert_step_failed consh_nw_setup.sh 'check the arguments'
    assert_output --partial "/var/run/netns/$NS exists already"
    # the first network still works
    run_ok ping -c 1 -W 2 "$NET.2"
    run_ok ./consh_nw_cleanup.sh "$NS"
}

# --- consh_nw_cleanup.sh -----------------------------------------------------------------------

@test "nw_cleanup: idempotent: twice after a setup, and for a network that never existed" {
    requires root
    requires_free_subnet "$NET"
    start_demo
    run_ok ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.1/24" "$NET.2/24"
    run_ok ./consh_nw_cleanup.sh -v "$NS"
    assert_output --partial "deleted veth pair $NS-0/$NS-1"
    no_network "$NS"
    run_ok ./consh_nw_cleanup.sh -v "$NS"
    refute_output --partial deleted
    no_network "$NS"
    # a netns file that is no longer mounted (only the file is left) is removed too
    touch "/var/run/netns/$NS"
    run_ok ./consh_nw_cleanup.sh "$NS"
    no_network "$NS"
    # a bad name is refused, not passed to ip or rm
    run_expect 1 ./consh_nw_cleanup.sh '../x'
    assert_output --partial "netns name '../x' is not usable"
}

# --- consh_cleanup.sh --------------------------------------------------------------------------

# jail: a chroot made of a busybox lower layer, with the cleanup script in /consh. The tests that
# hand consh_cleanup.sh a path that means '/' run it there: should the guard ever break, the rm
# -rf can only reach the jail.
make_jail() {
    jail=$T/jail
    mkdir "$jail"
    (cd "$jail" && "$consh/create_lowerfs.sh" .) >/dev/null
    mkdir "$jail/consh"
    cp "$consh/consh_cleanup.sh" "$consh/consh_lib.sh" "$jail/consh/"
    echo keep >"$jail/canary"
}

@test "cleanup: refuses '/' (and a path that resolves to it), removes nothing" {
    requires root
    requires chroot
    make_jail
    run_expect 1 chroot "$jail" /bin/sh /consh/consh_cleanup.sh -c '' -n '' /
    assert_step_failed consh_cleanup.sh 'check what to remove'
    assert_output --partial 'refusing to remove /'
    [ -f "$jail/canary" ] && [ -x "$jail/bin/busybox" ]
    run_expect 1 chroot "$jail" /bin/sh /consh/consh_cleanup.sh -c '' -n '' /consh/..
    assert_output --partial 'refusing to remove /'
    run_expect 1 chroot "$jail" /bin/sh -c 'cd /consh && ./consh_cleanup.sh -c "" -n "" ..'
    assert_output --partial 'refusing to remove /'
    [ -f "$jail/canary" ] && [ -x "$jail/bin/busybox" ] && [ -f "$jail/consh/consh_cleanup.sh" ]
}

@test "cleanup: refuses an empty path (and does not fall back to the default 'demo')" {
    mkdir -p demo/lower/bin
    cp "$(command -v busybox)" demo/lower/bin/busybox
    echo keep >canary
    run_expect 1 ./consh_cleanup.sh -c '' -n '' ''
    assert_step_failed consh_cleanup.sh 'check what to remove'
    assert_output --partial 'the work directory must not be empty'
    [ -f canary ] && [ -x demo/lower/bin/busybox ]
}

@test "cleanup: refuses a directory that these scripts did not make, which stays" {
    mkdir precious
    echo data >precious/file
    mkdir precious/lower
    run_expect 1 ./consh_cleanup.sh -c '' -n '' precious
    assert_step_failed consh_cleanup.sh 'check what to remove'
    assert_output --partial 'was not made by these scripts'
    [ -f precious/file ]
    # what merely looks like a layer or an overlay (a /usr with bin/busybox, an upper/ and a
    # work/) is not enough either: only the marker the scripts write counts
    mkdir -p usrlike/bin usrlike/lower/bin usrlike/ovly/upper usrlike/upper usrlike/work
    cp "$(command -v busybox)" usrlike/bin/busybox
    cp "$(command -v busybox)" usrlike/lower/bin/busybox
    run_expect 1 ./consh_cleanup.sh -c '' -n '' usrlike
    assert_output --partial 'was not made by these scripts'
    [ -x usrlike/bin/busybox ]
    # a file is not a work directory either
    run_expect 1 ./consh_cleanup.sh -c '' -n '' precious/file
    assert_output --partial "is not a directory"
    [ -f precious/file ]
}

@test "cleanup: refuses while something is mounted inside the work directory (path with spaces too)" {
    requires root
    for dir in demo 'de mo'; do
        mkdir "$dir"
        (cd "$dir" && "$consh/create_lowerfs.sh" lower) >/dev/null
        mkdir -p "$dir/ovly/merged"
        mount -t tmpfs bats-failures "$dir/ovly/merged"
        echo data >"$dir/ovly/merged/file"
        run_expect 1 ./consh_cleanup.sh -c '' -n '' "$dir"
        assert_step_failed consh_cleanup.sh 'check what to remove'
        assert_output --partial "is mounted inside $consh/$dir: unmount it (or stop the container that uses it) first"
        [ -f "$dir/ovly/merged/file" ] && [ -x "$dir/lower/bin/busybox" ]
        umount "$dir/ovly/merged"
        run_ok ./consh_cleanup.sh -c '' -n '' "$dir"
        [ ! -e "$dir" ]
    done
}

@test "cleanup: refuses while something is mounted inside a work directory whose path has a backslash" {
    requires root
    dir='de\mo'
    mkdir "$dir"
    (cd "$dir" && "$consh/create_lowerfs.sh" lower) >/dev/null
    mkdir -p "$dir/ovly/merged"
    mount -t tmpfs bats-failures "$dir/ovly/merged"
    echo data >"$dir/ovly/merged/file"
    run ./consh_cleanup.sh -c '' -n '' "$dir"
    [ -f "$dir/ovly/merged/file" ] \
        || fail "consh_cleanup.sh did not see the mount (mountinfo shows '\\' as '\\134') and its rm -rf deleted the mounted file system's files: $output"
    assert_equal "$status" 1
    assert_output --partial "is mounted inside"
}

@test "cleanup: refuses to remove a cgroup that still holds processes, says to exit the container" {
    requires root
    requires cgroup2
    start_demo
    cgdir=$(cgroup2_root)/$CG
    # like an interactive container, which has no pid file: the cgroup is what shows it runs
    rm demo/ovly/container.pid
    run_expect 1 ./consh_cleanup.sh -c "$CG" -n '' demo
    assert_step_failed consh_cleanup.sh 'check what to remove'
    assert_output --partial "$cgdir still holds processes"
    assert_output --partial 'exit the container first'
    [ -d "$cgdir" ] && [ -x demo/lower/bin/busybox ]
    alive "$CONTAINER_PID"
    # once the container has exited, the same command removes everything
    stop_container "$CONTAINER_PID"
    run_ok ./consh_cleanup.sh -c "$CG" -n '' demo
    [ ! -e "$cgdir" ] && [ ! -e demo ]
}

@test "cleanup: refusing because the container still runs leaves its network alone" {
    requires root
    requires cgroup2
    requires_free_subnet "$NET"
    start_demo
    run_ok ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.1/24" "$NET.2/24"
    run_expect 1 ./consh_cleanup.sh -c "$CG" -n "$NS" demo
    assert_output --regexp 'exit the container first|still running'
    # a refused cleanup has changed nothing: the running container is still reachable
    [ -e "/var/run/netns/$NS" ] && ip link show "$NS-0" >/dev/null 2>&1 \
        || fail "consh_cleanup.sh removed the network of the running container before it refused to go on"
    run_ok ping -c 1 -W 2 "$NET.2"
}

@test "cleanup: refuses to remove the work directory of a running container that has no cgroup" {
    requires root
    start_detached "$consh" "$consh/demo" -h bf-host -c ''
    run ./consh_cleanup.sh -c '' -n '' demo
    # the container's layers are still there and it still works
    [ -x demo/lower/bin/busybox ] \
        || fail "consh_cleanup.sh removed the layers of a running container (its PID 1 $CONTAINER_PID is in demo/ovly/container.pid)"
    assert_equal "$status" 1
    run_ok nsenter -t "$CONTAINER_PID" -a cat /MANIFEST
}

@test "cleanup: twice is fine; the second run finds nothing to do" {
    requires root
    requires_free_subnet "$NET"
    start_demo
    run_ok ./consh_nw_setup.sh "$CONTAINER_PID" "$NS" "$NET.1/24" "$NET.2/24"
    stop_container "$CONTAINER_PID"
    run_ok ./consh_cleanup.sh -v -c "$CG" -n "$NS" demo
    assert_output --partial "removed $consh/demo"
    [ ! -e demo ]
    no_network "$NS"
    no_cgroup "$CG"
    run_ok ./consh_cleanup.sh -v -c "$CG" -n "$NS" demo
    assert_output --partial 'demo does not exist: nothing to remove'
    refute_output --partial removed
}

# --- usage -------------------------------------------------------------------------------------

# usage_ok SCRIPT OPTION: SCRIPT OPTION prints SCRIPT's usage on stdout and exits 0, nothing on
# stderr; otherwise it says what happened.
usage_ok() {
    run --separate-stderr "./$1" "$2"
    if [ "$status" -ne 0 ] || [[ $output != *"Usage: $1"* ]] || [ -n "${stderr:-}" ]; then
        printf '%s %s: exit %s; stdout has the usage: %s; stderr: %s\n' "$1" "$2" "$status" \
            "$([[ $output == *"Usage: $1"* ]] && echo yes || echo no)" "$(head -n 1 <<<"${stderr:-}")"
        return 1
    fi
    [[ ${lines[0]} == "$1: "* ]] || { echo "$1 $2: the usage does not start with '$1: '"; return 1; }
    [[ $output != *'set -u'* ]] || { echo "$1 $2: the usage shows 'set -u'"; return 1; }
}

@test "every script: --help prints its usage on stdout and exits 0, doing nothing" {
    mkdir demo
    (cd demo && "$consh/create_lowerfs.sh" lower) >/dev/null
    bad=''
    for script in create_lowerfs.sh consh_setup.sh consh_nw_setup.sh consh_nw_cleanup.sh consh_cleanup.sh; do
        message=$(usage_ok "$script" --help) || bad="$bad"$'\n'"$message"
    done
    [ -z "$bad" ] || fail "--help is not a help request for:$bad"
    [ -x demo/lower/bin/busybox ]
    [ ! -e --help ]
}

@test "every script but consh_setup.sh (where -h is the host name): -h prints its usage" {
    mkdir demo
    (cd demo && "$consh/create_lowerfs.sh" lower) >/dev/null
    bad=''
    for script in create_lowerfs.sh consh_nw_setup.sh consh_nw_cleanup.sh consh_cleanup.sh; do
        message=$(usage_ok "$script" -h) || bad="$bad"$'\n'"$message"
    done
    [ -z "$bad" ] || fail "-h is not a help request for:$bad"
    [ -x demo/lower/bin/busybox ]
    [ ! -e ./-h ]
}

@test "consh_setup.sh -h without a host name and an unknown option: usage on stderr, exit 2" {
    run_expect 2 --separate-stderr ./consh_setup.sh -h
    assert_output ''
    [[ $stderr == *"Usage: consh_setup.sh"* ]]
    for script in consh_setup.sh consh_nw_setup.sh consh_nw_cleanup.sh consh_cleanup.sh; do
        run_expect 2 --separate-stderr "./$script" -Z
        [[ $stderr == *"Usage: $script"* ]]
    done
}
