#!/usr/bin/env bats
# Under load: 20 containers from 20 specs (bl01..bl20, each with a cgroup, a pids limit and a
# network on its own subnet 10.231.200.0/24 - 10.231.219.0/24), applied 4 at a time, verified
# 4 at a time, destroyed 4 at a time. Every exit code is checked and every failure printed with
# its output; nothing may leak. The times go to the TAP output as comments, never asserted.

load helpers

setup() {
    common_setup
    requires root busybox jar userns-overlay nsenter ip xargs
    export JCONSHGEN_STATE_DIR=$T/state
    NAMES=()
    local i
    for i in $(seq 1 20); do
        NAMES+=("$(printf 'bl%02d' "$i")")
    done
}

teardown() {
    local name
    for name in "${NAMES[@]}"; do
        [ ! -e "$JCONSHGEN_STATE_DIR/$name" ] || "$JG" destroy "$name" >/dev/null 2>&1 || true
    done
    common_teardown
}

# pool ACTION NAME...: 'jconshgen ACTION' (the launcher, as users run it) for every NAME (apply takes $T/NAME.yaml), 4 at a time;
# each one's output goes to $T/out/NAME.ACTION and its exit code to $T/out/NAME.ACTION.rc.
pool() {
    local action=$1
    shift
    mkdir -p "$T/out"
    printf '%s\n' "$@" | xargs -P4 -I{} sh -c '
        jg=$1 action=$2 dir=$3 name=$4
        target=$name
        [ "$action" != apply ] || target=$dir/$name.yaml
        "$jg" "$action" "$target" >"$dir/out/$name.$action" 2>&1
        echo "$?" >"$dir/out/$name.$action.rc"' sh "$JG" "$action" "$T" {}
}

# all_ok ACTION TEXT NAME...: every NAME's ACTION exited 0 and its output holds TEXT and no FAIL;
# prints each one that did not, with its output, and then fails.
all_ok() {
    local action=$1 text=$2 name rc bad=0
    shift 2
    for name in "$@"; do
        rc=$(cat "$T/out/$name.$action.rc" 2>/dev/null) || rc='(none: it did not run)'
        if [ "$rc" != 0 ] || ! grep -qF -- "$text" "$T/out/$name.$action" || grep -q 'FAIL' "$T/out/$name.$action"; then
            printf '# %s %s: exit %s, expected 0 and "%s" without FAIL; its output:\n' "$action" "$name" "$rc" "$text" >&2
            sed 's/^/#   /' "$T/out/$name.$action" >&2 2>/dev/null
            bad=$((bad + 1))
        fi
    done
    [ "$bad" -eq 0 ] || { printf '# %s failed for %s of %s containers\n' "$action" "$bad" "$#" >&2; return 1; }
}

# timed VAR CMD...: run CMD, store its wall-clock seconds in VAR.
timed() {
    local var=$1 start
    shift
    start=$(date +%s.%N)
    "$@"
    printf -v "$var" '%s' "$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
}

@test "20 containers with cgroup and network, applied, verified and destroyed 4 at a time: all PASS, nothing leaked" {
    local i name net
    for i in $(seq 1 20); do
        name=${NAMES[$((i - 1))]}
        net=10.231.$((199 + i))
        requires_free_netns "$name"
        requires_free_cgroup "${name}_cg"
        requires_free_subnet "$net"
        write_spec "$name" "cgroup: {name: ${name}_cg, limits: {pids: 64}}" \
            "network: {netns: $name, hostAddress: $net.1/24, containerAddress: $net.2/24}"
        # if destroy fails, teardown still removes them (and the test fails on the way)
        track_pidfile "$JCONSHGEN_STATE_DIR/$name/container.pid"
        track_netns "$name"
        track_cgroup "${name}_cg"
    done

    local t_apply t_verify t_destroy
    timed t_apply pool apply "${NAMES[@]}"
    all_ok apply "is running" "${NAMES[@]}"
    run_ok "$JG" status
    [ "$(grep -c ' running ' <<<"$output")" -eq 20 ] || { echo "not 20 running: $output" >&2; false; }

    timed t_verify pool verify "${NAMES[@]}"
    all_ok verify "all checks passed" "${NAMES[@]}"

    timed t_destroy pool destroy "${NAMES[@]}"
    all_ok destroy "nothing of it is left" "${NAMES[@]}"
    printf '# 20 containers, 4 at a time: apply %s s, verify %s s, destroy %s s\n' \
        "$t_apply" "$t_verify" "$t_destroy" >&3

    [ -z "$(ls -A "$JCONSHGEN_STATE_DIR")" ]
    for name in "${NAMES[@]}"; do
        [ ! -e "$T/$name" ] || { echo "work directory $T/$name is left" >&2; false; }
    done
    run_ok no_leaks
}
