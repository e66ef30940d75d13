#!/usr/bin/env bash
# bench/chaos.sh: 'make chaos' (not part of 'make test'). CHAOS_RUNS times (default 200): apply a
# container (a cgroup with a pids limit, every namespace, a veth pair in a netns of its own) and
# stop it at a random moment, with SIGKILL or SIGTERM at random; then 'jconshgen destroy NAME';
# then count what of the container is still on the host (bats-tests/leakcheck diff --ours, with
# the spec's names and the bench's directory). Writes the figures to bench/chaos.md. As root.
#   CHAOS_RUNS=N        iterations
#   CHAOS_SEED=N        the random moments and signals (default 1706), to repeat a run
#   CHAOS_MAX_DELAY=MS  the latest moment after the start of apply (default: the longest of three
#                       uninterrupted applies measured first, so the moments cover apply's whole run)
#   CHAOS_MIN_DELAY=MS  the earliest (default 0); CHAOS_SIGNAL=KILL or TERM: that one only
# jconshgen runs as users run it, through bin/jconshgen (on this jar).
set -euo pipefail
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd -P)
jar=$top/generator/cli/target/jconshgen.jar
leakcheck=$top/bats-tests/leakcheck
runs=${CHAOS_RUNS:-200}
max_delay=${CHAOS_MAX_DELAY:-}
min_delay=${CHAOS_MIN_DELAY:-0}
RANDOM=${CHAOS_SEED:-1706}
out=$top/bench/chaos.md
[ "$(id -u)" -eq 0 ] || { echo "chaos: run as root (it starts containers)" >&2; exit 2; }
[ -f "$jar" ] || { echo "chaos: $jar is missing: run 'make' first" >&2; exit 2; }

