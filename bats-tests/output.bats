#!/usr/bin/env bats
# What people and pipelines see: on a terminal (a pseudo-terminal made by script(1)) apply colours
# its OK and PASS words; NO_COLOR, --color=never or a pipe give plain text; --quiet prints nothing
# on success; --json failures are JSON on stdout. Names bou-*.

load helpers

setup() {
    apply_setup
    requires script
    # no cgroup and no network: the names below are the only ones this file uses
    write_spec bou-a
    APPLIED+=(bou-a)
}

teardown() {
    apply_teardown
}

ESC=$'\e'

# on_terminal CMD...: run CMD with a pseudo-terminal as its stdin and stdout (script -q -e -c).
on_terminal() {
    local cmd='' word
    for word in "$@"; do
        cmd+=" $(printf '%q' "$word")"
    done
    TERM=xterm script -q -e -c "$cmd" /dev/null </dev/null
}

@test "apply on a terminal colours OK and PASS; NO_COLOR and --color=never do not" {
    run_ok on_terminal "$JG" apply "$T/bou-a.yaml"
    assert_output --partial "${ESC}[32mOK    ${ESC}[0m"
    assert_output --partial "${ESC}[32mPASS${ESC}[0m"

    run_ok on_terminal env NO_COLOR=1 "$JG" verify bou-a
    refute_output --partial "${ESC}["
    assert_output --partial 'all checks passed'
    run_ok on_terminal "$JG" --color=never verify bou-a
    refute_output --partial "${ESC}["
    run_ok on_terminal "$JG" verify bou-a
    assert_output --partial "${ESC}[32mPASS${ESC}[0m"
}

@test "apply through a pipe is plain text" {
    run_ok jg apply "$T/bou-a.yaml"
    refute_output --partial "${ESC}["
    assert_output --partial 'verify                   OK'
}

@test "--quiet: apply, verify and destroy print nothing when all is well" {
    run_ok jg apply --quiet "$T/bou-a.yaml"
    assert_output ''
    run_ok jg verify -q bou-a
    assert_output ''
    run_ok jg destroy --quiet bou-a
    assert_output ''
    run_fail jg status --json bou-a
}

@test "--quiet verify still reports a failed check, on stderr" {
    run_ok jg apply "$T/bou-a.yaml"
    sed 's/^hostname: .*//' "$T/bou-a.yaml" >"$T/other.yaml"
    printf 'hostname: not-bou-a\n' >>"$T/other.yaml"
    run_expect 1 --separate-stderr jg verify --quiet "$T/other.yaml"
    assert_output ''
    [[ $stderr == *"FAIL hostname: expected not-bou-a"* ]] || fail "stderr: $stderr"
    [[ $stderr == *"1 check(s) FAILED"* ]] || fail "stderr: $stderr"
}
