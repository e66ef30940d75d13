#!/usr/bin/env bats
# Several containers on one Linux bridge (issue 5, item 5), with the GENERATED scripts run by
# hand: consh_bridge_setup.sh makes the bridge once, consh_nw_setup.sh of each container joins
# its veth to it, every container reaches every other one (ping, and a TCP round trip with busybox
# nc), and the cleanups remove veths, netns and bridge.
#
# Names of this file: containers, netns and work directories bbr-a, bbr-b, bbr-c; bridge bbr0;
# subnet 10.231.150.0/24 (bridge .1, containers .11, .12, .13).

load helpers

BRIDGE=bbr0
NET=10.231.150

setup() {
    common_setup
    requires root busybox userns-overlay unshare nsenter jar ip ping
    requires_free_netns bbr-a bbr-b bbr-c
    ! ip link show "$BRIDGE" >/dev/null 2>&1 || skip "interface $BRIDGE exists already: not ours, left alone"
    requires_free_subnet "$NET"
    track_netns bbr-a bbr-b bbr-c
    # Teardown runs these in order after killing the containers: the veths go with the netns
    # (track_netns), the bridge last; the generated cleanup refuses a bridge with ports, so the
    # bridge of a failed test is deleted by name (the check above made sure it is ours).
    on_teardown / ip link delete "$BRIDGE" type bridge
}

teardown() {
    common_teardown
}

# bridged_spec NAME LAST_OCTET: generate the scripts of a container on the bridge into $T/gen/NAME.
bridged_spec() {
    write_spec "$1" "namespaces: [user, pid, mount, net, ipc, uts]" \
        "network: {netns: $1, bridge: $BRIDGE, hostAddress: $NET.1/24, containerAddress: $NET.$2/24, defaultRoute: true}"
    generate "$T/$1.yaml" "$T/gen/$1"
}

# start_bridged NAME LAST_OCTET: start the container detached and join it to the bridge; sets
# PID_<a|b|c>.
start_bridged() {
    bridged_spec "$1" "$2"
    start_detached "$T/gen/$1" "$T/$1"
    printf -v "PID_${1#bbr-}" '%s' "$CONTAINER_PID"
    run_ok "$T/gen/$1/consh_nw_setup.sh" -v "$CONTAINER_PID"
    assert_output --partial "joined to bridge $BRIDGE"
}

# in_net PID CMD...: CMD in the network namespace of container PID (the host's binaries).
in_net() {
    local pid=$1
    shift
    nsenter -t "$pid" -n "$@"
}

@test "three containers on one bridge: each pings every other one, TCP between two, cleanups remove everything" {
    bridged_spec bbr-a 11
    run_ok "$T/gen/bbr-a/consh_bridge_setup.sh" -v
    assert_output "bridge $BRIDGE: host $NET.1/24"
    [ -d "/sys/class/net/$BRIDGE/bridge" ]
    run_ok ip -o -4 address show dev "$BRIDGE"
    assert_output --partial "inet $NET.1/24"

    start_bridged bbr-a 11
    start_bridged bbr-b 12
    start_bridged bbr-c 13

    # Every host end is a port of the bridge and has no address of its own.
    run_ok ls "/sys/class/net/$BRIDGE/brif"
    assert_output $'bbr-a-0\nbbr-b-0\nbbr-c-0'
    for c in a b c; do
        run_ok ip -o -4 address show dev "bbr-$c-0"
        assert_output ''
        run_ok ip -n "bbr-$c" route show default
        assert_output --partial "default via $NET.1 dev bbr-$c-1"
    done

    # Each container reaches every other one, and the host at the bridge address.
    local -A addr=([a]=11 [b]=12 [c]=13)
    local -A pid=([a]=$PID_a [b]=$PID_b [c]=$PID_c)
    for from in a b c; do
        run_ok in_net "${pid[$from]}" ping -c 1 -W 2 "$NET.1"
        for to in a b c; do
            [ "$from" != "$to" ] || continue
            run_ok in_net "${pid[$from]}" ping -c 1 -W 2 "$NET.${addr[$to]}"
        done
    done

    # The ping check fails when the path is broken: bbr-c's host end taken off the bridge.
    run_ok ip link set bbr-c-0 nomaster
    run_fail in_net "$PID_a" ping -c 1 -W 1 "$NET.13"
    run_ok ip link set bbr-c-0 master "$BRIDGE"

    # TCP: a busybox nc server in bbr-b, its client in bbr-a.
    run_fail in_net "$PID_a" busybox nc -w 1 "$NET.12" 50000 </dev/null
    in_net "$PID_b" busybox nc -l -p 50000 -e sh -c 'echo bbr-b-says-hello' >"$T/nc-server.log" 2>&1 3>&- &
    local server=$!
    track_pid "$server"
    local received=''
    for _ in $(seq 50); do
        received=$(in_net "$PID_a" busybox nc -w 2 "$NET.12" 50000 </dev/null 2>/dev/null) || true
        [ -z "$received" ] || break
        sleep 0.1
    done
    assert_equal "$received" bbr-b-says-hello
    wait_gone "$server" 5

    # The bridge is not removed while containers are joined to it.
    run_fail "$T/gen/bbr-a/consh_bridge_cleanup.sh"
    assert_output --partial "still has bbr-a-0 bbr-b-0 bbr-c-0 joined to it"
    [ -d "/sys/class/net/$BRIDGE/bridge" ]

    for c in a b c; do
        stop_container "${pid[$c]}"
        run_ok "$T/gen/bbr-$c/consh_nw_cleanup.sh" -v
        [ ! -e "/var/run/netns/bbr-$c" ]
        [ ! -e /sys/class/net/"bbr-$c-0" ]
    done
    run_ok "$T/gen/bbr-a/consh_bridge_cleanup.sh" -v
    assert_output "consh_bridge_cleanup.sh: bridge $BRIDGE removed"
    [ ! -e /sys/class/net/"$BRIDGE" ]
    # Safe to run twice.
    run_ok "$T/gen/bbr-a/consh_bridge_cleanup.sh"
    for c in a b c; do
        (cd "$T" && run_ok "$T/gen/bbr-$c/consh_cleanup.sh" "bbr-$c")
    done
    run_ok no_leaks
}

