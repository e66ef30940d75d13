#!/bin/sh
# run-examples.sh TESTS_DIR: for every example in TESTS_DIR (its robust scripts, spec.yaml,
# facts.env and work directory files), as root in the VM: the lower layer, setup (detached), the
# bridge and the network where the spec has them, all run by hand as a student would; then
# 'jconshgen verify spec.yaml --pid PID', the Java verifier users run (namespaces, host name,
# overlay root, /MANIFEST, cgroup v2 membership, limits, veth addresses, default route, ping, a
# TCP round trip, the spec's probes; a lab's members at once, with their reachability); then stop,
# cleanup and a check that nothing is left. Then the lab's container as an ordinary user (uid
# 1000) in a cgroup subtree delegated to it, verified by that user, then the handout's flow with
# the lab's lesson scripts (TESTS_DIR/lab-lesson, see lesson_flow), verified too. One line per
# check: 'RESULT PASS|FAIL|SKIP EXAMPLE CHECK: detail', and 'VM-TEST VERIFY EXAMPLE score P/T'
# per verify. Exit status: the number of failed checks. The examples' facts come from their
# facts.env, sourced below.
# shellcheck disable=SC2154,SC1091,SC1090
# The 'sh -c' texts below are run by that shell, with their arguments: single quotes are meant.
# shellcheck disable=SC2016
set -u
tests=${1:?usage: run-examples.sh TESTS_DIR}
failures=0

pass() { echo "RESULT PASS $example $1: $2"; }
fail() { echo "RESULT FAIL $example $1: $2"; failures=$((failures + 1)); }
# check NAME EXPECTED ACTUAL
check() {
    if [ "$2" = "$3" ]; then pass "$1" "$3"; else fail "$1" "expected '$2', saw '$3'"; fi
}
# run_step NAME CMD...: a script step; its output is shown only when it fails.
run_step() {
    name=$1
    shift
    out=$("$@" 2>&1) && status=0 || status=$?
    if [ "$status" -eq 0 ]; then
        pass "$name" "ok"
        return 0
    fi
    fail "$name" "exit status $status"
    printf '%s\n' "$out" | sed 's/^/    | /'
    return 1
}

# wait_gone PID: up to 5 s for the process to end.
wait_gone() {
    tries=50
    while [ -d "/proc/$1" ] && [ "$tries" -gt 0 ]; do
        sleep 0.1
        tries=$((tries - 1))
    done
    [ ! -d "/proc/$1" ]
}

# java_verify SPEC ARG...: 'jconshgen verify SPEC ARG...' (--pid PID, for a lab --pid MEMBER=PID
# and --workdir MEMBER=DIR), the Java verifier users run, from the VM's host side (as the user
# $verify_as when it is set). Each of its check lines becomes a RESULT line (SKIP lines too, with
# their reason); a verifier that ends without its score line, or with a status other than 0 or 1,
# is a failure with its output.
java_verify() {
    spec=$1
    shift
    ${verify_as:+setpriv --reuid "$verify_as" --regid "$verify_as" --clear-groups env -i PATH="$PATH" HOME=/tmp} \
        jconshgen verify "$spec" "$@" >"/tmp/verify.$$" 2>&1 && status=0 || status=$?
    fails=0
    while IFS= read -r line; do
        case $line in
            '  PASS '*) echo "RESULT PASS $example ${line#  PASS }" ;;
            '  SKIP '*) echo "RESULT SKIP $example ${line#  SKIP }" ;;
            '  FAIL '*) echo "RESULT FAIL $example ${line#  FAIL }"; failures=$((failures + 1)); fails=$((fails + 1)) ;;
        esac
    done <"/tmp/verify.$$"
    score=$(sed -n 's/^score: //p' "/tmp/verify.$$")
    if [ -z "$score" ] || [ "$status" -gt 1 ] || { [ "$status" -eq 1 ] && [ "$fails" -eq 0 ]; }; then
        fail "jconshgen verify" "exit status $status, score '${score:-none}'"
        sed 's/^/    | /' "/tmp/verify.$$"
    else
        echo "VM-TEST VERIFY $example score $score"
    fi
    rm -f "/tmp/verify.$$"
}

