#!/usr/bin/env bats
# Names already taken: a second apply of a running spec, a spec whose netns, veth, cgroup or
# overlay directory exists already, applies racing for one name or for one netns/cgroup name.
# Each time exactly one wins; the other exits non-zero with a clear message and leaves what is
# not its own alone. And destroy removes only what apply made. Names: bn*; subnets
# 10.231.190.0/24 - 10.231.199.0/24.

load helpers

setup() {
    apply_setup
}

teardown() {
    apply_teardown
}

# pid_of NAME: the container's init PID, from 'status --json'.
pid_of() {
    jg status "$1" --json | sed -n 's/.*"pid":\([0-9]*\).*/\1/p'
}

# fingerprint NAME NETNS CGROUP: what identifies the running container's resources: its init PID
# and start time, the netns (inode of the bind mount), the host veth (ifindex), the cgroup with
# its members, and the root mount seen inside. Equal before and after means untouched.
fingerprint() {
    local pid
    pid=$(pid_of "$1")
    [[ $pid =~ ^[0-9]+$ ]] || { echo "no PID for $1" >&2; return 1; }
    printf 'pid %s start %s\n' "$pid" "$(awk '{print $22}' "/proc/$pid/stat")"
    printf 'netns inode %s\n' "$(stat -L -c %i "/var/run/netns/$2")"
    printf 'veth %s ifindex %s\n' "$2-0" "$(cat "/sys/class/net/$2-0/ifindex")"
    printf 'cgroup %s procs %s\n' "$3" "$(tr '\n' ' ' <"$(cgroup2_root)/$3/cgroup.procs")"
    printf 'root %s\n' "$(awk '$5 == "/" {print $4, $9, $10, $11}' "/proc/$pid/mountinfo")"
}

# spec_net NAME NETNS SUBNET [YAML LINE...]: a spec with cgroup NAME_cg and a network.
spec_net() {
    local name=$1 netns=$2 net=$3
    shift 3
    write_spec "$name" "cgroup: {name: ${name}_cg}" \
        "network: {netns: $netns, hostAddress: $net.1/24, containerAddress: $net.2/24}" "$@"
}

# race SPEC_A SPEC_B: start 'apply SPEC_A' and 'apply SPEC_B' held at a barrier (both wait for
# the file $T/go), release them together, wait for both. Sets RC_A, RC_B, OUT_A, OUT_B.
race() {
    rm -f "$T/go"
    local spec pids=() i=0
    for spec in "$1" "$2"; do
        i=$((i + 1))
        (
            while [ ! -e "$T/go" ]; do sleep 0.005; done
            exec "$JG" apply "$spec"
        ) >"$T/race.$i.out" 2>&1 &
        pids+=($!)
    done
    sleep 0.2     # both are waiting at the barrier now
    touch "$T/go"
    RC_A=0 RC_B=0
    wait "${pids[0]}" || RC_A=$?
    wait "${pids[1]}" || RC_B=$?
    OUT_A=$(cat "$T/race.1.out")
    OUT_B=$(cat "$T/race.2.out")
}

# one_winner NAME_A NAME_B: exactly one of the raced applies succeeded; sets WINNER and LOSER
# (names) and LOSER_OUT. Prints both outputs when that is not so.
one_winner() {
    if [ "$RC_A" -eq 0 ] && [ "$RC_B" -ne 0 ]; then
        WINNER=$1 LOSER=$2 LOSER_OUT=$OUT_B
    elif [ "$RC_B" -eq 0 ] && [ "$RC_A" -ne 0 ]; then
        WINNER=$2 LOSER=$1 LOSER_OUT=$OUT_A
    else
        printf '# not exactly one winner: %s exit %s, %s exit %s\n# --- %s:\n%s\n# --- %s:\n%s\n' \
            "$1" "$RC_A" "$2" "$RC_B" "$1" "$OUT_A" "$2" "$OUT_B" >&2
        return 1
    fi
}

