#!/usr/bin/env bats
# kind: Lab (issue 5, item 5): several containers on one Linux bridge, applied, verified and
# destroyed as a whole by jconshgen. apply makes the bridge, then every member (each with its own
# container state), and proves that every member reaches every other one (ping and a busybox nc
# round trip per ordered pair); destroy removes the members and then the bridge. A failure or a
# signal anywhere undoes everything.
#
# Names of this file: labs blb-l*, containers/netns/work directories blb-a, blb-b, blb-c (cgroup
# blb-b-cg); bridges blbbr0..blbbr9, test N on blbbrN and 10.231.16N.0/24 (bridge .1, members .2-.4).

load helpers

setup() {
    lab_apply_setup
}

teardown() {
    lab_apply_teardown
}

# lab_spec LAB N [YAML LINE FOR blb-b...]: $T/LAB.yaml, a lab of blb-a (which serves TCP on port
# 50000 with a tcp probe), blb-b (the extra lines, if any) and blb-c on bridge blbbrN in
# 10.231.16N.0/24, with a default route; registered for teardown, skipped when its names are taken.
lab_spec() {
    local lab=$1 n=$2
    shift 2
    BRIDGE=blbbr$n
    NET=10.231.16$n
    requires_free_netns blb-a blb-b blb-c
    requires_free_bridge "$BRIDGE"
    requires_free_subnet "$NET"
    requires_free_cgroup blb-b-cg
    track_netns blb-a blb-b blb-c
    track_bridge "$BRIDGE"
    track_cgroup blb-b-cg
    {
        printf 'apiVersion: jconshgen/v1\nkind: Lab\nname: %s\n' "$lab"
        printf 'network: {bridge: %s, address: %s.1/24, defaultRoute: true}\n' "$BRIDGE" "$NET"
        printf 'containers:\n'
        printf '  - name: blb-a\n'
        printf '    command: [nc, -ll, -p, "50000", -e, echo, hello from a]\n'
        printf '    probes: [{tcp: {port: 50000, expect: hello from a}}]\n'
        printf '  - name: blb-b\n'
        local line
        for line in "$@"; do
            printf '    %s\n' "$line"
        done
        printf '  - name: blb-c\n'
    } >"$T/$lab.yaml"
    LABS+=("$lab")
}

# lab_gone LAB: no state of the lab or its members, no bridge, nothing new on the host.
lab_gone() {
    [ ! -e "$JCONSHGEN_STATE_DIR/.labs/$1" ]
    [ ! -e "$JCONSHGEN_STATE_DIR/blb-a" ]
    [ ! -e "$JCONSHGEN_STATE_DIR/blb-b" ]
    [ ! -e "$JCONSHGEN_STATE_DIR/blb-c" ]
    [ ! -e "/sys/class/net/$BRIDGE" ]
    [ ! -e /var/run/netns/blb-a ]
    [ ! -e /var/run/netns/blb-b ]
    [ ! -e /var/run/netns/blb-c ]
    run_ok no_leaks
}

# every_pair_passes: each ordered pair of members pinged and did a TCP round trip (PASS lines).
every_pair_passes() {
    local a b
    for a in blb-a blb-b blb-c; do
        for b in blb-a blb-b blb-c; do
            [ "$a" != "$b" ] || continue
            assert_line --partial "PASS ping $a -> $b: replied"
            assert_line --regexp "^  PASS tcp $a -> $b \(nc\): jconshgen-[0-9a-f]{16}$"
        done
    done
}

# apply_in_background LAB: 'jconshgen apply' of $T/LAB.yaml with the shims first in PATH, in a
# session of its own; APPLY_PID is java's PID (see interrupts.bats).
apply_in_background() {
    setsid env --default-signal=INT PATH="$(shim_path)" "$JG" --verbose apply "$T/$1.yaml" >"$T/apply.out" 2>&1 &
    APPLY_PID=$!
    track_pid "$APPLY_PID"
}