# nothing_left: what a container made is gone from the VM.
nothing_left() {
    left=''
    [ -z "$netns" ] || { [ ! -e "/run/netns/$netns" ] || left="$left netns:$netns"; }
    [ -z "$netns" ] || { ! ip link show "$netns-0" >/dev/null 2>&1 || left="$left veth:$netns-0"; }
    [ -z "$1" ] || { [ ! -d "/sys/fs/cgroup/$1" ] || left="$left cgroup:$1"; }
    grep -q " $PWD/$workdir" /proc/self/mountinfo && left="$left mounts"
    [ ! -e "$workdir" ] || left="$left workdir"
    check "nothing left" "" "${left# }"
}

# start_container: in the container's directory with its facts sourced: the lower layer, setup
# (detached) and the network; the PID is left in ./container.pid. A bridge is the caller's.
start_container() {
    mkdir -p "$workdir"
    if [ -n "$busybox_layer" ]; then
        run_step "create_lowerfs.sh" sh -c 'cd "$1" && "${2}create_lowerfs.sh"' _ "$workdir" "$up" || return
    fi
    run_step "consh_setup.sh -d" sh -c 'cd "$1" && "${2}consh_setup.sh" -d -P "$3"' _ "$workdir" "$up" "$PWD/container.pid" || return
    if [ -n "$netns" ]; then
        run_step "consh_nw_setup.sh" ./consh_nw_setup.sh "$(cat container.pid)"
    fi
}

# stop_container: TERM to PID 1, then the cleanup script and the check that nothing is left.
stop_container() {
    if [ -f container.pid ]; then
        pid=$(cat container.pid)
        kill -TERM "$pid"
        if wait_gone "$pid"; then pass "container stops on TERM" "PID $pid gone"; else fail "container stops on TERM" "PID $pid still there"; kill -KILL "$pid"; fi
        rm -f container.pid
    fi
    run_step "consh_cleanup.sh" ./consh_cleanup.sh
    nothing_left "$cgroup"
}

# one_example DIR: the whole cycle of a container spec as root.
one_example() {
    cd "$1" || return
    . ./facts.env
    example=$name
    if [ -n "$bridge" ]; then
        run_step "consh_bridge_setup.sh" ./consh_bridge_setup.sh || return
    fi
    if start_container; then
        java_verify ./spec.yaml --pid "$(cat container.pid)"
    fi
    stop_container
    if [ -n "$bridge" ]; then
        run_step "consh_bridge_cleanup.sh" ./consh_bridge_cleanup.sh
        check "bridge removed" "" "$(ip link show "$bridge" 2>/dev/null)"
    fi
}

# one_lab DIR: a lab: the bridge, every member (in DIR/MEMBER/, with its own facts), each one
# verified, every member pinging every other one, then every member's cleanup and the bridge's.
one_lab() {
    cd "$1" || return
    lab_dir=$PWD
    . ./facts.env
    lab=$name
    example=$lab
    run_step "consh_bridge_setup.sh" ./consh_bridge_setup.sh || return
    # Every member started by hand from its own directory, then the whole lab verified at once
    # (each member's checks, then every pair's ping and TCP round trip), each member's work
    # directory given where the driver made it.
    pids='' started=yes
    for member in $members; do
        (cd "$lab_dir/$member" && . ./facts.env && example="$lab/$name" && start_container; exit "$failures") || started=''
        [ -n "$started" ] || { failures=$((failures + 1)); break; }
        member_workdir=$(. "$lab_dir/$member/facts.env" && echo "$workdir")
        pids="$pids --pid $member=$(cat "$lab_dir/$member/container.pid") --workdir $member=$lab_dir/$member/$member_workdir"
    done
    example=$lab
    # shellcheck disable=SC2086 # one word per option: names and paths without blanks
    [ -z "$started" ] || java_verify ./spec.yaml $pids
    for member in $members; do
        (cd "$lab_dir/$member" && . ./facts.env && example="$lab/$name" && stop_container; exit "$failures")
        failures=$((failures + $?))
    done
    cd "$lab_dir" || return
    example=$lab
    run_step "consh_bridge_cleanup.sh" ./consh_bridge_cleanup.sh
    check "bridge removed" "" "$(ip link show "$bridge" 2>/dev/null)"
}

