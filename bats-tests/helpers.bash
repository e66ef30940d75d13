# shellcheck shell=bash
# Helpers shared by the bats suite of jconshgen's generated scripts (in the style of the runc and
# podman suites). Every test runs with 'set -u'; every helper works under it.
#
# Each test gets:
#   - a fresh temporary directory $T (removed in teardown, after every mount in it is gone);
#   - a leakcheck snapshot taken before it starts; teardown kills what the test started, runs the
#     cleanups it registered, removes leftover veth pairs, netns files and cgroups it tracked, and
#     then FAILS the test when 'leakcheck diff' still reports anything new that is the test's own:
#     what carries its names (those in its specs, the suite's and the examples', and those it
#     declared with requires_free_* or track_*) or lies under $T. What other programs create
#     meanwhile (systemd, Docker, a desktop) is printed as noise, never a failure.
#
# Resources are removed in teardown only when the test registered them (track_* functions), and a
# test registers a name only after checking that nobody else uses it; processes are killed only by
# the PIDs this test recorded.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# The repository (this worktree) and shared/ beside it (CI clones the project with shared/ as a
# sibling). LEAKCHECK may be overridden from the environment.
REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd -P)
# The suite's own leak check, which tells the test's leaks from other programs' resources (the
# machine-wide ../shared/tools/leakcheck cannot: it counts everything new).
LEAKCHECK=${LEAKCHECK:-$REPO/bats-tests/leakcheck}
JAR=${JCONSHGEN_JAR:-$REPO/generator/cli/target/jconshgen.jar}
# Every test runs jconshgen as users do, through the launcher (its JVM flags and class-data
# archive start it in about half the time of a plain 'java -jar'), on the jar above.
JG=$REPO/bin/jconshgen
export JCONSHGEN_JAR=$JAR
# JCONSHGEN_LAB points the lab tests at another copy of the scripts (to check that a broken script
# makes them fail).
LAB=${JCONSHGEN_LAB:-$REPO/generated/lab/robust}
SPECS=$BATS_TEST_DIRNAME/specs
# JCONSHGEN_TEST_SHELL runs the flows' copies of the scripts under another host shell (see
# use_test_shell); empty: under /bin/sh as the host has it.
TEST_SHELL=${JCONSHGEN_TEST_SHELL:-}

# ---------------------------------------------------------------------------------------------
# Running commands

# run_expect STATUS [--separate-stderr] CMD...: 'run' CMD and check its exit status. STATUS is a
# number, or '!' for any non-zero status. On a mismatch the command, both statuses and the output
# are printed (bats shows them only for a failing test) and the test fails here.
run_expect() {
    local expected=$1
    shift
    local opts=()
    if [ "${1:-}" = --separate-stderr ]; then
        opts=(--separate-stderr)
        shift
    fi
    run "${opts[@]}" "$@"
    local ok=1
    if [ "$expected" = '!' ]; then
        [ "$status" -ne 0 ] || ok=''
    else
        [ "$status" -eq "$expected" ] || ok=''
    fi
    if [ -z "$ok" ]; then
        {
            printf '#/vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n'
            printf '#| FAIL: exit status %s, expected %s\n' "$status" "$expected"
            printf '#| $'
            printf ' %q' "$@"
            printf '\n#| (in %s)\n' "$PWD"
            printf '%s\n' "$output" | sed 's/^/#| > /'
            if [ -n "${stderr+x}" ] && [ -n "${stderr:-}" ]; then
                printf '#| stderr:\n'
                printf '%s\n' "$stderr" | sed 's/^/#| 2> /'
            fi
            printf '#\\^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n'
        } >&2
        # shown above already: keep 'bats --print-output-on-failure' from printing it again
        output=''
        stderr=''
        return 1
    fi
}

# run_ok CMD...: run CMD, which must succeed.
run_ok() {
    run_expect 0 "$@"
}

# run_fail CMD...: run CMD, which must fail (any non-zero status).
run_fail() {
    run_expect '!' "$@"
}

# feed FILE CMD...: CMD with the contents of FILE on its standard input, through a pipe (for
# 'run_ok feed FILE cmd ...'). Not '<FILE': an interactive busybox sh (1.35) whose standard input
# is a seekable file runs parts of it again, because its forked applets seek the shared input
# back when they exit.
feed() {
    local input=$1
    shift
    cat -- "$input" | "$@"
}