@test "lab: apply makes the bridge and three members, every pair reaches the other; verify, status, member commands; destroy removes all" {
    lab_spec blb-l0 0
    run_ok jg apply "$T/blb-l0.yaml"
    assert_line --regexp "^bridge blbbr0 +OK"
    assert_line --regexp "^blb-b: setup \+ post-setup +OK"
    assert_line --partial "PASS blb-a: host veth on the bridge: blb-a-0 on blbbr0"
    assert_line --partial "PASS blb-c: bridge address: 10.231.160.1/24 on blbbr0"
    assert_line --partial "PASS blb-b: default route: default via 10.231.160.1"
    assert_line --partial "PASS blb-a: probe 1 tcp 10.231.160.2:50000: 'hello from a'"
    every_pair_passes
    assert_line --regexp "^lab network +OK"
    assert_line "lab blb-l0 is running; 'jconshgen verify blb-l0' checks it, 'jconshgen destroy blb-l0' removes it"
    # the host ends are the bridge's ports, and only those
    assert_equal "$(ls /sys/class/net/blbbr0/brif | tr '\n' ' ')" "blb-a-0 blb-b-0 blb-c-0 "

    run_ok jg verify blb-l0
    every_pair_passes
    assert_line "all checks passed"
    run_ok jg verify "$T/blb-l0.yaml"
    assert_line "all checks passed"

    run_ok jg status blb-l0
    assert_line "lab blb-l0  bridge blbbr0 10.231.160.1/24  containers blb-a,blb-b,blb-c"
    assert_line --regexp "^blb-b  pid [0-9]+  running  cgroup -  host 10.231.160.1/24  container 10.231.160.3/24 "

    # a member keeps its own container state: verify and exec by its name work
    run_ok jg verify blb-c
    assert_line "all checks passed"
    run_ok jg exec blb-c -- hostname
    assert_output "blb-c"
    # destroying one member alone is refused, and changes nothing
    run_expect 2 jg destroy blb-b
    assert_output --partial "blb-b is a member of lab blb-l0: run 'jconshgen destroy blb-l0'"
    run_ok jg verify blb-b

    run_ok jg destroy blb-l0
    assert_line --regexp "^blb-a: prove nothing is left +OK"
    assert_line --regexp "^remove bridge blbbr0 +OK"
    assert_line --regexp "^prove the bridge is gone +OK"
    assert_line "lab blb-l0 destroyed: its containers and its bridge; nothing of it is left on this host"
    lab_gone blb-l0
    run_ok jg destroy blb-l0
    assert_output --partial "nothing to destroy"
}

@test "lab: verify FAILs when a member's veth leaves the bridge (and that member is unreachable)" {
    lab_spec blb-l1 1
    run_ok jg apply "$T/blb-l1.yaml"
    ip link set blb-b-0 nomaster
    run_expect 1 jg verify blb-l1
    assert_line "  FAIL blb-b: host veth on the bridge: expected blb-b-0 a port of bridge blbbr1; saw blb-b-0 is on no bridge"
    assert_line --partial "FAIL ping blb-a -> blb-b"
    assert_line --partial "FAIL tcp blb-c -> blb-b (nc)"
    assert_line --partial "PASS ping blb-a -> blb-c: replied"
    run_ok jg destroy blb-l1
    lab_gone blb-l1
}

@test "lab: a fault in the bridge step: apply exits 1 naming it and leaves nothing" {
    lab_spec blb-l2 2
    shim_fail ip '* link add name blbbr2 type bridge *'
    run_expect 1 env PATH="$(shim_path)" "$JG" apply "$T/blb-l2.yaml"
    assert_output --partial "step 'bridge blbbr2' failed"
    assert_output --partial "shim: injected failure of ip"
    assert_output --partial "everything apply made was removed"
    lab_gone blb-l2
}

@test "lab: a fault in the second member's setup undoes the first member and the bridge" {
    lab_spec blb-l3 3 "cgroup: {name: blb-b-cg}"
    shim_fail mkdir '*blb-b-cg*'
    run_expect 1 env PATH="$(shim_path)" "$JG" apply "$T/blb-l3.yaml"
    assert_line --regexp "^blb-a: verify +OK"
    assert_line --regexp "^blb-b: setup \+ post-setup +FAILED"
    assert_output --partial "container blb-b: step 'setup + post-setup' failed"
    assert_output --partial "everything apply made was removed"
    lab_gone blb-l3
}

@test "lab: SIGTERM during the second member's network step: apply undoes everything itself and exits 143" {
    lab_spec blb-l4 4
    shim_block ip '* link add blb-b-0 *'
    apply_in_background blb-l4
    shim_wait_hit ip
    [ -e "$JCONSHGEN_STATE_DIR/blb-a" ]
    [ -e /sys/class/net/blbbr4 ]
    kill -TERM "$APPLY_PID"
    local rc=0
    wait "$APPLY_PID" || rc=$?
    cat "$T/apply.out" >&2
    assert_equal "$rc" 143
    run cat "$T/apply.out"
    assert_output --partial "interrupted by a signal"
    assert_output --partial "everything apply made was removed"
    lab_gone blb-l4
}

@test "lab: kill -9 of apply during the second member's network step: destroy LAB removes everything" {
    lab_spec blb-l5 5
    shim_block ip '* link add blb-b-0 *'
    apply_in_background blb-l5
    shim_wait_hit ip
    kill -KILL "$APPLY_PID"
    wait "$APPLY_PID" || true
    [ -e /sys/class/net/blbbr5 ]
    run_ok jg destroy blb-l5
    assert_line "lab blb-l5 destroyed: its containers and its bridge; nothing of it is left on this host"
    lab_gone blb-l5
}