# as_user DIR: the same container made by uid 1000 (the handout's main path: only the network
# needs root, so there is none here), in the cgroup subtree jconshgen.users/1000 delegated to that
# user as 'jconshgen delegate' prepares it, where the scripts' parent 'auto' finds it. The user's shell is put in the subtree first: cgroup v2
# moves a process only for a writer who may write the common ancestor's cgroup.procs.
as_user() {
    cd "$1" || return
    . ./facts.env
    example="$name (uid 1000)"
    home=/home/user/$name
    delegated=/sys/fs/cgroup/jconshgen.users/1000
    mkdir -p "$home/$workdir" "$delegated/shell"
    echo "+pids" >/sys/fs/cgroup/jconshgen.users/cgroup.subtree_control
    cp ./*.sh "$home/"
    chown -R 1000:1000 /home/user "$delegated"
    for file in cgroup.procs cgroup.subtree_control cgroup.threads; do
        chown 1000:1000 "$delegated/$file" "$delegated/shell/$file"
    done
    echo "+pids" >"$delegated/cgroup.subtree_control"
    user_cgroup=jconshgen.users/1000/$cgroup
    # The spec without its network (only root may make one): verify then SKIPs the network.
    sed '/^network:/d' ./spec.yaml >"$home/spec.yaml"
    # A new shell moves itself ($$ of a subshell would be this driver) into the subtree, then
    # becomes the user.
    if sh -c 'echo "$$" >"$1" && shift && exec "$@"' _ "$delegated/shell/cgroup.procs" \
        setpriv --reuid 1000 --regid 1000 --clear-groups env -i PATH="$PATH" HOME="$home" sh -c '
            cd "$1/$2" && "${3}create_lowerfs.sh" && "${3}consh_setup.sh" -d -p auto -P "$1/container.pid"' _ \
        "$home" "$workdir" "$up" \
        >"/tmp/user.$$" 2>&1; then
        pass "create_lowerfs.sh + consh_setup.sh -d" "as uid 1000"
    else
        fail "create_lowerfs.sh + consh_setup.sh -d" "as uid 1000 failed"
        sed 's/^/    | /' "/tmp/user.$$"
        rm -rf "$home"; rmdir "$delegated/shell" "$delegated" /sys/fs/cgroup/jconshgen.users 2>/dev/null
        return
    fi
    pid=$(cat "$home/container.pid")
    chown 1000:1000 "$home/spec.yaml"
    # Verified by its owner, as an ordinary user: uid map 0 -> 1000, the delegated cgroup.
    verify_as=1000 java_verify "$home/spec.yaml" --pid "$pid"
    kill -TERM "$pid"
    wait_gone "$pid" || kill -KILL "$pid"
    if (cd "$home" && setpriv --reuid 1000 --regid 1000 --clear-groups env -i PATH="$PATH" HOME="$home" \
        ./consh_cleanup.sh -p auto -n '' "$workdir") >"/tmp/user.$$" 2>&1; then
        pass "consh_cleanup.sh" "as uid 1000"
    else
        fail "consh_cleanup.sh" "as uid 1000"
        sed 's/^/    | /' "/tmp/user.$$"
    fi
    rm -f "/tmp/user.$$"
    left=''
    [ ! -d "/sys/fs/cgroup/$user_cgroup" ] || left="$left cgroup"
    [ ! -e "$home/$workdir" ] || left="$left workdir"
    check "nothing left" "" "${left# }"
    rmdir "$delegated/shell" "$delegated" /sys/fs/cgroup/jconshgen.users 2>/dev/null
    rm -rf "$home"
}

# lesson_flow DIR HOSTNAME CGROUP NETNS HOST_ADDRESS CONTAINER_ADDRESS WORKDIR LOWER OVERLAY
# OPTIONS...: the handout's flow with the lab's lesson scripts (in DIR), without a terminal:
# 'mkdir WORKDIR; cd WORKDIR; ../create_lowerfs.sh LOWER; ../consh_setup.sh -v OPTIONS LOWER
# OVERLAY' with the container shell's input from a FIFO, then from the host: the shell's PID, its
# host name and cgroup, consh_nw_setup.sh, a streaming nc server typed into the shell and read by
# a host nc client, 'exit', consh_cleanup.sh and a check that nothing is left (neither of the
# given names nor of the defaults').
lesson_flow() {
    cd "$1" || return
    lesson_dir=$PWD
    want_host=$2 want_cgroup=$3 want_netns=$4 host_address=$5 container_address=$6
    lesson_work=$7 lower=$8 overlay=$9
    shift 9
    ip_container=${container_address%/*}
    fifo=/tmp/lesson.fifo
    log=/tmp/lesson.log
    rm -f "$fifo" "$log"
    mkfifo "$fifo"
    # Held open for writing, so that the shell sees no end of input between two commands.
    exec 8<>"$fifo"
    mkdir "$lesson_work"
    cd "$lesson_work" || return
    run_step "create_lowerfs.sh $lower" ../create_lowerfs.sh "$lower"
    ../consh_setup.sh -v "$@" "$lower" "$overlay" <"$fifo" >"$log" 2>&1 8>&- &
    launcher=$!
    cd "$lesson_dir" || return
    # The shell is ready once it runs what it is given: consh_post_setup.sh came first (ENV).
    echo 'echo lesson-ready-$((6 * 7))' >&8
    tries=150
    while ! grep -q 'lesson-ready-42' "$log" && [ -d "/proc/$launcher" ] && [ "$tries" -gt 0 ]; do
        sleep 0.1
        tries=$((tries - 1))
    done
    pid=''
    if grep -q 'lesson-ready-42' "$log"; then
        pass "consh_setup.sh -v $* $lower $overlay" "the container shell read consh_post_setup.sh and runs commands"
        # The container shell: the busybox whose net namespace is not the host's.
        host_net=$(readlink /proc/1/ns/net)
        for candidate in $(pidof busybox); do
            [ "$(readlink "/proc/$candidate/ns/net")" = "$host_net" ] || pid="$pid $candidate"
        done
        pid=${pid# }
        case $pid in
            '' | *' '*) fail "container shell PID" "expected one busybox outside the host's net namespace, saw '$pid'"; pid='' ;;
            *) pass "container shell PID" "$pid" ;;
        esac
    else
        fail "consh_setup.sh -v $* $lower $overlay" "the container shell did not come up"
        sed 's/^/    | /' "$log"
    fi
    if [ -n "$pid" ]; then
        if run_step "consh_nw_setup.sh PID $want_netns $host_address $container_address" \
            ./consh_nw_setup.sh "$pid" "$want_netns" "$host_address" "$container_address"; then
            # The hand-made container against a spec of the names the flow used (before the nc
            # server below holds the handout's port, which the verifier's TCP round trip uses).
            {
                printf 'name: flow\nhostname: %s\nworkdir: %s\n' "$want_host" "$lesson_work"
                printf 'rootfs: {layers: [busybox: {dir: %s}], overlay: %s}\n' "$lower" "$overlay"
                printf 'namespaces: [user, pid, mount, net, ipc, uts, cgroup]\nuser: {mapRootUser: true}\n'
                printf 'cgroup: {name: %s, parent: auto}\n' "$want_cgroup"
                printf 'network: {netns: %s, hostAddress: %s, containerAddress: %s}\n' "$want_netns" "$host_address" "$container_address"
            } >flow.yaml
            java_verify ./flow.yaml --pid "$pid"
            # Typed into the container shell, as the handout has it.
            cat >&8 <<'EOF'
nc -l -p 50000 -e sh -c 's=; while true; do s=x$s; echo $s; sleep 1; done' &
EOF
            got=''
            for _ in 1 2 3 4 5 6 7 8 9 10; do
                got=$(sleep 2.5 | timeout 5 busybox nc "$ip_container" 50000 2>/dev/null)
                [ -z "$got" ] || break
                sleep 0.3
            done
            check "nc stream from the container" "x xx" "$(printf '%s\n' "$got" | sed -n 1,2p | tr '\n' ' ' | sed 's/ $//')"
            # The server ends with its client, as in the handout. (A 'kill $!' typed here ends
            # the shell too: busybox ash as a PID namespace's init goes with its killed job.)
        fi
    fi
    echo exit >&8
    tries=100
    while [ -d "/proc/$launcher" ] && [ "$tries" -gt 0 ]; do
        sleep 0.1
        tries=$((tries - 1))
    done
    if [ -d "/proc/$launcher" ]; then
        fail "exit ends the shell" "still running after 10 s"
        kill -KILL "$launcher" ${pid:+"$pid"} 2>/dev/null
        wait "$launcher" 2>/dev/null
    else
        wait "$launcher" && status=0 || status=$?
        check "exit ends the shell" "exit status 0" "exit status $status"
    fi
    exec 8>&-
    rm -f "$fifo"
    if grep -q 'consh_post_setup.sh' "$log"; then pass "-v shows the commands" "consh_post_setup.sh traced"; else fail "-v shows the commands" "no trace in the shell's output"; fi
    rm -f "$log"
    if [ "$want_netns" = consh ]; then
        run_step "consh_cleanup.sh -c $want_cgroup $lesson_work" ./consh_cleanup.sh -c "$want_cgroup" "$lesson_work"
    else
        run_step "consh_cleanup.sh -c $want_cgroup -n $want_netns $lesson_work" \
            ./consh_cleanup.sh -c "$want_cgroup" -n "$want_netns" "$lesson_work"
    fi
    left=''
    for cg in $(printf '%s\n' consh_cgrp "$want_cgroup" | sort -u); do
        [ ! -d "/sys/fs/cgroup/$cg" ] || left="$left cgroup:$cg"
    done
    for ns in $(printf '%s\n' consh "$want_netns" | sort -u); do
        ! ip link show "$ns-0" >/dev/null 2>&1 || left="$left veth:$ns-0"
        [ ! -e "/var/run/netns/$ns" ] || left="$left netns:$ns"
    done
    grep -q " $lesson_dir/$lesson_work" /proc/self/mountinfo && left="$left mounts"
    [ ! -e "$lesson_work" ] || left="$left workdir:$lesson_work"
    check "nothing left" "" "${left# }"
}

# Each example in a subshell (its facts and its directory stay there); it reports its failures
# by its exit status.
total=0
for dir in "$tests"/*/; do
    [ -f "$dir/facts.env" ] || continue
    if grep -qx "kind='lab'" "$dir/facts.env"; then
        (failures=0; one_lab "$dir"; exit "$failures")
    else
        (failures=0; one_example "$dir"; exit "$failures")
    fi
    total=$((total + $?))
done
# The limits example's scripts under a nested parent (-p vmkeep/made/deeper) on pure v2: setup
# must enable every limit's controller on each level it made (else the limits cannot be
# written), and the cleanup must remove the levels setup made, but not vmkeep, which existed.
if [ -d "$tests/limits" ]; then
    (failures=0; example='limits (nested parent)'
        cd "$tests/limits" && . ./facts.env
        mkdir /sys/fs/cgroup/vmkeep
        parent=vmkeep/made/deeper
        mkdir -p "$workdir"
        run_step "create_lowerfs.sh" sh -c 'cd "$1" && "${2}create_lowerfs.sh" lower' _ "$workdir" "$up"
        if run_step "consh_setup.sh -d -p $parent" sh -c 'cd "$1" && "${2}consh_setup.sh" -d -P "$3" -p "$4" -c nested_cg lower ovly' \
            _ "$workdir" "$up" "$PWD/container.pid" "$parent"; then
            check "pids.max under $parent" "$pids_max" "$(cat "/sys/fs/cgroup/$parent/nested_cg/pids.max")"
            check "controllers passed on by the level setup made" "yes" \
                "$(grep -qw pids /sys/fs/cgroup/vmkeep/made/cgroup.subtree_control && echo yes || echo no)"
            kill -TERM "$(cat container.pid)" && wait_gone "$(cat container.pid)"
        fi
        run_step "consh_cleanup.sh -p $parent" ./consh_cleanup.sh -c nested_cg -p "$parent" "$workdir"
        check "levels setup made removed" "" "$(ls -d /sys/fs/cgroup/vmkeep/made 2>/dev/null)"
        check "level that existed kept" "/sys/fs/cgroup/vmkeep" "$(ls -d /sys/fs/cgroup/vmkeep 2>/dev/null)"
        rmdir /sys/fs/cgroup/vmkeep
        exit "$failures")
    total=$((total + $?))
fi
# The rootless flow with the lab's own scripts.
if [ -d "$tests/lab" ]; then
    (failures=0; as_user "$tests/lab"; exit "$failures")
    total=$((total + $?))
fi
# The handout's flow with the lab's lesson scripts: first with the names the handout uses (the
# scripts' defaults, only -h and -c given, as the handout types them), then with other names and
# addresses given as options and arguments, which must override the defaults.
if [ -d "$tests/lab-lesson" ]; then
    (failures=0; example='lab-lesson'
        lesson_flow "$tests/lab-lesson" consh-host consh_cgrp consh 10.0.0.1/24 10.0.0.2/24 demo lower ovly \
            -h consh-host -c consh_cgrp
        exit "$failures")
    total=$((total + $?))
    (failures=0; example='lab-lesson (other names)'
        lesson_flow "$tests/lab-lesson" other-host other_cg othns 10.0.77.1/24 10.0.77.2/24 work2 base top \
            -h other-host -c other_cg
        exit "$failures")
    total=$((total + $?))
fi
failures=$total
echo "VM-TEST SUMMARY failed=$failures"
exit "$failures"
