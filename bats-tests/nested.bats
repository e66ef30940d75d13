#!/usr/bin/env bats
# A container inside a container (issue 18, part 2): a lab member with 'inside: OUTER'. apply
# makes the outer container, then the inner one from within its namespaces (its scripts copied in
# and run there by its root, its layers and overlay on a tmpfs); verify checks both, and that the
# inner's user and PID namespaces are children of the outer's; destroy removes the inner, then the
# outer, and nothing is left. The lesson scripts do the same by hand: the inner's setup run inside
# the outer gives a shell in the inner container. Bad specs are refused with exit 2 and nothing made.
#
# Names of this file: lab bnest, containers bnest-out and bnest-in, bridge bnestbr0 on
# 10.231.190.0/24.

load helpers

setup() {
    lab_apply_setup
    requires lsns
    requires_free_netns bnest-out
    requires_free_bridge bnestbr0
    requires_free_subnet 10.231.190
    track_netns bnest-out
    track_bridge bnestbr0
}

teardown() {
    lab_apply_teardown
}

# nested_spec [YAML LINE FOR bnest-in...]: $T/bnest.yaml, bnest-out on the bridge and bnest-in inside it.
nested_spec() {
    local line
    {
        printf 'apiVersion: jconshgen/v1\nkind: Lab\nname: bnest\n'
        printf 'network: {bridge: bnestbr0, address: 10.231.190.1/24}\n'
        printf 'containers:\n  - name: bnest-out\n    hostname: outer-host\n'
        printf '  - name: bnest-in\n    inside: bnest-out\n    hostname: inner-host\n'
        for line in "$@"; do
            printf '    %s\n' "$line"
        done
    } >"$T/bnest.yaml"
    LABS+=(bnest)
}