@test "lab: preflight blocks when br_netfilter sends bridged traffic through a FORWARD chain with policy DROP (exit 3, nothing made)" {
    requires unshare
    lab_spec blb-l6 6
    # The host condition, simulated: bridge-nf-call-iptables = 1 on a tmpfs over /proc/sys/net in
    # a private mount namespace, and an iptables on PATH that lists a DROP policy.
    mkdir -p "$T/$SHIM_DIR_NAME"
    printf '#!/bin/sh\necho "-P FORWARD DROP"\n' >"$T/$SHIM_DIR_NAME/iptables"
    chmod +x "$T/$SHIM_DIR_NAME/iptables"
    run_expect 3 unshare -m sh -c 'mount -t tmpfs none /proc/sys/net && mkdir /proc/sys/net/bridge &&
        echo 1 >/proc/sys/net/bridge/bridge-nf-call-iptables && exec env PATH="$1" java -jar "$2" apply "$3"' \
        sh "$(shim_path)" "$JAR" "$T/blb-l6.yaml"
    assert_output --partial "net.bridge.bridge-nf-call-iptables = 1) and the FORWARD policy is DROP"
    assert_output --partial "remedy: let the bridge forward: iptables -I FORWARD -i blbbr6 -o blbbr6 -j ACCEPT"
    assert_output --partial "nothing was changed"
    [ ! -e "$JCONSHGEN_STATE_DIR" ]
    lab_gone blb-l6
}

@test "lab: bad lab specs are refused with exit 2, every error listed with its line and field, nothing made" {
    cat >"$T/bad.yaml" <<'EOF'
kind: Lab
name: blb-lx
network: {bridge: blb-a-0, address: 10.231.169.1/24}
containers:
  - name: blb-a
    network: {containerAddress: 10.231.168.2/24, bridge: blbbr9, hostAddress: 10.231.169.1/24}
  - name: blb-a
    cgroup: {name: blb-x-cg}
    network: {containerAddress: 10.231.169.1/24}
  - name: blb-c
    workdir: blb-a
    cgroup: {name: blb-x-cg}
    network: {defaultRoute: true}
EOF
    run_expect 2 --separate-stderr jg validate "$T/bad.yaml"
    local f=$T/bad.yaml
    assert_equal "$stderr" "$f:6:14: containers[0].network.netns: the veth ends blb-a-0/blb-a-1 would have the name of the lab's bridge blb-a-0 (choose another netns or bridge name)
$f:6:33: containers[0].network.containerAddress: 10.231.168.2/24 is not in the lab's subnet (the bridge's address 10.231.169.1/24: same prefix and network)
$f:6:58: containers[0].network.bridge: a member joins the lab's bridge: remove it here and set 'network.bridge' of the lab
$f:6:79: containers[0].network.hostAddress: the host address of a member is the lab's bridge address: remove it here and set 'network.address' of the lab
$f:7:5: containers[1].workdir: work directory 'blb-a' is also containers[0]'s (each member needs its own)
$f:7:5: containers[1].rootfs.overlay: overlay directory 'blb-a/ovly' is also containers[0]'s (each member needs its own)
$f:7:11: containers[1].name: member name 'blb-a' is also containers[0]'s (each member needs its own)
$f:9:14: containers[1].network.netns: the veth ends blb-a-0/blb-a-1 would have the name of the lab's bridge blb-a-0 (choose another netns or bridge name)
$f:9:14: containers[1].network.netns: netns 'blb-a' is also containers[0]'s (each member needs its own)
$f:9:33: containers[1].network.containerAddress: is the bridge's own address (10.231.169.1): use another one
$f:10:5: containers[2].rootfs.overlay: overlay directory 'blb-a/ovly' is also containers[0]'s (each member needs its own)
$f:11:14: containers[2].workdir: work directory 'blb-a' is also containers[0]'s (each member needs its own)
$f:12:20: containers[2].cgroup.name: cgroup 'auto/blb-x-cg' is also containers[1]'s (each member needs its own)
$f:13:29: containers[2].network.defaultRoute: the default route is the lab's, for every member: remove it here and set 'network.defaultRoute' of the lab"

    # one member only, no bridge address
    printf 'kind: Lab\nname: blb-ly\nnetwork: {bridge: blbbr9}\ncontainers:\n  - name: blb-a\n' >"$T/one.yaml"
    run_expect 2 --separate-stderr jg validate "$T/one.yaml"
    assert_equal "$stderr" "$T/one.yaml:3:10: network.address: is required: the bridge's address/prefix, like 10.0.10.1/24 (the members' gateway)
$T/one.yaml:5:3: containers: has 1 container(s); a lab needs at least 2 (for one container, write a kind: Container spec)"

    # apply and generate of a bad lab make nothing
    run_expect 2 jg apply "$T/bad.yaml"
    assert_output --partial "errors in the spec; nothing was written"
    run_expect 2 jg generate "$T/bad.yaml" -o "$T/gen"
    [ ! -e "$T/gen" ]
    [ ! -e "$JCONSHGEN_STATE_DIR" ]
    [ ! -e "$T/blb-a" ]
    [ ! -e /sys/class/net/blbbr9 ]
}
