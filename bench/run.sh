#!/usr/bin/env bash
# The 'sh -c' texts below get their values as arguments: single quotes are meant.
# shellcheck disable=SC2016
# bench/run.sh: 'make bench'. Times what people wait for, on this machine, in one run, and writes
# the table to bench/results.md (and prints it). Each row is the median of BENCH_RUNS runs
# (default 10) after one warm-up run; wall time is measured around the command, peak memory
# (max RSS) by GNU time. Needs root (containers), busybox-static, GNU time; runc and bwrap are
# measured where installed ('make bench-deps' installs them).
#   BENCH_RUNS=N     runs per row (at least 10 for the published table)
#   BENCH_SCALE="1 10 50"  container counts for the scale rows
# The container cycles run the lab's scripts as generated/ holds them: the robust ones from
# generated/lab/robust/ (with consh_lib.sh, which they source) and the lesson ones from
# generated/lab/, each copied into the bench's directory and given cgroup names of the bench's own.
set -euo pipefail
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd -P)
jar=$top/generator/cli/target/jconshgen.jar
launcher=$top/bin/jconshgen
runs=${BENCH_RUNS:-10}
scale=${BENCH_SCALE:-1 10 50}
out=$top/bench/results.md
[ "$(id -u)" -eq 0 ] || { echo "bench: run as root (it starts containers)" >&2; exit 2; }
[ -f "$jar" ] || { echo "bench: $jar is missing: run 'make' first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d /tmp/jconshgen-bench.XXXXXX)
export JCONSHGEN_STATE_DIR=$work/state JCONSHGEN_CACHE_DIR=$work/cache
cleanup() {
    local dir
    for dir in "$JCONSHGEN_STATE_DIR"/*/; do
        [ -d "$dir" ] && java -jar "$jar" destroy "$(basename "$dir")" >/dev/null 2>&1
    done
    # the lesson scripts' cgroup, should a run have stopped between their setup and cleanup
    for dir in /sys/fs/cgroup/bench_lesson_cg /sys/fs/cgroup/unified/bench_lesson_cg /sys/fs/cgroup/pids/bench_lesson_cg; do
        [ ! -d "$dir" ] || rmdir "$dir" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

rows=()
declare -A median_ms median_kb

# measure KEY LABEL CMD...: one warm-up, then $runs timed runs of CMD (its output is dropped;
# a failing run stops the benchmark with its output). Records the medians under KEY. When
# $prepare names a function, it runs before each run, untimed.
prepare=
measure() {
    local key=$1 label=$2
    shift 2
    local i start end walls=() mems=()
    for ((i = 0; i <= runs; i++)); do
        [ -z "$prepare" ] || "$prepare"
        start=$(date +%s%N)
        if ! /usr/bin/time -f '%M' -o "$work/mem" "$@" >"$work/out" 2>&1; then
            echo "bench: '$label' failed:" >&2
            cat "$work/out" >&2
            exit 1
        fi
        end=$(date +%s%N)
        [ "$i" -eq 0 ] && continue
        walls+=($(((end - start) / 1000)))
        mems+=("$(tail -n 1 "$work/mem")")
    done
    median_ms[$key]=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }')
    median_kb[$key]=$(printf '%s\n' "${mems[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    rows+=("| $label | ${median_ms[$key]} ms | $((median_kb[$key] / 1024)) MiB |")
    echo "bench: $label: ${median_ms[$key]} ms, $((median_kb[$key] / 1024)) MiB" >&2
}

# --- the JVM and the generator -----------------------------------------------------------
measure java "java -version (the JVM's floor)" java -version
measure generate_plain "jconshgen generate examples/lab.yaml (java -jar, no class-data archive)" \
    java -jar "$jar" generate "$top/examples/lab.yaml" -o "$work/gen"
measure generate "jconshgen generate examples/lab.yaml (bin/jconshgen)" "$launcher" generate "$top/examples/lab.yaml" -o "$work/gen"
# What generate costs without Freemarker: the launcher, the JVM, picocli and the spec.
measure validate "jconshgen validate examples/lab.yaml (bin/jconshgen: no templates)" "$launcher" validate "$top/examples/lab.yaml"

# --- one container with the robust scripts alone -----------------------------------------
# The lab container without a network (no root-only step, no veth): lower layer, start
# detached, run a command inside, stop, cleanup. The lab's robust scripts (generated/lab/robust/,
# consh_lib.sh with them), with the host name, cgroup and work directory of the bench's own
# container 'bcycle' given as options (apply's rows below use the same spec) and no network.
cat >"$work/cycle.yaml" <<'SPEC'
name: bcycle
workdir: bcycle
cgroup: {name: bcycle-cg}
SPEC
mkdir -p "$work/robust" && cp "$top"/generated/lab/robust/*.sh "$work/robust/"
[ -f "$work/robust/consh_lib.sh" ] || { echo "bench: generated/lab/robust/consh_lib.sh is missing" >&2; exit 2; }
cat >"$work/cycle.sh" <<'SH'
#!/bin/sh
# cycle.sh DIR [LOWER]: one container cycle with the robust scripts in DIR, from DIR. With LOWER (a
# layer built before) the lower layer is not built.
set -e
cd "$1"
mkdir -p bcycle && cd bcycle
if [ -n "${2:-}" ]; then lower=$2; else ../create_lowerfs.sh lower >/dev/null; lower=lower; fi
../consh_setup.sh -d -h bcycle -c bcycle-cg -P "$PWD/pid" "$lower" ovly >/dev/null
pid=$(cat pid)
nsenter -t "$pid" -a /bin/true
kill "$pid"
while [ -d "/proc/$pid" ]; do :; done
cd ..
./consh_cleanup.sh -c bcycle-cg -n '' bcycle >/dev/null
SH
chmod +x "$work/cycle.sh"
# The layer build alone: the removal of the last run's layer is not timed.
fresh_layer_dir() { rm -rf "$work/layer-alone" && mkdir "$work/layer-alone"; }
prepare=fresh_layer_dir
measure layer "create_lowerfs.sh (the busybox layer alone)" "$work/robust/create_lowerfs.sh" "$work/layer-alone/lower"
prepare=
measure cycle "container cycle, robust scripts alone (layer, start, command inside, stop, cleanup)" "$work/cycle.sh" "$work/robust"
mkdir -p "$work/layer" && (cd "$work/layer" && "$work/robust/create_lowerfs.sh" lower >/dev/null)
measure cycle_cached "the same cycle with the lower layer built before" "$work/cycle.sh" "$work/robust" "$work/layer/lower"

# --- the lab's cycle by hand --------------------------------------------------------------------
# The least a student types for one container (written here from the lab's description, not taken
# from its scripts): new namespaces, the overlay root, pivot into it, /proc, drop the old root, run
# a command inside, leave (the mount namespace and its mounts go with the shell), remove the
# directories. No cgroup, no checks, the layer built before: the floor that the issue's apply
# target is measured against.
cat >"$work/hand.sh" <<'SH'
#!/bin/sh
# hand.sh DIR LOWER: the lab's container cycle by hand, in DIR/hand.
set -e
cd "$1"
mkdir -p hand/upper hand/work hand/merged
unshare --user --map-root-user --pid --fork --mount --net --ipc --uts --cgroup busybox sh -c '
    set -e
    mount -t overlay overlay -o "lowerdir=$1,upperdir=hand/upper,workdir=hand/work" hand/merged
    mount --make-rprivate /
    mount --bind hand/merged hand/merged
    mkdir -p hand/merged/oldrootfs
    pivot_root hand/merged hand/merged/oldrootfs
    cd /
    mount -t proc proc /proc
    umount -l /oldrootfs
    /bin/true
' hand "$2"
rm -rf hand
SH
chmod +x "$work/hand.sh"
measure hand "the lab's cycle by hand (unshare, overlay, pivot_root, /bin/true inside, exit, rm; layer built before)" \
    "$work/hand.sh" "$work" "$work/layer/lower"

# --- the lesson scripts' cycle ------------------------------------------------------------------
# The lab's lesson scripts (generated/lab/*.sh) as the handout runs them, with the layer built
# before (the same one as above, outside the work directory, so the cleanup's 'rm -rf' of the work
# directory takes the overlay directory only, as in the rows above): consh_setup.sh makes and joins
# the cgroup and execs the interactive busybox shell in new namespaces, which reads
# consh_post_setup.sh (overlay, pivot_root, /proc, /sys, cgroup2, mqueue, devices, host name) and
# then, from a pipe, one command and 'exit'; consh_cleanup.sh removes the cgroup and the work
# directory. -n names a netns that never exists, so the cleanup has no network to remove: with
# -n '' it would test /var/run/netns/ itself and run consh_nw_cleanup.sh '', which falls back to
# the lab's netns 'consh'.
mkdir -p "$work/lesson" && cp "$top"/generated/lab/*.sh "$work/lesson/"
cat >"$work/lesson.sh" <<'SH'
#!/bin/sh
# lesson.sh DIR LOWER: one container cycle with the lesson scripts in DIR, from DIR.
set -e
cd "$1"
mkdir -p blesson && cd blesson
printf '/bin/true\nexit\n' | ../consh_setup.sh -c bench_lesson_cg "$2" ovly
cd ..
./consh_cleanup.sh -c bench_lesson_cg -n bench_lesson_nonet blesson
SH
chmod +x "$work/lesson.sh"
measure lesson "the lesson scripts' cycle (layer built before; start, one command, exit, cleanup)" \
    "$work/lesson.sh" "$work/lesson" "$work/layer/lower"

# --- jconshgen apply + destroy ---------------------------------------------------------------
measure apply_nonet "jconshgen apply + destroy, no network (cgroup, all namespaces)" \
    sh -c '"$1" apply -q "$2" && "$1" destroy -q bcycle' _ "$launcher" "$work/cycle.yaml"
sed -e 's/^name: .*/name: bbench/' -e 's/^workdir: .*/workdir: bbench/' -e 's/consh_cgrp/bbench_cgrp/' \
    -e 's/netns: consh/netns: bbench/' -e 's/10\.0\.0\./10.231.250./g' "$top/examples/lab.yaml" >"$work/lab.yaml"
measure apply_lab "jconshgen apply + destroy, the lab spec (with network)" \
    sh -c '"$1" apply -q "$2" && "$1" destroy -q bbench' _ "$launcher" "$work/lab.yaml"
# The Java API (Jconshgen.apply, AppliedContainer.close): the same spec, applied and destroyed
# again and again in one warm JVM, as a JUnit suite with the extension does (bench/WarmCycle.java).
read -r warm_ms warm_kb < <(java -cp "$jar" "$top/bench/WarmCycle.java" "$work/cycle.yaml" "$runs" "$work/warm-state" "$work/warm-cache")
median_ms[api_warm]=$warm_ms
rows+=("| Java API: apply + destroy, no network, in one warm JVM (bench/WarmCycle.java) | $warm_ms ms | $((warm_kb / 1024)) MiB (the JVM) |")
echo "bench: Java API apply + destroy (warm JVM): $warm_ms ms" >&2
# Where one apply and destroy of the lab spec spend their time (JCONSHGEN_TIMINGS, one run).
phases=$(JCONSHGEN_TIMINGS=1 "$launcher" apply -q "$work/lab.yaml" 2>&1 && JCONSHGEN_TIMINGS=1 "$launcher" destroy -q bbench 2>&1)

# --- peers: the same job with runc and bwrap, where installed --------------------------------
if command -v runc >/dev/null; then
    mkdir -p "$work/bundle" && cp -a "$work/layer/lower" "$work/bundle/rootfs"
    (cd "$work/bundle" && runc spec && sed -i 's/"sh"/"\/bin\/true"/; s/"terminal": true/"terminal": false/' config.json)
    measure runc "runc run (busybox true in new namespaces, then runc delete)" \
        sh -c 'runc run --bundle "$1" bbench-runc </dev/null && runc delete -f bbench-runc' _ "$work/bundle"
else
    rows+=("| runc run | not installed | - |")
fi
if command -v bwrap >/dev/null; then
    measure bwrap "bwrap (busybox true in new namespaces on the layer)" \
        bwrap --unshare-all --ro-bind "$work/layer/lower" / --proc /proc --dev /dev /bin/true
else
    rows+=("| bwrap | not installed | - |")
fi

# --- scale --------------------------------------------------------------------------------
# N containers with cgroups and a network each: applied one after the other (each apply's time
# is recorded while the earlier ones run), verified, destroyed. Time per container is the
# median over the N applies, so a cost that grows with the running containers shows.
scale_rows=()
declare -A per_apply
for n in $scale; do
    specs=()
    for ((i = 1; i <= n; i++)); do
        name=$(printf 'bs%02d' "$i")
        net=$((i + 100))
        printf 'name: %s\nworkdir: %s\ncgroup: {name: %s-cg}\nnetwork: {netns: %s, hostAddress: 10.232.%d.1/24, containerAddress: 10.232.%d.2/24}\n' \
            "$name" "$name" "$name" "$name" "$net" "$net" >"$work/$name.yaml"
        specs+=("$name")
    done
    applies=()
    start=$(date +%s%N)
    for name in "${specs[@]}"; do
        t0=$(date +%s%N)
        "$launcher" apply -q "$work/$name.yaml"
        applies+=($((($(date +%s%N) - t0) / 1000000)))
    done
    applied=$(date +%s%N)
    rss=0
    for name in "${specs[@]}"; do
        for p in $(cat "/sys/fs/cgroup/unified/$name-cg/cgroup.procs" 2>/dev/null || cat "/sys/fs/cgroup/$name-cg/cgroup.procs"); do
            rss=$((rss + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
        done
    done
    for name in "${specs[@]}"; do "$launcher" verify -q "$name"; done
    verified=$(date +%s%N)
    for name in "${specs[@]}"; do "$launcher" destroy -q "$name"; done
    done_at=$(date +%s%N)
    per_apply[$n]=$(printf '%s\n' "${applies[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    scale_rows+=("| $n | $(((applied - start) / 1000000)) ms | ${per_apply[$n]} ms | $(((verified - applied) / 1000000)) ms | $(((done_at - verified) / 1000000)) ms | $((rss / n)) KiB |")
    echo "bench: scale $n: apply median ${per_apply[$n]} ms, $((rss / n)) KiB per container" >&2
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
first_n=${scale%% *}
last_n=${scale##* }
{
    echo "# jconshgen benchmark"
    echo
    echo "$(uname -r), $(nproc) cores, $(java -version 2>&1 | head -n 1); median of $runs runs after a warm-up. Written by \`make bench\`."
    echo
    echo "| what | wall time | peak memory |"
    echo "| --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "One apply and destroy of the lab spec by phase (JCONSHGEN_TIMINGS=1, one run; the JVM's start is before 'start'):"
    echo
    printf '%s\n' "$phases" | sed -n 's/^jconshgen timing: /- /p'
    echo
    echo "Scale: N containers with a cgroup and a network, applied one after the other, then verified, then destroyed"
    echo "(one run; 'apply per container' is the median over the N applies)."
    echo
    echo "| N | apply all | apply per container | verify all | destroy all | memory per running container (RSS) |"
    echo "| --- | --- | --- | --- | --- | --- |"
    printf '%s\n' "${scale_rows[@]}"
    echo
    echo "| target | measured | goal |"
    echo "| --- | --- | --- |"
    echo "| generate / java -version | $(ratio "${median_ms[generate]}" "${median_ms[java]}")x | at most 4x |"
    echo "| apply + destroy (no network) / the lab's cycle by hand | $(ratio "${median_ms[apply_nonet]}" "${median_ms[hand]}")x | at most 6x |"
    echo "| apply + destroy (no network) / the robust scripts' cycle | $(ratio "${median_ms[apply_nonet]}" "${median_ms[cycle]}")x | at most 6x |"
    echo "| Java API apply + destroy in a warm JVM / the robust scripts' cycle | $(ratio "${median_ms[api_warm]}" "${median_ms[cycle]}")x | at most 2x |"
    echo "| cached cycle / (uncached cycle - layer build) | $(ratio "${median_ms[cycle_cached]}" "$(awk -v a="${median_ms[cycle]}" -v b="${median_ms[layer]}" 'BEGIN { print a - b }')")x | at most 1x |"
    if [ -n "${median_ms[runc]:-}" ]; then
        echo "| cached cycle / runc run | $(ratio "${median_ms[cycle_cached]}" "${median_ms[runc]}")x | at most 1x |"
    fi
    echo "| cached cycle / the lab's cycle by hand | $(ratio "${median_ms[cycle_cached]}" "${median_ms[hand]}")x | (for reference) |"
    echo "| lesson cycle / the lab's cycle by hand | $(ratio "${median_ms[lesson]}" "${median_ms[hand]}")x | at most 1.5x |"
    echo "| cached cycle / lesson cycle (what the robust scripts' guards cost) | $(ratio "${median_ms[cycle_cached]}" "${median_ms[lesson]}")x | (for reference) |"
    echo "| apply per container, N=$last_n / N=$first_n | $(ratio "${per_apply[$last_n]}" "${per_apply[$first_n]}")x | at most 1.2x |"
} >"$out"
cat "$out"