# section NAME [TEXT]: the lines of TEXT (default: $output) after the marker line '@@NAME' up to
# the next '@@' marker. The interactive tests echo such markers between the commands they feed the
# container's shell; its prompts ('/ # ', on standard output) are dropped.
section() {
    printf '%s\n' "${2-$output}" | sed 's|^\(/ # \)*||' | awk -v want="@@$1" '
        /^@@/ { on = ($0 == want); next }
        on { print }'
}

# ---------------------------------------------------------------------------------------------
# What the host must have

# requires WHAT...: skip the test when the host lacks something it needs.
#   root, busybox (static), jar, cgroup2 (a cgroup2 hierarchy), hybrid-or-v2, pids-v1 (a v1 pids
#   hierarchy), userns-overlay (Linux 5.11+), or any command name.
requires() {
    local what
    for what in "$@"; do
        case $what in
            root)
                [ "$(id -u)" -eq 0 ] || skip "needs root"
                ;;
            busybox)
                command -v busybox >/dev/null || skip "needs busybox (apt-get install busybox-static)"
                if LC_ALL=C ldd "$(command -v busybox)" >/dev/null 2>&1; then
                    skip "needs a static busybox (apt-get install busybox-static)"
                fi
                ;;
            jar)
                command -v java >/dev/null || skip "needs java"
                [ -f "$JAR" ] || skip "needs $JAR: build it first (make build)"
                ;;
            cgroup2)
                [ -n "$(cgroup2_root)" ] || skip "needs a cgroup2 hierarchy"
                ;;
            pids-v1)
                [ "$(stat -f -c %T /sys/fs/cgroup/pids 2>/dev/null)" = cgroupfs ] \
                    || skip "needs a cgroup v1 pids hierarchy at /sys/fs/cgroup/pids (hybrid host)"
                ;;
            userns-overlay)
                local major minor
                IFS=. read -r major minor _ <<<"$(uname -r)"
                [ "$major" -gt 5 ] || { [ "$major" -eq 5 ] && [ "${minor%%[!0-9]*}" -ge 11 ]; } \
                    || skip "needs Linux 5.11+ (OverlayFS inside a user namespace)"
                ;;
            *)
                command -v "$what" >/dev/null || skip "needs $what"
                ;;
        esac
    done
}