# track_resources NAME [NETNS [CGROUP]]: let teardown remove container NAME's process, netns and
# cgroup even when its state is lost (a broken apply could drop it); these names were checked
# free before the test.
track_resources() {
    track_pidfile "$JCONSHGEN_STATE_DIR/$1/container.pid"
    [ -z "${2:-}" ] || track_netns "$2"
    [ -z "${3:-}" ] || track_cgroup "$3"
}

# --- a second apply ---------------------------------------------------------------------------

@test "a second apply of a running spec is refused and the running container is untouched" {
    requires_free_netns bn1
    requires_free_cgroup bn1_cg
    requires_free_subnet 10.231.190
    spec_net bn1 bn1 10.231.190
    APPLIED+=(bn1)
    track_resources bn1 bn1 bn1_cg
    run_ok jg apply "$T/bn1.yaml"
    local before after
    before=$(fingerprint bn1 bn1 bn1_cg)
    run_expect 1 jg apply "$T/bn1.yaml"
    assert_output --partial "container bn1 exists already"
    assert_output --partial "jconshgen destroy bn1"
    after=$(fingerprint bn1 bn1 bn1_cg)
    [ "$before" = "$after" ] || { printf 'before:\n%s\nafter:\n%s\n' "$before" "$after" >&2; false; }
    run_ok jg verify bn1
    assert_output --partial "all checks passed"
    run_ok jg destroy bn1
    run_ok no_leaks
}

# --- resources in the way ---------------------------------------------------------------------

@test "a netns that exists already is refused by name and stays" {
    requires_free_netns bn2
    requires_free_subnet 10.231.191
    track_netns bn2
    run_ok ip netns add bn2
    write_spec bn2 "network: {netns: bn2, hostAddress: 10.231.191.1/24, containerAddress: 10.231.191.2/24}"
    run_expect 1 jg apply "$T/bn2.yaml"
    assert_output --partial "netns /var/run/netns/bn2 exists already"
    assert_output --partial "nothing was changed"
    run_ok ip netns exec bn2 true     # still there, still a usable namespace
    [ ! -e "$T/bn2" ] && [ ! -e "$JCONSHGEN_STATE_DIR/bn2" ]
}

@test "a veth that exists already is refused by name and stays, with its peer in the test's netns" {
    requires_free_netns bn3 bn3x
    requires_free_subnet 10.231.191
    track_netns bn3 bn3x     # teardown deletes bn3-0 and the netns bn3x
    run_ok ip netns add bn3x
    run_ok ip link add bn3-0 type veth peer name bn3-1 netns bn3x
    write_spec bn3 "network: {netns: bn3, hostAddress: 10.231.191.1/24, containerAddress: 10.231.191.2/24}"
    run_expect 1 jg apply "$T/bn3.yaml"
    assert_output --partial "veth bn3-0 exists already"
    run_ok ip link show dev bn3-0
    run_ok ip -n bn3x link show dev bn3-1
    [ ! -e /var/run/netns/bn3 ]
    [ ! -e "$T/bn3" ] && [ ! -e "$JCONSHGEN_STATE_DIR/bn3" ]
}

@test "a cgroup that exists already, with a process of the test in it, is refused by name and stays" {
    requires_free_cgroup bn4_cg
    local dir
    dir=$(cgroup2_root)/bn4_cg
    track_cgroup bn4_cg
    mkdir "$dir"
    sleep 300 &
    local sleeper=$!
    track_pid "$sleeper"
    echo "$sleeper" >"$dir/cgroup.procs"
    write_spec bn4 "cgroup: {name: bn4_cg, limits: {pids: 30}}"
    run_expect 1 jg apply "$T/bn4.yaml"
    assert_output --partial "cgroup $dir exists already"
    [ -d "$dir" ]
    run_ok cat "$dir/cgroup.procs"
    assert_output "$sleeper"
    alive "$sleeper"
    [ ! -e /sys/fs/cgroup/pids/bn4_cg ]     # nothing made in the limit's hierarchy either
    [ ! -e "$T/bn4" ] && [ ! -e "$JCONSHGEN_STATE_DIR/bn4" ]
}

