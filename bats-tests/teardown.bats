#!/usr/bin/env bats
# The suite's teardown kills only what the test started: a process it tracked, and not a process
# that has since taken a tracked process's PID (pid_max is 32768 here; with the files in
# parallel, PIDs come round quickly). The reuse is simulated by recording another start time.
# Nothing here is host-global: only this test's own sleep processes.

load helpers

setup() {
    common_setup
}

teardown() {
    [ -z "${SPARED:-}" ] || { kill "$SPARED" 2>/dev/null; wait "$SPARED" 2>/dev/null; }
    common_teardown
}

@test "teardown: a tracked process is killed; one whose PID now names another start is spared" {
    sleep 300 &
    local killed=$!
    track_pid "$killed"
    [ -n "$(_start_time "$killed")" ]
    sleep 300 &
    SPARED=$!
    track_pid "$SPARED"
    # as if SPARED's PID had been reused: the recorded start is not the process's
    _tracked_pids[1]=$(IFS=:; read -r pid sid start leader <<<"${_tracked_pids[1]}"; echo "$pid:$sid:$((start - 1)):$leader")

    _kill_tracked

    run alive "$killed"
    [ "$status" -ne 0 ] || fail "the tracked process $killed is still alive"
    alive "$SPARED" || fail "process $SPARED, whose recorded start time is another's, was killed"
}