# requires_free NETNS_NAME CGROUP_NAME: skip when somebody else already uses the names a test is
# about to create (the lab test must use the handout's 'consh' and 'consh_cgrp'); teardown only
# ever removes names that this check let through.
requires_free_netns() {
    local n
    _declared_names+=("$@")
    for n in "$@"; do
        [ ! -e "/var/run/netns/$n" ] || skip "/var/run/netns/$n exists already: not ours, left alone"
        ! ip link show "$n-0" >/dev/null 2>&1 || skip "interface $n-0 exists already: not ours, left alone"
    done
}
requires_free_cgroup() {
    local n dir
    _declared_names+=("$@")
    for n in "$@"; do
        for dir in /sys/fs/cgroup/"$n" /sys/fs/cgroup/*/"$n"; do
            [ ! -e "$dir" ] || skip "cgroup $dir exists already: not ours, left alone"
        done
    done
}
# requires_free_bridge NAME...: skip when an interface of that name exists (not ours, left alone).
requires_free_bridge() {
    local n
    _declared_names+=("$@")
    for n in "$@"; do
        [ ! -e "/sys/class/net/$n" ] || skip "interface $n exists already: not ours, left alone"
    done
}

# requires_free_subnet A.B.C: skip when the host already has an address or a route in A.B.C.0/24
# (the test's veth would shadow it).
requires_free_subnet() {
    local net=$1
    if [ -n "$(ip -4 -o addr show to "$net.0/24" 2>/dev/null)" ] \
        || [ -n "$(ip -4 route show match "$net.2" 2>/dev/null | grep -v '^default')" ]; then
        skip "$net.0/24 is in use on this host"
    fi
}

# ---------------------------------------------------------------------------------------------
# Host facts

# cgroup2_root: where the cgroup2 hierarchy is mounted (empty when there is none).
cgroup2_root() {
    if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
        echo /sys/fs/cgroup
    elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
        echo /sys/fs/cgroup/unified
    fi
}

# alive PID: the process exists and is not a zombie.
alive() {
    local state
    state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# wait_gone PID [SECONDS]: wait until PID has exited (default 5 s).
wait_gone() {
    local tries=$((${2:-5} * 10))
    while alive "$1"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.1
    done
}

# ns_differs PID NS: PID's namespace NS (a name under /proc/PID/ns) is not this shell's.
ns_differs() {
    [ "$(readlink "/proc/$1/ns/$2")" != "$(readlink "/proc/self/ns/$2")" ]
}

# assert_namespaces PID SPEC_NAMESPACE...: exactly the given namespaces (spec names: user, pid,
# mount, net, ipc, uts, cgroup) of PID differ from the host's.
assert_namespaces() {
    local pid=$1
    shift
    local ns proc want bad=''
    for ns in user pid mount net ipc uts cgroup; do
        proc=$ns
        [ "$ns" != mount ] || proc=mnt
        want=''
        case " $* " in *" $ns "*) want=1 ;; esac
        if ns_differs "$pid" "$proc"; then
            [ -n "$want" ] || bad="$bad $ns(new, but not in the spec)"
        else
            [ -z "$want" ] || bad="$bad $ns(shared with the host, but in the spec)"
        fi
    done
    if [ -n "$bad" ]; then
        echo "namespaces of $pid:$bad" >&2
        return 1
    fi
}

# ---------------------------------------------------------------------------------------------
# The host shell

# The POSIX shells the scripts are tested under (shells.bats), as Debian packages them. busybox
# means its ash (the applet 'sh'); bash runs as 'sh', in its POSIX mode.
TEST_SHELLS=(dash bash busybox mksh yash posh)

# test_shell_binary NAME: the binary of shell NAME (a name above, or an absolute path).
test_shell_binary() {
    case $1 in
        /*) [ -x "$1" ] && printf '%s\n' "$1" ;;
        *) command -v "$1" ;;
    esac
}

# requires_test_shell: skip when $TEST_SHELL is set and not installed.
requires_test_shell() {
    [ -n "$TEST_SHELL" ] || return 0
    test_shell_binary "$TEST_SHELL" >/dev/null \
        || skip "the shell $TEST_SHELL is not installed (apt-get install $TEST_SHELL, or make deps)"
}

# use_test_shell DIR: with $TEST_SHELL set, the scripts in DIR (the test's copies of generated
# ones) run under that shell as if it were the host's /bin/sh: a link named 'sh' to it in
# $T/host-sh becomes the interpreter of every script ('#!/bin/sh' rewritten to '#!$T/host-sh/sh'),
# so a script and every script it runs by path get it; and $T/host-sh goes first in PATH, so a
# script that runs 'sh FILE' gets it too. Called as 'sh', bash runs in its POSIX mode, yash in its
# POSIXly-correct mode and busybox as its ash (Debian's mksh has no sh mode; its lksh has). The
# container's own shell stays busybox (the scripts name it), and so does whatever the container
# runs. A probe with the same first line proves which binary runs the scripts before the flow.
use_test_shell() {
    local dir=$1 bin f first probe
    [ -n "$TEST_SHELL" ] || return 0
    bin=$(test_shell_binary "$TEST_SHELL") || fail "no shell $TEST_SHELL"
    mkdir -p "$T/host-sh"
    ln -sfn "$bin" "$T/host-sh/sh"
    for f in "$dir"/*.sh; do
        IFS= read -r first <"$f" || true
        [ "$first" = '#!/bin/sh' ] || fail "$f starts with '$first', not '#!/bin/sh'"
        sed -i "1s|.*|#!$T/host-sh/sh|" "$f"
    done
    export PATH="$T/host-sh:$PATH"
    probe=$T/host-sh/probe
    printf '#!%s\nreadlink /proc/$$/exe\n:\n' "$T/host-sh/sh" >"$probe"
    chmod +x "$probe"
    [ "$("$probe")" = "$(readlink -f "$bin")" ] \
        || fail "a script starting with #!$T/host-sh/sh runs $("$probe"), not $bin"
    [ "$(sh -c 'readlink /proc/$$/exe; :')" = "$(readlink -f "$bin")" ] || fail "'sh' on PATH is not $bin"
}

# ---------------------------------------------------------------------------------------------
# jconshgen

# write_spec NAME [YAML LINE...]: a spec $T/NAME.yaml for container NAME, work directory $T/NAME.
write_spec() {
    local name=$1
    shift
    {
        printf 'name: %s\nworkdir: %s\n' "$name" "$name"
        printf '%s\n' "$@"
    } >"$T/$name.yaml"
}

# generate SPEC DIR: render SPEC's scripts into DIR with the built jar.
generate() {
    run_ok "$JG" generate "$1" -o "$2"
}

# generate_all DIR SPEC...: the robust scripts of every SPEC in DIR/NAME (NAME: the spec's file
# name without .yaml), all rendered by one JVM ('jconshgen batch'): its start costs more than a
# render.
generate_all() {
    local dir=$1 spec
    shift
    for spec in "$@"; do
        printf 'generate\t%s\t-o\t%s\n' "$spec" "$dir/$(basename "$spec" .yaml)"
    done >"$T/generate.batch"
    run_ok "$JG" batch "$T/generate.batch"
}

# ---------------------------------------------------------------------------------------------
# Fault injection: PATH shims
#
# A shim stands in for a host command (ip, mount, mkdir, unshare, ...) in $T/shim, which a test
# puts first in PATH for jconshgen (and so for the scripts it runs). The shim runs the real
# command unless its arguments match a pattern; then it fails, or it stops until the test lets
# it go. The container itself starts with 'env -i' and a PATH of its own, so shims never reach
# inside it.

SHIM_DIR_NAME=shim

# shim_fail CMD PATTERN: CMD fails (exit 1, a message on stderr) when " ARGS " matches the shell
# case PATTERN (e.g. '* link add *'); otherwise it runs the real CMD.
shim_fail() {
    _shim "$1" "$2" 'echo "shim: injected failure of $me $*" >&2; exit 1'
}

# shim_block CMD PATTERN: when the arguments match, CMD writes its PID and its parent's to
# $T/shim/CMD.hit and waits (up to 60 s) for $T/shim/CMD.go before it runs the real CMD.
# shim_wait_hit CMD waits for the first, shim_release CMD creates the second.
shim_block() {
    _shim "$1" "$2" 'echo "$$ $PPID" >"$dir/$me.hit"; n=600; while [ ! -e "$dir/$me.go" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done'
}
# shim_block_after CMD PATTERN: the same, but the real CMD runs first and has done its work when
# the shim stops: the moment a signal can end the command after it made its thing, before the
# script that ran it can record that. The shim then exits with the real command's status.
shim_block_after() {
    _shim "$1" "$2" '"$real" "$@"; rc=$?; echo "$$ $PPID" >"$dir/$me.hit"; n=600; while [ ! -e "$dir/$me.go" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done; exit "$rc"'
}
shim_wait_hit() {
    local tries=600
    until [ -s "$T/$SHIM_DIR_NAME/$1.hit" ]; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || { echo "the shim of $1 was never reached" >&2; return 1; }
        sleep 0.1
    done
}
shim_release() { : >"$T/$SHIM_DIR_NAME/$1.go"; }

# shim_path: the PATH that puts the shims first.
shim_path() { printf '%s:%s' "$T/$SHIM_DIR_NAME" "$PATH"; }

_shim() {
    local cmd=$1 pattern=$2 action=$3 real dir=$T/$SHIM_DIR_NAME
    real=$(command -v "$cmd") || { echo "no $cmd to shim" >&2; return 1; }
    mkdir -p "$dir"
    # Only '*' in PATTERN is a wildcard: the rest (spaces included) is quoted for the shim's case.
    pattern="\"${pattern//\*/\"*\"}\""
    # The paths are the test's own; printf %q keeps them literal in the shim.
    cat >"$dir/$cmd" <<SHIM
#!/bin/sh
me=$(printf '%q' "$cmd")
dir=$(printf '%q' "$dir")
real=$(printf '%q' "$real")
case " \$* " in
$pattern) $action ;;
esac
exec "\$real" "\$@"
SHIM
    chmod +x "$dir/$cmd"
}

