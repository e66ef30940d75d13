#!/usr/bin/env bats
# The lab flow under every POSIX shell that Debian packages: dash, bash (as sh, in its POSIX
# mode), busybox ash, mksh, yash and posh. For each, the complete flow of flows.bash: the robust
# scripts interactive and detached (cgroup, nsenter, veth, ping, nc, cleanup), and the lesson
# scripts typed on a terminal, with the scripts' '#!/bin/sh' pointing at that shell and 'sh' on
# PATH being it (use_test_shell in helpers.bash). A shell that is not installed is skipped with
# the package to install; so is the shell that /bin/sh is already, which lab-flow.bats and
# lesson-flow.bats run the same flows under (nothing run twice). The lesson flow's other tests
# (other names, -n '') do not depend on the shell and stay in lesson-flow.bats. 'sh -n' with every
# shell is in lint.bats.

load helpers
load flows

# Each test starts its common_setup itself, after its reasons to skip: a skipped test costs no
# leak check (and helpers.bash's default setup must not run it a first time).
setup() {
    :
}

teardown() {
    if [ -n "${T:-}" ]; then
        lesson_flow_teardown
        common_teardown
    fi
}

# under SHELL FLOW: FLOW (lab-interactive, lab-detached or lesson) with the scripts under SHELL.
under() {
    TEST_SHELL=$1
    requires_test_shell
    local host_sh bin
    host_sh=$(readlink -f /bin/sh)
    bin=$(readlink -f "$(test_shell_binary "$TEST_SHELL")")
    [ "$bin" != "$host_sh" ] \
        || skip "/bin/sh is $TEST_SHELL here: lab-flow.bats and lesson-flow.bats run this flow under it"
    common_setup
    case $2 in
        lab-interactive)
            lab_flow_setup
            lab_flow_interactive
            ;;
        lab-detached)
            lab_flow_setup
            lab_flow_detached
            ;;
        lesson)
            lesson_flow_setup
            lesson_flow consh-host consh_cgrp consh 10.0.0.1/24 10.0.0.2/24 "-v -h consh-host -c consh_cgrp" "-c consh_cgrp"
            ;;
        *) fail "no flow $2" ;;
    esac
}

@test "shells: a script's '#!/bin/sh' and 'sh' on PATH become each shell, run as sh (bash and yash in their POSIX mode)" {
    local name bin out found=0
    common_setup
    for name in "${TEST_SHELLS[@]}"; do
        TEST_SHELL=$name
        bin=$(test_shell_binary "$name") || continue
        found=$((found + 1))
        rm -rf "$T/probe" "$T/host-sh"
        mkdir "$T/probe"
        # what the script sees of its shell: the binary, and the POSIX mode that bash and yash
        # turn on when called as sh (dash, busybox ash and posh have no other mode; Debian's
        # mksh has no sh mode as /bin/sh, its lksh has)
        # shellcheck disable=SC2016 # expanded by the probed shell
        printf '%s\n' '#!/bin/sh' 'readlink /proc/$$/exe' \
            'case ${BASH_VERSION:+bash}${YASH_VERSION:+yash} in' \
            'bash) case :$SHELLOPTS: in *:posix:*) echo posix ;; esac ;;' \
            'yash) set -o | grep -q "^posixlycorrect *on" && echo posix ;;' \
            '*) echo posix ;;' 'esac' >"$T/probe/probe.sh"
        chmod +x "$T/probe/probe.sh"
        (
            use_test_shell "$T/probe"
            "$T/probe/probe.sh"
        ) >"$T/out" || fail "use_test_shell failed for $name"
        out=$(cat "$T/out")
        assert_equal "$out" "$(readlink -f "$bin")"$'\n'posix
    done
    [ "$found" -ge 2 ] || skip "fewer than two of ${TEST_SHELLS[*]} are installed"
}

@test "shells: dash: lab flow, robust scripts, interactive" { under dash lab-interactive; }
@test "shells: dash: lab flow, robust scripts, detached with network" { under dash lab-detached; }
@test "shells: dash: lab flow, lesson scripts on a terminal" { under dash lesson; }

@test "shells: bash as sh: lab flow, robust scripts, interactive" { under bash lab-interactive; }
@test "shells: bash as sh: lab flow, robust scripts, detached with network" { under bash lab-detached; }
@test "shells: bash as sh: lab flow, lesson scripts on a terminal" { under bash lesson; }

@test "shells: busybox ash: lab flow, robust scripts, interactive" { under busybox lab-interactive; }
@test "shells: busybox ash: lab flow, robust scripts, detached with network" { under busybox lab-detached; }
@test "shells: busybox ash: lab flow, lesson scripts on a terminal" { under busybox lesson; }

@test "shells: mksh: lab flow, robust scripts, interactive" { under mksh lab-interactive; }
@test "shells: mksh: lab flow, robust scripts, detached with network" { under mksh lab-detached; }
@test "shells: mksh: lab flow, lesson scripts on a terminal" { under mksh lesson; }

@test "shells: yash: lab flow, robust scripts, interactive" { under yash lab-interactive; }
@test "shells: yash: lab flow, robust scripts, detached with network" { under yash lab-detached; }
@test "shells: yash: lab flow, lesson scripts on a terminal" { under yash lesson; }

@test "shells: posh: lab flow, robust scripts, interactive" { under posh lab-interactive; }
@test "shells: posh: lab flow, robust scripts, detached with network" { under posh lab-detached; }
@test "shells: posh: lab flow, lesson scripts on a terminal" { under posh lesson; }