work=$(mktemp -d /tmp/jconshgen-chaos.XXXXXX)
export JCONSHGEN_STATE_DIR=$work/state JCONSHGEN_CACHE_DIR=$work/cache
name=chaos netns=chaosn cgroup=chaos_cg
for taken in "/var/run/netns/$netns" "/sys/fs/cgroup/$cgroup" /sys/fs/cgroup/*/"$cgroup"; do
    [ ! -e "$taken" ] || { echo "chaos: $taken exists already: not ours, left alone" >&2; exit 2; }
done
cat >"$work/$name.yaml" <<SPEC
name: $name
workdir: w
cgroup: {name: $cgroup, limits: {pids: 32}}
network: {netns: $netns, hostAddress: 10.231.250.1/24, containerAddress: 10.231.250.2/24}
SPEC
printf 'name %s\n' "$name" "$netns" "$cgroup" >"$work/names"
printf 'dir %s\n' "$work" >>"$work/names"

export JCONSHGEN_JAR=$jar
jconshgen=$top/bin/jconshgen

# Whatever happens, nothing of the bench stays: destroy --force removes what carries the names.
cleanup() {
    "$jconshgen" destroy --force "$work/$name.yaml" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
"$leakcheck" snapshot >"$work/before"

# apply's whole run, measured: the moments are drawn over it, not over a guess
if [ -z "$max_delay" ]; then
    max_delay=0
    for _ in 1 2 3; do
        start=$(date +%s%N)
        "$jconshgen" apply -q "$work/$name.yaml" >"$work/apply.out" 2>&1 \
            || { echo "chaos: an uninterrupted apply failed:" >&2; cat "$work/apply.out" >&2; exit 1; }
        took=$((($(date +%s%N) - start) / 1000000))
        [ "$took" -le "$max_delay" ] || max_delay=$took
        "$jconshgen" destroy -q "$name" >/dev/null 2>&1 || { echo "chaos: destroy after a whole apply failed" >&2; exit 1; }
    done
    echo "chaos: an uninterrupted apply takes up to $max_delay ms here: moments from $min_delay to $max_delay ms" >&2
    measured=" (the longest of three uninterrupted applies here)"
fi

declare -A by_phase=() leaks_by_phase=()
iterations=0 leaky=0 forced=0 term=0 kill=0 unclean_destroy=0
for i in $(seq 1 "$runs"); do
    delay=$((min_delay + RANDOM % (max_delay - min_delay)))
    if [ -n "${CHAOS_SIGNAL:-}" ]; then
        signal=$CHAOS_SIGNAL
    elif [ $((RANDOM % 2)) -eq 0 ]; then
        signal=KILL
    else
        signal=TERM
    fi
    if [ "$signal" = KILL ]; then kill=$((kill + 1)); else term=$((term + 1)); fi
    JCONSHGEN_TIMINGS=1 "$jconshgen" apply -q "$work/$name.yaml" >"$work/apply.out" 2>&1 &
    apply=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -s "$signal" "$apply" 2>/dev/null || true
    wait "$apply" 2>/dev/null || true
    # the step it was stopped in: the one after the last phase of apply it finished. After TERM
    # apply's hook names that phase ('signal after PHASE'; the phases marked later are the
    # undo's way out); after KILL it is the last phase printed.
    phase=$(sed -n 's/^jconshgen timing: signal after \(.*\)$/\1/p' "$work/apply.out" | head -n 1)
    [ -n "$phase" ] || phase=$(sed -n 's/^jconshgen timing: \(apply: .*\) [0-9]* ms$/\1/p' "$work/apply.out" | tail -n 1)
    phase="${signal} after ${phase:-JVM start}"
    by_phase[$phase]=$(( ${by_phase[$phase]:-0} + 1 ))
    "$jconshgen" destroy -q "$name" >"$work/destroy.out" 2>&1 || unclean_destroy=$((unclean_destroy + 1))
    if ! "$leakcheck" diff "$work/before" --ours "$work/names" >"$work/leaks" 2>&1; then
        leaky=$((leaky + 1))
        leaks_by_phase[$phase]=$(( ${leaks_by_phase[$phase]:-0} + 1 ))
        printf 'iteration %s (%s, %s ms): left after destroy:\n' "$i" "$phase" "$delay" >&2
        grep '^LEAK' "$work/leaks" >&2 || true
        sed 's/^/  apply: /' "$work/apply.out" >&2
        sed 's/^/  destroy: /' "$work/destroy.out" >&2
        "$jconshgen" destroy --force "$work/$name.yaml" >/dev/null 2>&1 || true
        forced=$((forced + 1))
    fi
    # a claimed name whose apply died before it wrote the state: the state directory only
    if [ -d "$JCONSHGEN_STATE_DIR/$name" ] && [ ! -f "$JCONSHGEN_STATE_DIR/$name/state.json" ]; then
        rm -rf "${JCONSHGEN_STATE_DIR:?}/$name"
    fi
    iterations=$i
done

{
    echo "# Chaos figures"
    echo
    echo "bench/chaos.sh ('make chaos'), $(uname -r), $(nproc) CPUs: $iterations iterations of apply of"
    echo "a container (cgroup with a pids limit, every namespace, a veth pair in its own netns), stopped"
    echo "at a random moment $min_delay to $max_delay ms${measured:-} after its start with ${CHAOS_SIGNAL:-SIGKILL or SIGTERM} (seed ${CHAOS_SEED:-1706}), then"
    echo "'jconshgen destroy NAME', then bats-tests/leakcheck with the spec's names."
    echo
    echo "| figure | value |"
    echo "| --- | --- |"
    echo "| iterations (SIGKILL / SIGTERM) | $iterations ($kill / $term) |"
    echo "| iterations with anything of the container left after destroy | **$leaky** |"
    echo "| destroy exiting non-zero (it found something it could not prove gone) | $unclean_destroy |"
    echo
    echo "Where apply was stopped (the signal, and the last phase it had finished; JCONSHGEN_TIMINGS):"
    echo
    echo "| signal and moment | iterations | left something |"
    echo "| --- | --- | --- |"
    for phase in "${!by_phase[@]}"; do
        echo "| $phase | ${by_phase[$phase]} | ${leaks_by_phase[$phase]:-0} |"
    done | sort
} >"$out"
cat "$out"
[ "$leaky" -eq 0 ]
