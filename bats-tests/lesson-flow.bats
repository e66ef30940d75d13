#!/usr/bin/env bats
# The handout's flow with the *lesson* scripts (generated/lab/, 'jconshgen generate --style
# lesson'), typed on a terminal (tmux) exactly as the handout says (the flow is lesson_flow in
# flows.bash; shells.bats runs it under every POSIX shell). The first test uses the lab's names,
# a second passes other names and addresses as options; a third shows that -n '' skips the
# network. The scripts run under /bin/sh as the host has it, or under JCONSHGEN_TEST_SHELL.
# JCONSHGEN_LESSON points the tests at another copy of the lesson scripts (to see them fail).

load helpers
load flows

setup() {
    common_setup
    lesson_flow_setup
}

teardown() {
    lesson_flow_teardown
    common_teardown
}

@test "lesson: the handout's flow on a terminal with the lab's names, then nothing is left" {
    lesson_flow consh-host consh_cgrp consh 10.0.0.1/24 10.0.0.2/24 "-v -h consh-host -c consh_cgrp" "-c consh_cgrp"
}

@test "lesson: other names and addresses given as options and arguments work the same" {
    lesson_flow other-host jgl_other_cg jglns 10.0.77.1/24 10.0.77.2/24 "-h other-host -c jgl_other_cg" "-c jgl_other_cg -n jglns"
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