# A work directory is taken when a running container's mounts use it (its overlay is built from
# layers there), or when the overlay directory exists already: apply makes the overlay directory
# afresh, so that destroy can remove exactly it; a directory it did not make is somebody's data.
@test "a work directory in use by a running container is refused, and that container is untouched" {
    write_spec bn5a
    APPLIED+=(bn5a)
    track_resources bn5a
    run_ok jg apply "$T/bn5a.yaml"
    local pid
    pid=$(pid_of bn5a)
    # another name, the same work directory (and so the same layer and overlay directory)
    printf 'name: bn5b\nworkdir: bn5a\n' >"$T/bn5b.yaml"
    run_expect 1 jg apply "$T/bn5b.yaml"
    assert_output --regexp "mounts of process [0-9]+ use $T/bn5a"
    [ ! -e "$JCONSHGEN_STATE_DIR/bn5b" ]
    [ "$(pid_of bn5a)" = "$pid" ]
    run_ok jg verify bn5a
    assert_output --partial "all checks passed"
    run_ok jg destroy bn5a
}

@test "an overlay directory that exists already and is not jconshgen's is refused, and its files stay" {
    mkdir -p "$T/bn5c/ovly"
    echo "my notes" >"$T/bn5c/ovly/notes.txt"
    write_spec bn5c
    APPLIED+=(bn5c)
    run_expect 1 jg apply "$T/bn5c.yaml"
    assert_output --partial "overlay directory $T/bn5c/ovly exists already"
    assert_output --partial "nothing was changed"
    [ "$(ls -A "$T/bn5c/ovly")" = notes.txt ]     # no marker, no upper/ or work/ added
    [ "$(cat "$T/bn5c/ovly/notes.txt")" = "my notes" ]
    [ ! -e "$T/bn5c/lower" ]
    [ ! -e "$JCONSHGEN_STATE_DIR/bn5c" ]
}

# --- races ------------------------------------------------------------------------------------

@test "two applies of the same name at the same moment: exactly one wins, five rounds" {
    requires_free_netns bn6
    requires_free_cgroup bn6_cg
    requires_free_subnet 10.231.192
    spec_net bn6 bn6 10.231.192
    cp "$T/bn6.yaml" "$T/bn6-copy.yaml"     # the same spec from two files, as two users would
    APPLIED+=(bn6)
    track_resources bn6 bn6 bn6_cg
    local round
    for round in 1 2 3 4 5; do
        race "$T/bn6.yaml" "$T/bn6-copy.yaml"
        one_winner first second
        grep -q "container bn6 exists already" <<<"$LOSER_OUT" || {
            printf '# round %s: the loser did not say why:\n%s\n' "$round" "$LOSER_OUT" >&2
            false
        }
        run_ok jg verify bn6
        assert_output --partial "all checks passed"
        run_ok jg destroy bn6
        run_ok no_leaks
    done
}

