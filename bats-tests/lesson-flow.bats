#!/usr/bin/env bats
# The handout's flow with the *lesson* scripts (generated/lab/, 'jconshgen generate --style
# lesson'), typed on a terminal (tmux) exactly as the handout says:
#   mkdir demo; cd demo; ../create_lowerfs.sh lower
#   ../consh_setup.sh -v -h consh-host -c consh_cgrp lower ovly      (the container's busybox shell)
#   ./consh_nw_setup.sh $(pidof busybox) consh 10.0.0.1/24 10.0.0.2/24   (second terminal, as root)
#   nc -l -p 50000 -e sh -c '...' in the container, nc 10.0.0.2 50000 on the host
#   exit; ./consh_cleanup.sh -c consh_cgrp demo
# then nothing of it is left. A second test passes other names and addresses as options; a third
# shows that -n '' skips the network. In the first two, 'jconshgen verify SPEC --pid' checks the
# hand-made container from the host.
# The container's PID is found as the child of unshare in the terminal, not with 'pidof busybox',
# which is wrong as soon as another busybox runs on this host.

load helpers

# JCONSHGEN_LESSON points the tests at another copy of the lesson scripts (to see them fail).
LESSON=${JCONSHGEN_LESSON:-$REPO/generated/lab}

setup() {
    common_setup
    # the handout's names (consh, consh_cgrp, 10.0.0.0/24), which other files' tests use too
    exclusive consh
    requires root busybox userns-overlay unshare tmux jar
    consh=$T/consh
    mkdir "$consh"
    cp "$LESSON"/*.sh "$consh"/
    socket=jgl$$
}

teardown() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    common_teardown
}

# type TEXT: type one line into the terminal.
type_line() {
    tmux -L "$socket" send-keys -t flow -l "$1"
    tmux -L "$socket" send-keys -t flow Enter
}

# screen: what the terminal shows (with its scrollback).
screen() {
    tmux -L "$socket" capture-pane -p -S -200 -t flow
}

# wait_screen TEXT: wait (10 s at most) until the terminal shows TEXT.
wait_screen() {
    local i
    for ((i = 0; i < 200; i++)); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    screen >&2
    fail "the terminal never showed: $1"
}

# container_pid: the busybox shell in the terminal: the child of unshare, the child of the
# terminal's shell (which consh_setup.sh replaced with unshare by exec).
container_pid() {
    local pane unshare_pid
    pane=$(tmux -L "$socket" display -p -t flow '#{pane_pid}')
    unshare_pid=$(pgrep -P "$pane" | head -n 1)
    pgrep -P "$unshare_pid" | head -n 1
}

# flow HOSTNAME CGROUP NETNS HOST_ADDRESS CONTAINER_ADDRESS SETUP_OPTIONS CLEANUP_OPTIONS
flow() {
    local host_name=$1 cgroup=$2 netns=$3 host_address=$4 container_address=$5 setup_options=$6 cleanup_options=$7
    requires_free_cgroup "$cgroup"
    requires_free_netns "$netns"
    requires_free_subnet "${host_address%.*}"
    track_cgroup "$cgroup"
    track_netns "$netns"
    on_teardown "$consh" rm -rf demo

    tmux -L "$socket" new-session -d -s flow -x 160 -y 50 -c "$consh"
    type_line "PS1='host\$ '; mkdir demo; cd demo; ../create_lowerfs.sh lower && echo LAYER-DONE"
    wait_screen LAYER-DONE
    type_line "../consh_setup.sh $setup_options lower ovly"
    wait_screen '/ #'
    local pid
    pid=$(container_pid)
    [ -n "$pid" ] || fail "no container shell under the terminal"
    track_pid "$pid"
    [ "$(readlink /proc/"$pid"/exe)" = /bin/busybox ] || [ "$(basename "$(readlink /proc/"$pid"/exe)")" = busybox ] \
        || fail "process $pid is not busybox: $(readlink /proc/"$pid"/exe)"
    ns_differs "$pid" net || fail "the container shares the host's network namespace"
    grep -qx "0::/$cgroup" /proc/"$pid"/cgroup || fail "the container is not in cgroup $cgroup: $(cat /proc/"$pid"/cgroup)"

    type_line 'hostname; ls /'
    wait_screen MANIFEST
    screen | grep -qx "$host_name" || fail "the container's host name is not $host_name"

    # the second terminal: the network, as root
    cd "$consh"
    run_ok ./consh_nw_setup.sh "$pid" "$netns" "$host_address" "$container_address"
    # From the host, jconshgen's own verifier checks the hand-made container against a spec of
    # the names the flow used: every check passes, none is skipped (before the nc server below
    # takes the port of the verifier's TCP round trip).
    {
        printf 'name: flow
hostname: %s
workdir: demo
' "$host_name"
        printf 'rootfs: {layers: [busybox: {}], overlay: ovly}
'
        printf 'namespaces: [user, pid, mount, net, ipc, uts, cgroup]
user: {mapRootUser: true}
'
        printf 'cgroup: {name: %s, parent: auto}
' "$cgroup"
        printf 'network: {netns: %s, hostAddress: %s, containerAddress: %s}
' "$netns" "$host_address" "$container_address"
    } >"$consh/flow.yaml"
    run_ok "$JG" verify "$consh/flow.yaml" --pid "$pid"
    refute_line --partial FAIL
    refute_line --partial SKIP
    assert_line --partial "PASS root is the spec's overlay: overlay lowerdir=lower upperdir=ovly/upper"
    type_line "nc -l -p 50000 -e sh -c 's=; while true; do s=x\$s; echo \$s; sleep 1; done'"
    local received='' i
    for ((i = 0; i < 50; i++)); do
        received=$(timeout 3 busybox nc "${container_address%/*}" 50000 2>/dev/null | head -n 2 | tr '\n' ' ') || true
        [ "$received" = 'x xx ' ] && break
        sleep 0.1
    done
    [ "$received" = 'x xx ' ] || fail "the host received '$received' from the container's nc, not 'x xx '"

    # the server ends with its client; then exit the container's shell
    tmux -L "$socket" send-keys -t flow C-c
    type_line 'exit'
    wait_screen 'host$'
    wait_gone "$pid" || fail "the container's shell is still running"
    # shellcheck disable=SC2086 # the options, one word each
    run_ok ./consh_cleanup.sh $cleanup_options demo
    echo "# --- the terminal:" >&3
    screen | sed 's/^/# /' >&3

    [ ! -e demo ] || fail "demo is left"
    [ ! -e "/var/run/netns/$netns" ] || fail "/var/run/netns/$netns is left"
    ! ip link show "$netns-0" >/dev/null 2>&1 || fail "veth $netns-0 is left"
    local root
    for root in /sys/fs/cgroup /sys/fs/cgroup/unified; do
        [ ! -d "$root/$cgroup" ] || fail "cgroup $root/$cgroup is left"
    done
}

@test "lesson: the handout's flow on a terminal with the lab's names, then nothing is left" {
    flow consh-host consh_cgrp consh 10.0.0.1/24 10.0.0.2/24 "-v -h consh-host -c consh_cgrp" "-c consh_cgrp"
}

@test "lesson: other names and addresses given as options and arguments work the same" {
    flow other-host jgl_other_cg jglns 10.0.77.1/24 10.0.77.2/24 "-h other-host -c jgl_other_cg" "-c jgl_other_cg -n jglns"
}

@test "lesson: consh_cleanup.sh -n '' leaves the network alone, even one of the spec's default name" {
    requires_free_netns consh
    track_netns consh
    ip netns add consh
    cd "$consh"
    mkdir demo
    run_ok ./consh_cleanup.sh -c '' -n '' demo
    [ -e /var/run/netns/consh ] || fail "-n '' removed the netns consh"
    [ ! -e demo ] || fail "demo is left"
    ip netns delete consh
}
