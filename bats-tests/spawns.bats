#!/usr/bin/env bats
# The generated lab scripts do no needless work (issue 8, "container start"): each process costs
# a millisecond or two, so what a shell builtin can do is done by the shell. One container cycle
# of generated/lab/robust (setup -d, stop, cleanup) runs under strace, and the programs it starts are
# counted: no dirname, 'id -u' once per script, one stat per file system looked at, no cat/tr/
# sed/head where the shell reads or cuts the text itself, no fixed 0.1 s sleeps on the way.
#
# Names of this file: cgroup bsp_cgrp (no network).

load helpers

CG=bsp_cgrp

setup() {
    common_setup
    requires root busybox userns-overlay unshare cgroup2 strace
    requires_free_cgroup "$CG"
    track_cgroup "$CG"
    consh=$T/consh
    mkdir "$consh"
    cp "$LAB"/*.sh "$consh"/
    cd "$consh"
    mkdir demo
    (cd demo && ../create_lowerfs.sh lower >/dev/null) || fail "create_lowerfs.sh failed"
}

teardown() {
    common_teardown
}

# started TRACE: one line per program started (a successful execve): its argv, space-separated.
# Busybox applets inside the container run as /proc/self/exe: argv[0] names them.
started() {
    grep 'execve(' "$1" | grep -v -e ENOENT -e 'resumed>' \
        | sed -n 's/^[0-9]* *execve("[^"]*", \[\(.*\)\], .*/\1/p' | sed 's/", "/ /g; s/^"//; s/"$//; s/\.\.\.$//'
}

# count WORD: how many of the programs in $programs are WORD (argv[0], without a directory).
count() {
    awk -v w="$1" '{ n = split($1, p, "/"); if (p[n] == w) c++ } END { print c + 0 }' <<<"$programs"
}

@test "spawns: setup -d and cleanup start no dirname, one 'id -u' each, one stat per path, no cat, tr, sed, head or sleep 0.1" {
    cd demo
    # strace follows the container too: it ends when the container has stopped.
    timeout 60 strace -f -qq -s 4096 -e trace=execve -o "$T/setup.trace" ../consh_setup.sh -d -c "$CG" lower ovly >"$T/setup.out" 2>&1 &
    local tracer=$!
    local i
    for ((i = 0; i < 200; i++)); do
        [ -s ovly/container.pid ] && grep -q 'is running' "$T/setup.out" && break
        sleep 0.05
    done
    CONTAINER_PID=$(cat ovly/container.pid) || fail "setup did not start the container: $(cat "$T/setup.out")"
    track_pid "$CONTAINER_PID"
    stop_container "$CONTAINER_PID"
    wait "$tracer" || fail "strace of setup failed: $(cat "$T/setup.out")"
    cd ..
    timeout 60 strace -f -qq -s 4096 -e trace=execve -o "$T/cleanup.trace" ./consh_cleanup.sh -c "$CG" -n bspns demo

    local script trace
    for script in setup cleanup; do
        trace=$T/$script.trace
        programs=$(started "$trace")
        echo "--- $script started:" >&2
        echo "$programs" >&2
        [ "$(count dirname)" -eq 0 ] || fail "$script runs dirname"
        [ "$(count basename)" -eq 0 ] || fail "$script runs basename"
        [ "$(count id)" -le 1 ] || fail "$script runs id $(count id) times (once is enough)"
        for tool in tr sed head; do
            [ "$(count "$tool")" -eq 0 ] || fail "$script runs $tool"
        done
        # the host side of setup and cleanup: cat only by find (cgroup.procs); the container's
        # own shell runs none either (its README is written by printf)
        [ "$(grep -cE '^(/[^ ]*/)?cat( |$)' <<<"$(grep -v '^cat -- /sys/fs/cgroup' <<<"$programs")")" -eq 0 ] \
            || fail "$script runs cat"
        if grep -qE '^(/[^ ]*/)?sleep 0\.1$' <<<"$programs"; then fail "$script sleeps 0.1 s"; fi
        # stat: once per path (the magic number and the name come from one call)
        local twice
        twice=$(grep -E '^(/[^ ]*/)?stat ' <<<"$programs" | awk '{ print $NF }' | sort | uniq -d)
        [ -z "$twice" ] || fail "$script runs stat more than once on: $twice"
    done
}