# Twenty names, one work directory and overlay, all started at once; each waits 2 s after its
# preflight (JCONSHGEN_PAUSE_AFTER), so that all pass the checks before any of them claims
# anything: the claims alone must decide. The overlay directory is created atomically (mkdir), so
# exactly one apply gets it; the others are refused, nothing of theirs made.
@test "twenty applies of different names on one work directory at once, paused after preflight: one wins, nineteen refusals" {
    local i names=() pids=()
    for i in $(seq 1 20); do
        requires_free_cgroup "bnw${i}_cg"
        names+=("bnw$i")
        printf 'name: bnw%s\nworkdir: shared\ncgroup: {name: bnw%s_cg}\n' "$i" "$i" >"$T/bnw$i.yaml"
        APPLIED+=("bnw$i")
        track_resources "bnw$i" "" "bnw${i}_cg"
    done
    rm -f "$T/go"
    for i in $(seq 1 20); do
        (
            while [ ! -e "$T/go" ]; do sleep 0.005; done
            JCONSHGEN_PAUSE_AFTER='apply: preflight:2000' exec "$JG" apply "$T/bnw$i.yaml"
        ) >"$T/many.$i.out" 2>&1 &
        pids+=($!)
    done
    sleep 0.2
    touch "$T/go"
    local winners=() at_claim=0 rc
    for i in $(seq 1 20); do
        rc=0
        wait "${pids[$((i - 1))]}" || rc=$?
        if [ "$rc" -eq 0 ]; then
            winners+=("bnw$i")
            continue
        fi
        # a clear refusal: the name of what is taken, nothing made, no state left
        grep -q "cannot apply bnw$i, nothing was changed" "$T/many.$i.out" \
            && grep -qE "overlay directory $T/shared/[^ ]+ exists already|use $T/shared" "$T/many.$i.out" || {
            printf '# bnw%s (exit %s) was not refused clearly:\n%s\n' "$i" "$rc" "$(cat "$T/many.$i.out")" >&2
            false
        }
        [ ! -e "$JCONSHGEN_STATE_DIR/bnw$i" ] || fail "bnw$i was refused but left its state directory"
        ! grep -q "exists already: apply makes it afresh" "$T/many.$i.out" || at_claim=$((at_claim + 1))
    done
    [ "${#winners[@]}" -eq 1 ] || fail "not exactly one winner: ${winners[*]:-none}"
    # the pause worked: some applies passed preflight together and met at the claim
    [ "$at_claim" -ge 1 ] || fail "no apply was refused at the overlay's claim: the window was not exercised"
    echo "# refused at the claim: $at_claim of 19" >&3
    run_ok jg verify "${winners[0]}"
    assert_output --partial "all checks passed"
    run_ok jg destroy "${winners[0]}"
    run_ok no_leaks
}

# Different names, one netns name: both pass the checks before anything is made, the generated
# network script decides. The loser must undo only what it made itself.

# loser_undid_its_own ROUND WHAT REGEX: the race's loser named WHAT (its output matches REGEX),
# undid its own work, and left no state or work directory.
loser_undid_its_own() {
    grep -qE "$3" <<<"$LOSER_OUT" || {
        printf '# round %s: the loser did not name the %s:\n%s\n' "$1" "$2" "$LOSER_OUT" >&2
        return 1
    }
    grep -q "everything apply made was removed\|nothing was changed" <<<"$LOSER_OUT" || {
        printf '# round %s: the loser did not undo its own work cleanly:\n%s\n' "$1" "$LOSER_OUT" >&2
        return 1
    }
    [ ! -e "$JCONSHGEN_STATE_DIR/$LOSER" ] && [ ! -e "$T/$LOSER" ]
}

# winner_verifies_then_destroy: the race's winner passes every check; destroyed, nothing is left.
winner_verifies_then_destroy() {
    run_ok jg verify "$WINNER"
    assert_output --partial "all checks passed"
    run_ok jg destroy "$WINNER"
    run_ok no_leaks
}

@test "two applies sharing a netns name at the same moment: one wins, the loser leaves the winner's network alone" {
    requires_free_netns bn7
    requires_free_cgroup bn7a_cg bn7b_cg
    requires_free_subnet 10.231.193
    requires_free_subnet 10.231.194
    spec_net bn7a bn7 10.231.193
    spec_net bn7b bn7 10.231.194
    APPLIED+=(bn7a bn7b)
    track_resources bn7a bn7 bn7a_cg
    track_resources bn7b '' bn7b_cg
    local round before after
    for round in 1 2 3 4 5; do
        race "$T/bn7a.yaml" "$T/bn7b.yaml"
        one_winner bn7a bn7b
        loser_undid_its_own "$round" netns "bn7(-0)? exists already"
        [ ! -e "$(cgroup2_root)/${LOSER}_cg" ]
        winner_verifies_then_destroy
    done
}

