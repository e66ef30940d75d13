#!/usr/bin/env bats
# The lab handout's flow, by hand, with the scripts generated from examples/lab.yaml
# (generated/lab/robust) copied into a "consh" directory, exactly as a student runs them (the
# flow itself is in flows.bash; shells.bats runs it under every POSIX shell). The scripts run
# under /bin/sh as the host has it, or under JCONSHGEN_TEST_SHELL (dash, bash, busybox, mksh,
# yash, posh or a path).

load helpers
load flows

setup() {
    common_setup
    lab_flow_setup
}

teardown() {
    common_teardown
}

@test "lab: create_lowerfs.sh, interactive consh_setup.sh fed on stdin, then consh_cleanup.sh leaves nothing" {
    lab_flow_interactive
}

@test "lab: detached container in a real cgroup, nsenter, veth with ping and nc, TERM, consh_cleanup.sh leaves nothing" {
    lab_flow_detached
}
