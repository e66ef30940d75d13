#!/usr/bin/env bats
# Workloads and probes: the example specs examples/nc-server.yaml and examples/httpd.yaml applied
# with this file's names (bwl*, 10.231.135-139), their probes PASS from the host, each probe
# broken on purpose (another banner, path, status, body, a command that fails, a workload that is
# gone) FAILS, a hostile command argument arrives as data, and destroy leaves nothing (leakcheck).

load helpers

setup() {
    apply_setup
}

teardown() {
    apply_teardown
}

# example_spec EXAMPLE NAME NET: examples/EXAMPLE.yaml as $T/NAME.yaml with this file's names:
# container, netns and work directory NAME, addresses in NET.0/24; registered for teardown.
example_spec() {
    requires_free_netns "$2"
    requires_free_cgroup "$2_cgrp"
    requires_free_subnet "$3"
    sed -e "s/^name: .*/name: $2/" -e "s/^workdir: .*/workdir: $2/" -e "s/netns: [a-z]*/netns: $2/" \
        -e "s/10\.0\.[0-9]*\./$3./g" -e "s/expect: nc-server/expect: $2/" \
        "$REPO/examples/$1.yaml" >"$T/$2.yaml"
    APPLIED+=("$2")
}

# verify_with NAME YAML...: verify the running container NAME against a copy of its spec whose
# probes are replaced by the given lines.
verify_with() {
    local name=$1
    shift
    sed '/^probes:/,$d' "$T/$name.yaml" >"$T/$name-other.yaml"
    printf '%s\n' "probes:" "$@" >>"$T/$name-other.yaml"
    run jg verify "$T/$name-other.yaml"
}

# workload_pid PID: the host PID of the init's child that runs the command (not its sleep).
workload_pid() {
    local child
    # the children file is one line of space-separated PIDs
    # shellcheck disable=SC2013
    for child in $(cat "/proc/$1/task/$1/children"); do
        [ "$(cat "/proc/$child/comm")" = sleep ] || { echo "$child"; return; }
    done
}

@test "nc-server example: the nc workload is the init's child, its tcp banner and exec probes pass" {
    example_spec nc-server bwlnc 10.231.135
    run_ok jg apply "$T/bwlnc.yaml"
    assert_line --partial "PASS probe 1 tcp 10.231.135.2:50000: 'hello from consh'"
    assert_line --partial "PASS probe 2 exec hostname: exit 0, output 'bwlnc'"
    # the network check's own nc round trip moved off the workload's port
    assert_line --regexp "PASS tcp round trip \(nc\)"
    refute_output --partial FAIL
    pid=$(jg status bwlnc --json | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
    workload=$(workload_pid "$pid")
    [ "$(cat "/proc/$workload/comm")" = nc ]
    # and a client on the host gets the banner, as in the handout
    run_ok busybox nc -w 2 10.231.135.2 50000
    assert_output "hello from consh"

    verify_with bwlnc "  - tcp: {port: 50000, expect: goodbye}"
    [ "$status" -eq 1 ]
    assert_line --partial "FAIL probe 1 tcp 10.231.135.2:50000: expected 'goodbye'"

    verify_with bwlnc "  - exec: {command: [sh, -c, 'exit 1']}"
    [ "$status" -eq 1 ]
    assert_line --partial "FAIL probe 1 exec sh -c exit 1"

    verify_with bwlnc "  - exec: {command: [hostname], expect: another-host}"
    [ "$status" -eq 1 ]
    assert_line --partial "FAIL probe 1 exec hostname"

    run_ok jg destroy bwlnc
    assert_output --partial "nothing of it is left"
    [ ! -e /var/run/netns/bwlnc ]
    run_fail alive "$workload"
}

@test "httpd example: page and 404 probes pass; another path, status or body fails; a stopped httpd fails" {
    example_spec httpd bwlweb 10.231.136
    run_ok jg apply "$T/bwlweb.yaml"
    assert_line --partial "PASS probe 1 http GET http://10.231.136.2:80/index.html: status 200, body 'hello from consh httpd'"
    assert_line --partial "PASS probe 2 http GET http://10.231.136.2:80/missing.html: status 404"
    refute_output --partial FAIL

    verify_with bwlweb "  - http: {port: 80, path: /nope.html, status: 200}"
    [ "$status" -eq 1 ]
    assert_line --partial "FAIL probe 1 http GET http://10.231.136.2:80/nope.html: expected status 200"

    verify_with bwlweb "  - http: {port: 80, path: /index.html, contains: goodbye}"
    [ "$status" -eq 1 ]
    assert_line --partial "FAIL probe 1 http GET http://10.231.136.2:80/index.html: expected status 200 and a body containing 'goodbye'"

    # The workload ends: the probe waits its budget for a listener, then fails.
    pid=$(jg status bwlweb --json | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
    workload=$(workload_pid "$pid")
    [ "$(cat "/proc/$workload/comm")" = httpd ]
    kill "$workload"
    wait_gone "$workload"
    run_expect 1 jg verify bwlweb
    assert_line --partial "FAIL probe 1 http GET http://10.231.136.2:80/index.html: expected status 200 and a body containing 'hello from consh httpd'; saw connection refused"

    run_ok jg destroy bwlweb
}

@test "a hostile command argument reaches the workload as one literal word and never runs" {
    spec_with_network bwlhx 10.231.137
    # shellcheck disable=SC2016
    cat >>"$T/bwlhx.yaml" <<YAML
command: [sh, -c, 'printf %s "\$1" >/arg; exec sleep 600', sh, "\$(touch $T/canary) \`touch $T/canary\` ; ' \" x"]
probes:
  - exec: {command: [cat, /arg], expect: "\$(touch $T/canary) \`touch $T/canary\` ; ' \" x"}
  - tcp: {port: 9}
YAML
    run_expect 1 jg apply "$T/bwlhx.yaml"
    assert_line --partial "PASS probe 1 exec cat /arg"
    # nothing listens on port 9: the tcp probe fails after its wait, and apply undoes it all
    assert_line --partial "FAIL probe 2 tcp 10.231.137.2:9: expected a connection to 10.231.137.2:9; saw connection refused"
    [ ! -e "$T/canary" ]
}

@test "tcp and http probes without a network are refused at their line, exit 2, nothing made" {
    write_spec bwlnonet "probes:" "  - exec: {command: [ls]}" "  - tcp: {port: 50000}" "  - http: {port: 80, path: x}"
    run_expect 2 jg apply "$T/bwlnonet.yaml"
    assert_line "$T/bwlnonet.yaml:5:10: probes[1].tcp: needs 'network': the host reaches the container at network.containerAddress (add network, or use an exec probe)"
    assert_line --partial "$T/bwlnonet.yaml:6:11: probes[2].http: needs 'network'"
    assert_line --partial "$T/bwlnonet.yaml:6:28: probes[2].http.path: 'x' is not a URL path"
    [ ! -e "$T/bwlnonet" ]
    [ ! -e "$T/state/bwlnonet" ]
}