@test "two applies sharing a cgroup name at the same moment: one wins, the loser leaves the winner's cgroup alone" {
    requires_free_cgroup bn8_cg
    write_spec bn8a "cgroup: {name: bn8_cg}"
    write_spec bn8b "cgroup: {name: bn8_cg}"
    APPLIED+=(bn8a bn8b)
    track_resources bn8a '' bn8_cg
    track_resources bn8b
    local round pid
    for round in 1 2 3 4 5; do
        race "$T/bn8a.yaml" "$T/bn8b.yaml"
        one_winner bn8a bn8b
        loser_undid_its_own "$round" cgroup "cgroup [^ ]*/bn8_cg exists already|cannot create [^ ]*/bn8_cg"
        pid=$(pid_of "$WINNER")
        grep -qx "$pid" "$(cgroup2_root)/bn8_cg/cgroup.procs"
        winner_verifies_then_destroy
    done
}

# --- destroy removes only what apply made -----------------------------------------------------

@test "destroy leaves the user's cgroup parent, work directory files and directory layer alone" {
    requires_free_cgroup bn9_parent
    local root
    root=$(cgroup2_root)
    track_cgroup bn9_parent
    mkdir "$root/bn9_parent" "$root/bn9_parent/keep"     # the user's: a parent with a child of its own
    mkdir -p "$T/bn9/mine/etc"
    echo "user data" >"$T/bn9/notes.txt"
    echo "layer data" >"$T/bn9/mine/etc/motd"
    write_spec bn9 "cgroup: {name: bn9_cg, parent: bn9_parent}" \
        "rootfs: {layers: [directory: {dir: mine}, busybox: {}]}"
    APPLIED+=(bn9)
    run_ok jg apply "$T/bn9.yaml"
    refute_output --partial FAIL
    [ -d "$root/bn9_parent/bn9_cg" ]
    run_ok jg exec bn9 -- cat /etc/motd
    assert_output "layer data"
    run_ok jg destroy bn9
    [ ! -e "$root/bn9_parent/bn9_cg" ]
    [ -d "$root/bn9_parent/keep" ]
    [ "$(cat "$T/bn9/notes.txt")" = "user data" ]
    [ "$(cat "$T/bn9/mine/etc/motd")" = "layer data" ]
    [ ! -e "$T/bn9/ovly" ] && [ ! -e "$T/bn9/lower" ]     # what apply made is gone
    [ "$(ls -A "$T/bn9" | tr '\n' ' ')" = "mine notes.txt " ]
}