@test "consh_bridge_setup.sh refuses a bridge that exists or a subnet in use, and leaves it alone" {
    bridged_spec bbr-a 11
    ! ip link show bbr1 >/dev/null 2>&1 || skip "interface bbr1 exists already: not ours, left alone"
    # Removed in teardown should the check under test let it be made.
    on_teardown / ip link delete bbr1 type bridge
    run_ok "$T/gen/bbr-a/consh_bridge_setup.sh"
    run_fail "$T/gen/bbr-a/consh_bridge_setup.sh"
    assert_output --partial "interface $BRIDGE exists already"
    # Another name in the same subnet: the first bridge's route covers it.
    run_fail "$T/gen/bbr-a/consh_bridge_setup.sh" bbr1 "$NET.2/24"
    assert_output --partial 'step "check the address" failed: the subnet of'
    [ ! -e /sys/class/net/bbr1 ]
    run_ok ip -o -4 address show dev "$BRIDGE"
    assert_output --partial "inet $NET.1/24"
    run_ok "$T/gen/bbr-a/consh_bridge_cleanup.sh"
}

@test "consh_nw_setup.sh -b: a missing bridge, a bridge without the host address or a host address as container address fail and leave nothing" {
    bridged_spec bbr-a 11
    start_detached "$T/gen/bbr-a" "$T/bbr-a"
    run_fail "$T/gen/bbr-a/consh_nw_setup.sh" "$CONTAINER_PID"
    assert_output --partial "there is no bridge $BRIDGE"
    run_ok "$T/gen/bbr-a/consh_bridge_setup.sh" "$BRIDGE" "$NET.1/24"
    run_fail "$T/gen/bbr-a/consh_nw_setup.sh" "$CONTAINER_PID" bbr-a "$NET.2/24" "$NET.11/24"
    assert_output --partial "bridge $BRIDGE does not have the address $NET.2/24"
    run_fail "$T/gen/bbr-a/consh_nw_setup.sh" "$CONTAINER_PID" bbr-a "$NET.1/24" "$NET.1/24"
    assert_output --partial "the container address $NET.1 is an address of this host (on $BRIDGE)"
    [ ! -e /var/run/netns/bbr-a ]
    [ ! -e /sys/class/net/bbr-a-0 ]
    run_ok ls "/sys/class/net/$BRIDGE/brif"
    assert_output ''
    # A name that is no interface name is refused before anything is made.
    run_fail "$T/gen/bbr-a/consh_nw_setup.sh" -b 'bad;name' "$CONTAINER_PID"
    assert_output --partial "bridge 'bad;name' is not an interface name"
    run_ok "$T/gen/bbr-a/consh_bridge_cleanup.sh"
}

@test "apply refuses a bridged container spec (a kind: Lab spec runs bridges) and makes nothing" {
    bridged_spec bbr-a 11
    export JCONSHGEN_STATE_DIR=$T/state
    run_expect 2 "$JG" apply "$T/bbr-a.yaml"
    assert_output --partial "network.bridge: apply runs bridged containers only as members of a lab"
    [ ! -e "$T/state/bbr-a" ]
    [ ! -e "$T/bbr-a" ]
    [ ! -e /sys/class/net/"$BRIDGE" ]
}

@test "consh_bridge_setup.sh and consh_nw_setup.sh -b roll back what they made when a step fails" {
    bridged_spec bbr-a 11
    shim_fail ip '* link set bbr0 up *'
    run_fail env PATH="$(shim_path)" "$T/gen/bbr-a/consh_bridge_setup.sh"
    assert_output --partial 'step "create the bridge" failed: cannot bring bbr0 up'
    [ ! -e /sys/class/net/"$BRIDGE" ]

    rm -f "$T/shim/ip"
    run_ok "$T/gen/bbr-a/consh_bridge_setup.sh"
    start_detached "$T/gen/bbr-a" "$T/bbr-a"
    shim_fail ip '* link set bbr-a-0 master *'
    run_fail env PATH="$(shim_path)" "$T/gen/bbr-a/consh_nw_setup.sh" "$CONTAINER_PID"
    assert_output --partial 'step "configure the host end" failed: cannot join bbr-a-0 to bridge bbr0'
    [ ! -e /var/run/netns/bbr-a ]
    [ ! -e /sys/class/net/bbr-a-0 ]
    run_ok "$T/gen/bbr-a/consh_bridge_cleanup.sh"
}

@test "the bridge scripts: -h/--help print their usage and do nothing, an unknown option exits 2" {
    bridged_spec bbr-a 11
    cd "$T/gen/bbr-a"
    for script in consh_bridge_setup.sh consh_bridge_cleanup.sh; do
        for option in -h --help; do
            run_expect 0 --separate-stderr "./$script" "$option"
            assert_line --index 0 --partial "$script: "
            assert_output --partial "Usage: $script"
            refute_output --partial 'set -u'
        done
        run_expect 2 --separate-stderr "./$script" -Z
        [[ $stderr == *"Usage: $script"* ]]
    done
    [ ! -e /sys/class/net/"$BRIDGE" ]
}