# ---------------------------------------------------------------------------------------------
# Files that apply containers with jconshgen

# apply_setup / apply_teardown: setup and teardown of the files that run 'jconshgen apply'. Each
# test has its own state directory ($T/state); every name a test adds to APPLIED is destroyed in
# teardown (whatever the test left running), before the common teardown checks for leaks.
apply_setup() {
    common_setup
    requires root busybox jar userns-overlay nsenter ip
    export JCONSHGEN_STATE_DIR=$T/state
    APPLIED=()
}
apply_teardown() {
    local name
    for name in "${APPLIED[@]}"; do
        # only a name with state: without it destroy only reports, and a JVM start per name
        # the test never applied (or destroyed itself) is most of a short test's teardown
        [ ! -e "$JCONSHGEN_STATE_DIR/$name" ] || "$JG" destroy "$name" >/dev/null 2>&1 || true
    done
    common_teardown
}

# lab_apply_setup / lab_apply_teardown: apply_setup and apply_teardown for tests that apply labs:
# every lab name a test adds to LABS is destroyed (all its members, then its bridge) first.
lab_apply_setup() {
    apply_setup
    LABS=()
}
lab_apply_teardown() {
    local lab
    for lab in "${LABS[@]}"; do
        jg destroy "$lab" >/dev/null 2>&1 || true
    done
    apply_teardown
}

