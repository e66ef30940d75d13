#!/usr/bin/env bats
# Cleanup robustness: destroy and consh_cleanup.sh are idempotent, remove nothing outside the
# work directory, never follow a symlink or a bind mount out of it, and end every process left
# in the container's cgroup (and in cgroups made below it) before they remove the cgroup.

load helpers

setup() {
    apply_setup
}

teardown() {
    apply_teardown
}

# apply_with_cgroup NAME: apply a container NAME with the cgroup NAME-cg and no network.
apply_with_cgroup() {
    requires_free_cgroup "$1-cg"
    write_spec "$1" "cgroup: {name: $1-cg}"
    APPLIED+=("$1")
    run_ok jg apply "$T/$1.yaml"
    PID=$(cat "$JCONSHGEN_STATE_DIR/$1/container.pid")
}

# precious DIR: a directory of the test's own outside every work directory, with files in it.
precious() {
    mkdir -p "$1/sub"
    echo keep >"$1/file"
    echo keep >"$1/sub/file"
    echo "made by consh_setup.sh (a marker, to tempt a removal)" >"$1/.consh-overlay"
}

assert_precious() {
    [ "$(cat "$1/file")" = keep ] && [ "$(cat "$1/sub/file")" = keep ] || {
        echo "files of $1 were lost" >&2
        return 1
    }
}

@test "destroy twice: the second finds nothing and succeeds; consh_cleanup.sh after destroy too" {
    apply_with_cgroup bcl-twice
    run_ok jg destroy bcl-twice
    run_ok jg destroy bcl-twice
    assert_output --partial "nothing to destroy"
    run_ok sh "$LAB/consh_cleanup.sh" -c bcl-twice-cg -n '' "$T/bcl-twice"
    run_ok no_leaks
}

@test "a bind mount left inside the overlay: destroy refuses to remove the directory and the mount's source keeps its files" {
    apply_with_cgroup bcl-bind
    precious "$T/source"
    mkdir "$T/bcl-bind/ovly/upper/mnt"
    mount --bind "$T/source" "$T/bcl-bind/ovly/upper/mnt"
    run_expect 1 jg destroy bcl-bind
    assert_output --partial "is mounted inside $T/bcl-bind"
    assert_precious "$T/source"
    # once the user has unmounted it, destroy finishes the job
    umount "$T/bcl-bind/ovly/upper/mnt"
    run_ok jg destroy bcl-bind
    assert_precious "$T/source"
    [ ! -e "$T/bcl-bind" ]
}

@test "symlinks in the container's files pointing out of the work directory: destroy removes the links, not their targets" {
    apply_with_cgroup bcl-link
    precious "$T/target"
    ln -s "$T/target" "$T/bcl-link/ovly/upper/dir-link"
    ln -s "$T/target/file" "$T/bcl-link/ovly/upper/file-link"
    # and from inside: the container's own absolute symlink means its root, the host's on the host
    run_ok jg exec bcl-link -- ln -s / /root-link
    run_ok jg destroy bcl-link
    assert_precious "$T/target"
    [ ! -e "$T/bcl-link" ]
}

@test "consh_cleanup.sh refuses a work directory that is a symlink to a marked directory elsewhere" {
    precious "$T/elsewhere"
    ln -s "$T/elsewhere" "$T/bcl-sym"
    run_expect 1 sh "$LAB/consh_cleanup.sh" -c '' -n '' "$T/bcl-sym"
    assert_output --partial "is a symbolic link: not following it"
    assert_precious "$T/elsewhere"
}

@test "destroy: an overlay directory swapped for a symlink out of the work directory is not followed" {
    # The work directory is the user's (it exists before apply), so destroy removes the overlay
    # directory apply made, by its path: the path that is now a symlink to a marked directory.
    mkdir "$T/bcl-swap"
    apply_with_cgroup bcl-swap
    precious "$T/outside"
    stop_container "$PID"
    mv "$T/bcl-swap/ovly" "$T/bcl-swap/ovly.real"
    ln -s "$T/outside" "$T/bcl-swap/ovly"
    run_expect 1 jg destroy bcl-swap
    assert_output --partial "is a symbolic link: not following it"
    assert_precious "$T/outside"
    rm "$T/bcl-swap/ovly"
    mv "$T/bcl-swap/ovly.real" "$T/bcl-swap/ovly"
    run_ok jg destroy bcl-swap
    [ ! -e "$T/bcl-swap/ovly" ] && [ ! -e "$T/bcl-swap/lower" ] && [ -d "$T/bcl-swap" ]
}