# The issue's case: a cgroup.parent that does not exist. Setup makes it (mkdir -p) in the cgroup2
# hierarchy and, for the pids limit, in the v1 pids one on a hybrid host; apply records what was
# missing, destroy removes it and its proof covers it. A parent that existed before stays.
@test "destroy removes the cgroup parents apply made, and only those" {
    requires_free_cgroup bnp_parent
    requires_free_cgroup bnp_user
    local root
    root=$(cgroup2_root)
    track_cgroup bnp_parent bnp_user
    write_spec bnp "cgroup: {name: bnp_cg, parent: bnp_parent/deeper, limits: {pids: 16}}"
    APPLIED+=(bnp)
    run_ok jg apply "$T/bnp.yaml"
    refute_output --partial FAIL
    [ -d "$root/bnp_parent/deeper/bnp_cg" ]
    run_ok jg destroy bnp
    assert_output --partial "nothing of it is left"
    local dir
    for dir in /sys/fs/cgroup/bnp_parent /sys/fs/cgroup/*/bnp_parent; do
        [ ! -e "$dir" ] || fail "destroy left $dir, which apply made"
    done
    # a parent the user made before apply: only the level apply added goes
    mkdir "$root/bnp_user"
    write_spec bnq "cgroup: {name: bnq_cg, parent: bnp_user/made}"
    APPLIED+=(bnq)
    run_ok jg apply "$T/bnq.yaml"
    run_ok jg destroy bnq
    [ -d "$root/bnp_user" ] || fail "destroy removed $root/bnp_user, which existed before apply"
    [ ! -e "$root/bnp_user/made" ] || fail "destroy left $root/bnp_user/made, which apply made"
    rmdir "$root/bnp_user"
}

# The generated network script is what decides a race for a netns name: apply's own check runs
# before it and both racers can pass that. Two runs for two namespaces (two unshare'd sleeps) are
# released together from a FIFO (opening it for writing wakes both readers at once), 20 rounds.
@test "consh_nw_setup.sh claims a netns name atomically: of two runs released together one wins, the other removes nothing" {
    requires_free_netns bnr
    requires_free_subnet 10.231.195
    requires unshare
    track_netns bnr
    # two racing runs that both got past the check could stack two mounts there: remove them all
    on_teardown / sh -c 'while umount /var/run/netns/bnr 2>/dev/null; do :; done'
    local a b i round rcs winner loser_out mounts runs rc claimed=0
    unshare --net sleep 600 &
    a=$!
    unshare --net sleep 600 &
    b=$!
    track_pid "$a"
    track_pid "$b"
    for i in $(seq 1 50); do ns_differs "$a" net && ns_differs "$b" net && break; sleep 0.1; done
    for round in $(seq 1 20); do
        rm -f "$T/go"
        mkfifo "$T/go"
        runs=()
        for i in "$a" "$b"; do
            (
                read -r _ <"$T/go" || true     # EOF: the barrier opened
                rc=0
                "$LAB/consh_nw_setup.sh" "$i" bnr 10.231.195.1/24 10.231.195.2/24 || rc=$?
                echo "exit $rc"
            ) >"$T/nw.$i" 2>&1 &
            runs+=($!)
        done
        sleep 0.2
        : >"$T/go"     # both readers wake up now
        wait "${runs[@]}"
        rcs=$(grep -h '^exit ' "$T/nw.$a" "$T/nw.$b" | sort | tr '\n' ' ')
        if [ "$rcs" = "exit 0 exit 1 " ]; then
            if grep -qx 'exit 0' "$T/nw.$a"; then winner=$a loser_out=$(cat "$T/nw.$b"); else winner=$b loser_out=$(cat "$T/nw.$a"); fi
        else
            printf '# round %s: not exactly one winner (%s)\n%s\n%s\n' "$round" "$rcs" "$(cat "$T/nw.$a")" "$(cat "$T/nw.$b")" >&2
            false
        fi
        # (the check may also see the winner's veth, made after its claim)
        grep -qE "/var/run/netns/bnr exists already|interface bnr-0 exists already" <<<"$loser_out" || {
            printf '# round %s: the loser did not name the netns:\n%s\n' "$round" "$loser_out" >&2
            false
        }
        # the winner's network is whole: one mount of its own namespace, both veth ends up
        mounts=$(awk '$5 == "/run/netns/bnr" || $5 == "/var/run/netns/bnr"' /proc/self/mountinfo | wc -l)
        [ "$mounts" -eq 1 ] || { echo "round $round: $mounts mounts on /var/run/netns/bnr" >&2; false; }
        [ "$(stat -L -c %i /var/run/netns/bnr)" = "$(stat -L -c %i "/proc/$winner/ns/net")" ] \
            || { echo "round $round: /var/run/netns/bnr is not the winner's namespace" >&2; false; }
        run_ok ip link show dev bnr-0
        run_ok ip -n bnr link show dev bnr-1
        run_ok "$LAB/consh_nw_cleanup.sh" bnr
        ! grep -q 'step "name the network namespace"' <<<"$loser_out" || claimed=$((claimed + 1))
    done
    # how often both runs passed the check and the claim itself decided (timing; not asserted)
    printf '# %s of 20 rounds were decided by the O_EXCL claim, the rest by the check before it\n' "$claimed" >&3
}