# ns PID TYPE: the inode of the process's namespace of TYPE.
ns() {
    local link
    link=$(readlink "/proc/$1/ns/$2") || return 1
    link=${link#*[}
    printf '%s\n' "${link%]}"
}

@test "nested: apply makes the outer, then the inner inside it; verify checks both and the namespaces' parents; destroy leaves nothing" {
    nested_spec "probes: [{exec: {command: [hostname], expect: inner-host}}]"
    run_ok jg apply "$T/bnest.yaml"
    assert_output --partial "bnest-in: inner setup"
    assert_output --partial "PASS bnest-in: user namespace is a child of the outer container's"
    assert_output --partial "PASS bnest-in: pid namespace is a child of the outer container's"
    assert_output --partial "PASS bnest-in: work directory is a tmpfs in the outer container"
    refute_output --partial FAIL

    # seen from the host: the inner PID 1 is one PID namespace below the outer's, its user and PID
    # namespaces' parents are the outer's (lsns asks the kernel, NS_GET_PARENT)
    local outer inner
    outer=$(cat "$JCONSHGEN_STATE_DIR/bnest-out/container.pid")
    inner=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$JCONSHGEN_STATE_DIR/bnest-in/state.json")
    [ -n "$inner" ] && [ -d "/proc/$inner" ] || fail "no PID 1 of bnest-in recorded: $(cat "$JCONSHGEN_STATE_DIR/bnest-in/state.json")"
    [ "$(lsns -p "$inner" -t user -o PNS -n -r)" = "$(ns "$outer" user)" ] || fail "the inner user namespace's parent is not the outer's"
    [ "$(lsns -p "$inner" -t pid -o PNS -n -r)" = "$(ns "$outer" pid)" ] || fail "the inner PID namespace's parent is not the outer's"
    [ "$(awk '/^NSpid:/ {print NF - 1}' "/proc/$inner/status")" -eq 3 ] || fail "the inner PID 1 is not two levels below the host's"
    run_ok jg exec bnest-in -- sh -c 'hostname; echo $$; ls /'
    assert_line inner-host
    # the outer container holds the inner's tmpfs and scripts
    run_ok jg exec bnest-out -- sh -c 'awk '\''$5 == "/nested/bnest-in" { for (i = 7; i < NF; i++) if ($i == "-") print $(i + 1) }'\'' /proc/self/mountinfo; ls /consh/bnest-in'
    assert_line tmpfs
    assert_line consh_inner_setup.sh

    run_ok jg verify bnest
    assert_output --partial "all checks passed"
    run_ok jg verify bnest-in
    assert_output --partial "all checks passed"
    run_ok jg status
    assert_output --partial "bnest-in  pid $inner  running"

    run_ok jg destroy bnest
    assert_output --partial "nothing of it is left"
    run_fail kill -0 "$inner"
    run_fail kill -0 "$outer"
    [ ! -e "$JCONSHGEN_STATE_DIR/bnest-in" ] && [ ! -e "$JCONSHGEN_STATE_DIR/bnest-out" ] || fail "state is left"
}

@test "nested: an outer container killed under its inner one: destroy of the lab still removes both, nothing is left" {
    nested_spec
    run_ok jg apply "$T/bnest.yaml"
    local outer inner
    outer=$(cat "$JCONSHGEN_STATE_DIR/bnest-out/container.pid")
    inner=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$JCONSHGEN_STATE_DIR/bnest-in/state.json")
    kill -KILL "$outer"
    # the kernel ends every process of the outer's PID namespace, the inner container's with it
    local tries=50
    while [ -d "/proc/$inner" ] && [ "$tries" -gt 0 ]; do sleep 0.1; tries=$((tries - 1)); done
    [ ! -d "/proc/$inner" ] || fail "the inner PID 1 ($inner) outlived its outer container"
    run_ok jg destroy bnest
    assert_output --partial "nothing of it is left"
    [ ! -e "$JCONSHGEN_STATE_DIR/bnest-in" ] || fail "the inner container's state is left"
}

@test "nested: the lesson scripts by hand: inside the outer container, consh_inner_setup.sh gives the inner container's shell" {
    nested_spec
    run_ok jg generate --style lesson "$T/bnest.yaml" -o "$T/lesson"
    # the outer container alone (a container spec of the same name); then, as the plan says, the
    # inner's scripts copied into it
    printf 'name: bnest-out\nhostname: outer-host\nworkdir: bnest-out\n' >"$T/bnest-out.yaml"
    APPLIED+=(bnest-out)
    run_ok jg apply "$T/bnest-out.yaml"
    local outer
    outer=$(cat "$JCONSHGEN_STATE_DIR/bnest-out/container.pid")
    # by a tar inside the outer container, as the plan says (never through /proc/PID/root)
    tar -C "$T/lesson/bnest-in" -cf - . | nsenter -t "$outer" -a sh -c 'mkdir -p /consh/bnest-in && tar -C /consh/bnest-in -xf -' \
        || fail "cannot copy the scripts into bnest-out"
    # the commands typed in the inner container's shell, which consh_inner_setup.sh starts
    run_ok jg exec bnest-out -- sh -c 'printf "%s\n" hostname "echo pid \$\$" "exit" \
        | sh /consh/bnest-in/consh_inner_setup.sh 2>&1; sh /consh/bnest-in/consh_inner_cleanup.sh && echo cleaned'
    # each answer follows the inner shell's prompt
    assert_line --regexp '(^|# )inner-host$'
    assert_line --regexp '(^|# )pid 1$'
    assert_line --regexp '(^|# )cleaned$'
    run_ok jg exec bnest-out -- sh -c 'grep -c " /nested/bnest-in " /proc/self/mountinfo || true'
    assert_line 0
}

@test "nested: two outer containers with one inner each: each inner is found inside its own outer, verified, destroyed" {
    requires_free_netns bnest-out2
    track_netns bnest-out2
    nested_spec
    printf '  - name: bnest-out2\n  - name: bnest-in2\n    inside: bnest-out2\n' >>"$T/bnest.yaml"
    run_ok jg apply "$T/bnest.yaml"
    refute_output --partial FAIL
    local in1 in2 out1 out2
    in1=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$JCONSHGEN_STATE_DIR/bnest-in/state.json")
    in2=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$JCONSHGEN_STATE_DIR/bnest-in2/state.json")
    out1=$(cat "$JCONSHGEN_STATE_DIR/bnest-out/container.pid")
    out2=$(cat "$JCONSHGEN_STATE_DIR/bnest-out2/container.pid")
    # the same commands in two outers give the same PID inside each: the host PIDs differ, each
    # inner is its own outer's descendant
    [ "$in1" != "$in2" ] || fail "both inner containers were found as host PID $in1"
    [ "$(lsns -p "$in1" -t pid -o PNS -n -r)" = "$(ns "$out1" pid)" ] || fail "bnest-in is not below bnest-out"
    [ "$(lsns -p "$in2" -t pid -o PNS -n -r)" = "$(ns "$out2" pid)" ] || fail "bnest-in2 is not below bnest-out2"
    run_ok jg destroy bnest
    assert_output --partial "nothing of it is left"
    run_fail kill -0 "$in1"
    run_fail kill -0 "$in2"
}

@test "nested: an inner container whose check fails is undone with the lab; nothing is left" {
    nested_spec "probes: [{exec: {command: [hostname], expect: not-this-host}}]"
    run_expect 1 jg apply "$T/bnest.yaml"
    assert_output --partial "FAIL bnest-in: probe 1 exec hostname"
    assert_output --partial "everything apply made was removed"
    [ ! -e "$JCONSHGEN_STATE_DIR/.labs/bnest" ] && [ ! -e "$JCONSHGEN_STATE_DIR/bnest-in" ] && [ ! -e /sys/class/net/bnestbr0 ] \
        || fail "apply left something"
}

@test "nested: bad nesting is refused with exit 2 at its line, and nothing is made" {
    nested_spec "network: {netns: bnest-in}"
    run_expect 2 jg apply "$T/bnest.yaml"
    assert_output --partial "bnest.yaml:11:"
    assert_output --partial "containers[1].network: an inner container has no network of its own"
    [ ! -e "$JCONSHGEN_STATE_DIR/.labs/bnest" ] && [ ! -e /sys/class/net/bnestbr0 ] || fail "apply made something"
    sed -i 's/inside: bnest-out/inside: nobody/; /network: {netns: bnest-in}/d' "$T/bnest.yaml"
    run_expect 2 jg apply "$T/bnest.yaml"
    assert_output --partial "'nobody' is not a member of this lab (members: bnest-out, bnest-in)"
    [ ! -e "$JCONSHGEN_STATE_DIR/.labs/bnest" ] && [ ! -e /sys/class/net/bnestbr0 ] || fail "apply made something"
}