# jg ARGS...: the jconshgen jar.
jg() {
    "$JG" "$@"
}

# spec_with_network NAME NET: a spec $T/NAME.yaml with the cgroup NAME-cg and a network in
# NET.0/24, registered for teardown; skipped when its names or subnet are in use.
spec_with_network() {
    requires_free_netns "$1"
    requires_free_cgroup "$1-cg"
    requires_free_subnet "$2"
    write_spec "$1" "cgroup: {name: $1-cg}" "network: {netns: $1, hostAddress: $2.1/24, containerAddress: $2.2/24}"
    APPLIED+=("$1")
    # free a moment ago, so this test's: teardown removes them when a failing test left them
    track_netns "$1"
    track_cgroup "$1-cg"
}

# ---------------------------------------------------------------------------------------------
# Containers

# start_detached SCRIPTS WORKDIR [SETUP_OPTION...]: build the lower layer in WORKDIR (if missing),
# start the container with 'consh_setup.sh -d' from there, track it, and set CONTAINER_PID.
start_detached() {
    local scripts=$1 workdir=$2
    shift 2
    mkdir -p -- "$workdir"
    if [ ! -x "$workdir/lower/bin/busybox" ]; then
        (cd -- "$workdir" && "$scripts/create_lowerfs.sh" lower) || return 1
    fi
    track_pidfile "$workdir/ovly/container.pid"
    cd -- "$workdir" || return 1
    run_ok "$scripts/consh_setup.sh" -d "$@" lower ovly
    cd - >/dev/null || return 1
    CONTAINER_PID=$(cat "$workdir/ovly/container.pid")
    [[ $CONTAINER_PID =~ ^[0-9]+$ ]]
    track_pid "$CONTAINER_PID"
}

# stop_container PID: TERM the container's PID 1 and wait until it and its launcher (the unshare
# that consh_setup.sh -d started, which exits with it) are gone: until then the launcher still
# counts in the container's cgroup.
stop_container() {
    local launcher exe=''
    launcher=$(ps -o ppid= -p "$1" | tr -d ' ')
    [ -z "$launcher" ] || exe=$(readlink "/proc/$launcher/exe" 2>/dev/null)
    kill -TERM "$1"
    wait_gone "$1" 5 || {
        echo "container PID $1 did not exit after TERM" >&2
        return 1
    }
    if [[ $exe == */unshare ]]; then
        wait_gone "$launcher" 5 || {
            echo "the launcher $launcher of container PID $1 did not exit" >&2
            return 1
        }
    fi
}

# ---------------------------------------------------------------------------------------------
# Tracking what a test creates, and removing it in teardown

_tracked_pids=()
_tracked_pidfiles=()
_tracked_netns=()
_tracked_cgroups=()
_tracked_bridges=()
_teardown_cmds=()
# names a test checked free (requires_free_*): the names of what it makes
_declared_names=()