@test "destroy ends processes left in the cgroup and in cgroups made below it, then removes them all" {
    apply_with_cgroup bcl-procs
    local unified sub
    unified=$(cgroup2_root)/bcl-procs-cg
    [ -d "$unified" ]
    # Cgroups below the container's (as a nested runtime in it would make them), and a process
    # in the deepest that is not in the container's namespaces at all.
    sub=$unified/inner/deeper
    mkdir -p "$sub"
    sleep 300 &
    local stray=$!
    track_pid "$stray"
    echo "$stray" >"$sub/cgroup.procs"
    [ -n "$(cat "$sub/cgroup.procs")" ]

    run_ok jg destroy bcl-procs
    run_fail alive "$stray"
    [ ! -e "$unified" ]
    run_ok no_leaks
}

@test "consh_cleanup.sh: a process left in a sub-cgroup is refused without -k, killed with -k; the sub-cgroups go too" {
    requires_free_cgroup bcl-k-cg
    local scripts=$T/scripts
    write_spec bcl-k "cgroup: {name: bcl-k-cg}"
    generate "$T/bcl-k.yaml" "$scripts"
    start_detached "$scripts" "$T/bcl-k"
    track_cgroup bcl-k-cg
    stop_container "$CONTAINER_PID"
    local unified
    unified=$(cgroup2_root)/bcl-k-cg
    mkdir -p "$unified/a/b"
    sleep 300 &
    local stray=$!
    track_pid "$stray"
    echo "$stray" >"$unified/a/b/cgroup.procs"

    run_expect 1 "$scripts/consh_cleanup.sh" "$T/bcl-k"
    assert_output --partial "still holds processes ($stray): exit the container first (or give -k to kill them)"
    alive "$stray"
    [ -d "$T/bcl-k" ]

    run_ok "$scripts/consh_cleanup.sh" -k "$T/bcl-k"
    run_fail alive "$stray"
    [ ! -e "$unified" ]
    [ ! -e "$T/bcl-k" ]
    run_ok "$scripts/consh_cleanup.sh" -k "$T/bcl-k"
}

# consh_setup.sh -p a/b makes the levels of the parent that are missing; it records them in the
# overlay directory, and consh_cleanup.sh removes them again while they are empty, never a level
# that existed before. With the limits spec on a hybrid or v1 host, in the v1 hierarchies of its
# controllers too.
@test "consh_cleanup.sh removes the parent levels consh_setup.sh made (in every hierarchy), never one that existed" {
    requires_free_cgroup bcl_top bcl-par-cg
    track_cgroup bcl_top
    local scripts=$REPO/generated/limits/robust root
    root=$(cgroup2_root)
    mkdir "$root/bcl_top"
    start_detached "$scripts" "$T/w" -c bcl-par-cg -p bcl_top/made/deeper
    [ -d "$root/bcl_top/made/deeper/bcl-par-cg" ]
    run_ok cat "$T/w/ovly/.consh-cgroup-parents"
    assert_line "$root/bcl_top/made"
    assert_line "$root/bcl_top/made/deeper"
    refute_line "$root/bcl_top"
    stop_container "$CONTAINER_PID"
    run_ok sh "$scripts/consh_cleanup.sh" -v -c bcl-par-cg -p bcl_top/made/deeper -n '' "$T/w"
    assert_output --partial "removed cgroup $root/bcl_top/made (made by consh_setup.sh above the container's)"
    run_fail ls -d /sys/fs/cgroup/bcl_top/made /sys/fs/cgroup/*/bcl_top/made
    # the level that existed before setup stays
    [ -d "$root/bcl_top" ]
    rmdir "$root/bcl_top"
    # the v1 hierarchies' copies of it were made by setup (the limits): removed with the rest
    run_fail ls -d /sys/fs/cgroup/*/bcl_top
    run_ok no_leaks
}