# exclusive NAME: wait for the host-wide lock NAME and hold it to the end of this test's teardown.
# The files run in parallel; the few tests of different files that must use the same host-global
# names (the handout's own: consh, consh_cgrp, 10.0.0.0/24) take one lock, so that two of them
# never run at once. A background child holds it, not this shell, so that nothing the test
# starts inherits the lock; it also lets go when this shell is gone (bats killed).
_lock_holders=()
exclusive() {
    local lock=/run/lock/jconshgen-bats-$1.lock held=$BATS_TEST_TMPDIR/lock-$1.held tries=1200 test_shell=$$
    (
        flock 9 || exit 1
        : >"$held"
        while kill -0 "$test_shell" 2>/dev/null; do sleep 1; done
    ) 9>"$lock" </dev/null >/dev/null 2>&1 3>&- &
    _lock_holders+=($!)
    until [ -e "$held" ]; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || { echo "lock $1 ($lock) not free after 120 s" >&2; return 1; }
        sleep 0.1
    done
}

# track_pid PID: a process this test started (a container's PID 1, a background helper).
# Teardown kills it, and, when it heads a session of its own (consh_setup.sh -d starts unshare
# with setsid), every process left in that session.
track_pid() {
    local sid
    sid=$(ps -o sid= -p "$1" 2>/dev/null | tr -d ' ')
    # with the start times of the process and of its session's leader: teardown kills neither
    # when its PID has been taken by another program's process since (pid_max is 32768 here)
    _tracked_pids+=("$1:${sid:-}:$(_start_time "$1"):$( [ -z "$sid" ] || _start_time "$sid")")
}

# _start_time PID: when the process started (field 22 of /proc/PID/stat, counted after the
# command's closing parenthesis, which may hold spaces); nothing when it is gone.
_start_time() {
    local stat
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 0
    stat=${stat##*) }
    # shellcheck disable=SC2086 # split into the fields, on purpose
    set -- $stat
    printf '%s\n' "${20:-}"
}
track_pidfile() { _tracked_pidfiles+=("$1"); }
track_netns() { _tracked_netns+=("$@"); }
track_cgroup() { _tracked_cgroups+=("$@"); }
# track_bridge NAME...: a bridge this test makes (through a lab); teardown deletes it after the
# veths, by name (requires_free_bridge made sure that it is this test's).
track_bridge() { _tracked_bridges+=("$@"); }
# on_teardown DIR CMD...: run CMD from DIR in teardown (e.g. a generated cleanup script).
on_teardown() {
    local dir=$1
    shift
    _teardown_cmds+=("cd $(printf '%q' "$dir") && $(printf '%q ' "$@")")
}

# _kill_tracked: KILL every tracked process and what is left of its session, then wait.
_kill_tracked() {
    local entry pid sid own_sid victims=() p
    own_sid=$(ps -o sid= -p $$ | tr -d ' ')
    for entry in "${_tracked_pidfiles[@]}"; do
        [ -r "$entry" ] || continue
        pid=$(cat "$entry" 2>/dev/null)
        # a PID from a file is only trusted while it is still a busybox (a container's PID 1)
        if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" \
            && [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */busybox ]]; then
            track_pid "$pid"
        fi
    done
    local start leader_start
    for entry in "${_tracked_pids[@]}"; do
        IFS=: read -r pid sid start leader_start <<<"$entry"
        # the PID now names another process (the tracked one ended, its PID was reused)
        if [ -n "$start" ] && [ "$(_start_time "$pid")" = "$start" ]; then
            victims+=("$pid")
        fi
        # a session whose leader's PID was reused is not this test's any more; while any member
        # of the old session lives, the kernel keeps its ID from being reused
        if [ -n "$sid" ] && [ -n "$leader_start" ] && [ -n "$(_start_time "$sid")" ] \
            && [ "$(_start_time "$sid")" != "$leader_start" ]; then
            continue
        fi
        # Only a session that this test's setsid created, never the session bats runs in.
        if [ -n "$sid" ] && [ "$sid" != "$own_sid" ] && [ "$sid" != 0 ]; then
            for p in $(ps -e -o pid=,sid= | awk -v s="$sid" '$2 == s {print $1}'); do
                victims+=("$p")
            done
        fi
    done
    for p in "${victims[@]}"; do
        [ "$p" != $$ ] && alive "$p" && kill -KILL "$p" 2>/dev/null
    done
    for p in "${victims[@]}"; do
        wait_gone "$p" 5 || echo "teardown: process $p did not go away" >&2
    done
}

# _remove_cgroup NAME: remove NAME in every hierarchy (v1 controllers, the unified one, and a
# plain directory on a tmpfs /sys/fs/cgroup), after killing what is still inside.
_remove_cgroup() {
    local name=$1 dir p
    for dir in /sys/fs/cgroup/"$name" /sys/fs/cgroup/*/"$name"; do
        [ -d "$dir" ] || continue
        # deepest first
        while IFS= read -r sub; do
            for p in $(cat "$sub/cgroup.procs" 2>/dev/null); do
                [ "$p" != $$ ] && kill -KILL "$p" 2>/dev/null
                wait_gone "$p" 5
            done
            rmdir "$sub" 2>/dev/null || {
                # a fake cgroup: a plain directory on the tmpfs, with a plain cgroup.procs file
                [ "$(stat -f -c %T "$sub")" = tmpfs ] && rm -rf -- "$sub"
            } || echo "teardown: cannot remove cgroup $sub" >&2
        done < <(find "$dir" -depth -type d 2>/dev/null)
    done
}

# _mounts_under DIR: mount points at or below DIR in this mount namespace, deepest last.
# mountinfo writes a space, tab, newline or '\' in a path as '\NNN' (octal): one sed makes every
# such escape one that printf %b decodes ('\0NNN'), and printf -v decodes it without a process
# (a sed and a subshell per mount took most of a test's teardown).
_mounts_under() {
    local mp
    while IFS= read -r mp; do
        printf -v mp '%b' "$mp"
        case $mp in "$1" | "$1"/*) printf '%s\n' "$mp" ;; esac
    done < <(awk '{print $5}' /proc/self/mountinfo | sed 's/\\\([0-7][0-7][0-7]\)/\\0\1/g')
}

# _write_test_names FILE: the test's names and directory, for 'leakcheck diff --ours': what it
# declared or tracked, and every name in the specs under $T: a container's, cgroup's (each
# component of a parent), netns's or bridge's. Not the names of the suite's and the examples'
# specs: files run in parallel, and another file's container is noise here. A test that applies
# such a spec copies it under $T or declares its names (requires_free_*).
_write_test_names() {
    {
        printf '%s\n' "${_declared_names[@]}" "${_tracked_netns[@]}" "${_tracked_cgroups[@]}" "${_tracked_bridges[@]}"
        {
            [ -z "${T:-}" ] || [ ! -d "$T" ] || find "$T" -name '*.yaml' -type f -exec cat {} + 2>/dev/null
        } | grep -oE "(name|netns|bridge|parent|hostname):[[:space:]]*[\"']?[A-Za-z0-9_./-]+" \
            | sed -E "s/^[a-z]+:[[:space:]]*[\"']?//"
    } | tr '/' '\n' | grep -v '^$' | sed 's/^/name /' | sort -u >"$1"
    [ -z "${T:-}" ] || printf 'dir %s\n' "$T" >>"$1"
}

# no_leaks [BEFORE]: nothing of this test's own is new since BEFORE (default: the snapshot taken
# before the test); what other programs made meanwhile is printed as noise.
no_leaks() {
    _write_test_names "$BATS_TEST_TMPDIR/test.names"
    "$LEAKCHECK" diff "${1:-$BATS_TEST_TMPDIR/leakcheck.before}" --ours "$BATS_TEST_TMPDIR/test.names"
}

common_setup() {
    set -u
    [ -x "$LEAKCHECK" ] || {
        echo "leakcheck not found at $LEAKCHECK (shared/ must be beside the repository, or set LEAKCHECK)" >&2
        return 1
    }
    "$LEAKCHECK" snapshot >"$BATS_TEST_TMPDIR/leakcheck.before"
    T=$(mktemp -d "${TMPDIR:-/tmp}/jconshgen-bats.XXXXXX")
    # apply's busybox layer cache, per test: each test builds its own (the interrupt and fault
    # tests stop apply while it builds one), and none is left behind on the host.
    export JCONSHGEN_CACHE_DIR=$T/cache
    # and its lock (one file per cache, in /run/lock by default): in $T, so that none is left
    mkdir -p "$T/locks"
    export JCONSHGEN_LOCK_DIR=$T/locks
    ORIG_PWD=$PWD
}

common_teardown() {
    local result=0 cmd n mp
    cd "${ORIG_PWD:-/}" || cd /
    # the names in the test's specs, before $T goes
    _write_test_names "$BATS_TEST_TMPDIR/test.names"
    _kill_tracked
    for cmd in "${_teardown_cmds[@]}"; do
        (eval "$cmd") >/dev/null 2>&1 || true
    done
    for n in "${_tracked_netns[@]}"; do
        ! ip link show "$n-0" >/dev/null 2>&1 || ip link delete "$n-0" || result=1
        if [ -e "/var/run/netns/$n" ]; then
            umount "/var/run/netns/$n" 2>/dev/null
            rm -f -- "/var/run/netns/$n" || result=1
        fi
    done
    for n in "${_tracked_bridges[@]}"; do
        [ ! -e "/sys/class/net/$n" ] || ip link delete "$n" type bridge || result=1
    done
    for n in "${_tracked_cgroups[@]}"; do
        _remove_cgroup "$n"
    done
    if [ -n "${T:-}" ] && [ -d "$T" ]; then
        while IFS= read -r mp; do
            umount -l "$mp" || result=1
        done < <(_mounts_under "$T" | sort -r)
        if [ -n "$(_mounts_under "$T")" ]; then
            echo "teardown: mounts are left under $T; not removing it" >&2
            result=1
        else
            rm -rf -- "$T"
        fi
    fi
    if [ -r "$BATS_TEST_TMPDIR/leakcheck.before" ]; then
        if "$LEAKCHECK" diff "$BATS_TEST_TMPDIR/leakcheck.before" --ours "$BATS_TEST_TMPDIR/test.names" \
            >"$BATS_TEST_TMPDIR/leakcheck.after" 2>&1; then
            grep '^NOISE' "$BATS_TEST_TMPDIR/leakcheck.after" | sed 's/^/# /' >&3 || true
        else
            echo "# leakcheck found resources that this test left behind (teardown removed what it tracked):" >&2
            cat "$BATS_TEST_TMPDIR/leakcheck.after" >&2
            result=1
        fi
    fi
    # last: the next test waiting for one of these locks finds this test's things all gone
    if [ "${#_lock_holders[@]}" -gt 0 ]; then
        kill "${_lock_holders[@]}" 2>/dev/null
        wait "${_lock_holders[@]}" 2>/dev/null
        _lock_holders=()
    fi
    return "$result"
}

setup() {
    common_setup
}

teardown() {
    common_teardown
}

# ---------------------------------------------------------------------------------------------
# Images

# make_umoci_image DIR: DIR/img, an OCI image layout made with umoci (images.bats,
# rootless.bats), with v1 (a base layer), v2 (v1 and a layer that deletes etc/gone, adds data/new
# and a symlink) and v3 (v2 and a hand-made layer whose data/ is opaque: the lower data/ hidden,
# only 'fresh' in it, with a hard link 'fresh2', owner 1234:5678 and the attribute user.note);
# umoci's own unpack of v3 in DIR/u3.
make_umoci_image() {
    (
        cd "$1" || exit 1
        umoci init --layout img && umoci new --image img:v1 && umoci unpack --image img:v1 b1 >/dev/null || exit 1
        mkdir -p b1/rootfs/etc b1/rootfs/data && echo base >b1/rootfs/etc/motd && echo x >b1/rootfs/etc/gone \
            && echo old >b1/rootfs/data/old && umoci repack --image img:v1 b1 || exit 1
        umoci unpack --image img:v1 b2 >/dev/null && rm b2/rootfs/etc/gone && echo new >b2/rootfs/data/new \
            && ln -s motd b2/rootfs/etc/link && umoci repack --image img:v2 b2 || exit 1
        mkdir -p opq/data && : >opq/data/.wh..wh..opq && echo fresh >opq/data/fresh && ln opq/data/fresh opq/data/fresh2 \
            && setfattr -n user.note -v hi opq/data/fresh \
            && tar --xattrs --owner=1234 --group=5678 --numeric-owner -C opq -cf opaque.tar data || exit 1
        umoci raw add-layer --image img:v2 --tag v3 opaque.tar && umoci unpack --image img:v3 u3 >/dev/null
    ) >"$1/make-image.log" 2>&1 || fail "umoci could not make the image: $(cat "$1/make-image.log")"
}
