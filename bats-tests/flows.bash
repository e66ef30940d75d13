# shellcheck shell=bash
# The handout's flows, shared by lab-flow.bats and lesson-flow.bats (under /bin/sh as the host has
# it, or the shell JCONSHGEN_TEST_SHELL names) and by shells.bats (under every POSIX shell in
# turn). Each flow copies the generated scripts into a 'consh' directory of its own and runs them
# there exactly as a student does; use_test_shell (helpers.bash) makes the copies run under
# $TEST_SHELL. Load after helpers; call the *_setup function after common_setup.

# ---------------------------------------------------------------------------------------------
# The lab flow with the robust scripts (generated/lab/robust, or JCONSHGEN_LAB), by hand:
#   mkdir demo; cd demo; ../create_lowerfs.sh lower
#   ../consh_setup.sh -v -h consh-host -c consh_cgrp lower ovly
#   ./consh_nw_setup.sh PID consh 10.0.0.1/24 10.0.0.2/24     (from the consh directory)
#   ./consh_cleanup.sh -c consh_cgrp demo                     (from the consh directory)
# These are the handout's own names (cgroup consh_cgrp, netns consh, 10.0.0.0/24): when someone
# else on this host uses them already, the tests are skipped rather than touching their things.

# lab_flow_setup: the scripts in $consh, the handout's names checked free and tracked.
lab_flow_setup() {
    requires_test_shell
    requires root busybox userns-overlay unshare
    # the handout's names (consh, consh_cgrp, 10.0.0.0/24), which other files' tests use too
    exclusive consh
    requires_free_cgroup consh_cgrp
    requires_free_netns consh
    track_cgroup consh_cgrp
    track_netns consh
    consh=$T/consh
    mkdir "$consh"
    cp "$LAB"/*.sh "$consh"/
    use_test_shell "$consh"
    on_teardown "$consh" ./consh_cleanup.sh -c consh_cgrp demo
    host_name=$(hostname)
}

# The commands fed to the container's interactive shell; '@@NAME' lines delimit the output of each.
write_commands() {
    cat >"$1" <<'EOF'
echo @@hostname
hostname
echo @@manifest
cat /MANIFEST
echo @@ls
ls /
echo @@cmdline
tr '\0' ' ' </proc/1/cmdline; echo
echo @@mount
mount
echo @@end
EOF
}

# lab_flow_interactive: create_lowerfs.sh, the interactive consh_setup.sh fed commands on
# stdin, then consh_cleanup.sh leaves nothing.
lab_flow_interactive() {
    cd "$consh"
    mkdir demo
    cd demo
    run_ok ../create_lowerfs.sh lower
    [ -x lower/bin/busybox ]
    [ -e lower/bin/sh ] && [ -e lower/bin/mount ] && [ -e lower/bin/nc ]

    write_commands "$T/commands"
    run_ok feed "$T/commands" ../consh_setup.sh -v -h consh-host -c consh_cgrp lower ovly
    shell=$output
    # no step of the setup or of the post-setup failed
    refute_output --partial 'failed'
    assert_line 'consh_post_setup.sh: container ready'

    # the container's own host name, set by the post-setup in its UTS namespace
    assert_equal "$(section hostname "$shell")" consh-host
    assert_equal "$(hostname)" "$host_name"
    # MANIFEST was written by PID 1 (the shell), as root of the user namespace
    run_ok section manifest "$shell"
    assert_line --regexp '^created: '
    assert_line 'creator uid: 0'
    assert_line 'creator pid: 1'
    # the root is the overlay: the lower layer's directories, MANIFEST and README, no old root
    run_ok section ls "$shell"
    for entry in MANIFEST README bin dev etc proc sys tmp; do
        assert_line "$entry"
    done
    refute_line oldrootfs
    # /proc is the container's own: its PID 1 is the busybox shell
    assert_equal "$(section cmdline "$shell")" "$(command -v busybox) sh -i "
    # mounts: overlay root made of this demo's layers, fresh proc and sysfs, no trace of the host
    run_ok section mount "$shell"
    demo=$(pwd -P)
    assert_line --regexp "^overlay on / type overlay \(.*lowerdir=$demo/lower,upperdir=$demo/ovly/upper,workdir=$demo/ovly/work"
    assert_line --regexp '^proc on /proc type proc '
    assert_line --regexp '^sysfs on /sys type sysfs '
    refute_output --partial oldrootfs

    # on the host: MANIFEST lives only in the container's upper layer
    [ -f ovly/upper/MANIFEST ]
    [ ! -e lower/MANIFEST ]
    # the cgroup was a real one and is empty again now that the shell has exited
    cgroot=$(cgroup2_root)
    if [ -n "$cgroot" ]; then
        assert_equal "$(stat -f -c %T "$cgroot/consh_cgrp")" cgroup2fs
        assert_equal "$(cat "$cgroot/consh_cgrp/cgroup.procs")" ""
    fi

    cd "$consh"
    run_ok ./consh_cleanup.sh -c consh_cgrp demo
    [ ! -e demo ]
    [ -z "$cgroot" ] || [ ! -e "$cgroot/consh_cgrp" ]
    [ ! -e /sys/fs/cgroup/consh_cgrp ]
    run_ok no_leaks
}

# lab_flow_detached: a detached container in a real cgroup, nsenter, the veth with ping and nc,
# TERM, then consh_cleanup.sh leaves nothing.
lab_flow_detached() {
    requires nsenter ping ip cgroup2
    requires_free_subnet 10.0.0
    cd "$consh"
    mkdir demo
    cd demo
    run_ok ../create_lowerfs.sh lower
    track_pidfile "$consh/demo/ovly/container.pid"
    run_ok ../consh_setup.sh -d -h consh-host -c consh_cgrp lower ovly
    # it prints the host PID of the container's PID 1 and writes it to ovly/container.pid
    [[ $output =~ host\ PID\ ([0-9]+) ]]
    pid=${BASH_REMATCH[1]}
    track_pid "$pid"
    assert_equal "$(cat ovly/container.pid)" "$pid"
    alive "$pid"
    assert_equal "$(readlink "/proc/$pid/exe")" "$(readlink -f "$(command -v busybox)")"

    # membership of the real cgroup, as the kernel shows it (0::/consh_cgrp), on cgroup2fs
    cgroot=$(cgroup2_root)
    run_ok cat "/proc/$pid/cgroup"
    assert_line "0::/consh_cgrp"
    assert_equal "$(stat -f -c %T "$cgroot/consh_cgrp")" cgroup2fs
    grep -qx "$pid" "$cgroot/consh_cgrp/cgroup.procs"
    # hybrid host: no fake cgroup directory on the tmpfs
    [ ! -e /sys/fs/cgroup/consh_cgrp ] || [ "$cgroot" = /sys/fs/cgroup ]

    # all seven namespaces are the container's own; the host's name is unchanged
    assert_namespaces "$pid" user pid mount net ipc uts cgroup
    run_ok nsenter -t "$pid" -a hostname
    assert_output consh-host
    assert_equal "$(hostname)" "$host_name"
    run_ok nsenter -t "$pid" -a cat /MANIFEST
    assert_line 'creator pid: 1'
    run_ok nsenter -t "$pid" -a ls /
    assert_line MANIFEST
    refute_line oldrootfs

    # the network, as in the handout (from the consh directory)
    cd "$consh"
    run_ok ./consh_nw_setup.sh "$pid" consh 10.0.0.1/24 10.0.0.2/24
    [ -e /var/run/netns/consh ]
    run_ok ip -o link show consh-0
    assert_output --partial 'state UP'
    run_ok ip netns exec consh ip -o -4 addr show consh-1
    assert_output --partial '10.0.0.2/24'
    run_ok ping -c 1 -W 2 10.0.0.2

    # a busybox nc server inside the container (the handout's 'nc -l -p 50000 -e sh -c ...'), a
    # busybox nc client on the host
    nsenter -t "$pid" -a nc -l -p 50000 -e sh -c 'echo consh-nc-x; echo consh-nc-xx' \
        >"$T/nc-server.log" 2>&1 3>&- &
    server=$!
    track_pid "$server"
    received=''
    for _ in $(seq 50); do
        received=$(busybox nc -w 2 10.0.0.2 50000 </dev/null 2>/dev/null) || true
        [ -z "$received" ] || break
        sleep 0.1
    done
    assert_equal "$received" $'consh-nc-x\nconsh-nc-xx'
    wait_gone "$server" 5

    # stop the container: PID 1 exits on TERM, and unshare with it
    launcher=$(ps -o ppid= -p "$pid" | tr -d ' ')
    kill -TERM "$pid"
    wait_gone "$pid" 5
    wait_gone "$launcher" 5
    # the bind mount keeps the network namespace, and so the host's veth end, alive
    [ -e /var/run/netns/consh ]

    run_ok ./consh_cleanup.sh -c consh_cgrp demo
    run_fail ip link show consh-0
    [ ! -e /var/run/netns/consh ]
    run_fail grep -q ' /run/netns/consh ' /proc/self/mountinfo
    [ ! -e "$cgroot/consh_cgrp" ]
    [ ! -e demo ]
    run_ok no_leaks
}

# ---------------------------------------------------------------------------------------------
# The handout's flow with the *lesson* scripts (generated/lab/, 'jconshgen generate --style
# lesson', or JCONSHGEN_LESSON), typed on a terminal (tmux) exactly as the handout says:
#   mkdir demo; cd demo; ../create_lowerfs.sh lower
#   ../consh_setup.sh -v -h consh-host -c consh_cgrp lower ovly      (the container's busybox shell)
#   ./consh_nw_setup.sh $(pidof busybox) consh 10.0.0.1/24 10.0.0.2/24   (second terminal, as root)
#   nc -l -p 50000 -e sh -c '...' in the container, nc 10.0.0.2 50000 on the host
#   exit; ./consh_cleanup.sh -c consh_cgrp demo
# then nothing of it is left; 'jconshgen verify SPEC --pid' checks the hand-made container from
# the host. The container's PID is found as the child of unshare in the terminal, not with
# 'pidof busybox', which is wrong as soon as another busybox runs on this host. The terminal's
# own shell is the user's ($SHELL); the scripts it starts run under $TEST_SHELL.

LESSON=${JCONSHGEN_LESSON:-$REPO/generated/lab}

# lesson_flow_setup / lesson_flow_teardown: the lesson scripts in $consh, a tmux server of the
# test's own (its teardown ends it, before common_teardown).
lesson_flow_setup() {
    requires_test_shell
    requires root busybox userns-overlay unshare tmux jar
    # the handout's names (consh, consh_cgrp, 10.0.0.0/24), which other files' tests use too
    exclusive consh
    consh=$T/consh
    mkdir "$consh"
    cp "$LESSON"/*.sh "$consh"/
    use_test_shell "$consh"
    socket=jgl$$
}
lesson_flow_teardown() {
    [ -z "${socket:-}" ] || tmux -L "$socket" kill-server 2>/dev/null || true
}

# type TEXT: type one line into the terminal.
type_line() {
    tmux -L "$socket" send-keys -t flow -l "$1"
    tmux -L "$socket" send-keys -t flow Enter
}

# screen: what the terminal shows (with its scrollback).
screen() {
    tmux -L "$socket" capture-pane -p -S -200 -t flow
}

# wait_screen TEXT: wait (10 s at most) until the terminal shows TEXT.
wait_screen() {
    local i
    for ((i = 0; i < 200; i++)); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    screen >&2
    fail "the terminal never showed: $1"
}

# container_pid: the busybox shell in the terminal: the child of unshare, the child of the
# terminal's shell (which consh_setup.sh replaced with unshare by exec).
container_pid() {
    local pane unshare_pid
    pane=$(tmux -L "$socket" display -p -t flow '#{pane_pid}')
    unshare_pid=$(pgrep -P "$pane" | head -n 1)
    pgrep -P "$unshare_pid" | head -n 1
}

# lesson_flow HOSTNAME CGROUP NETNS HOST_ADDRESS CONTAINER_ADDRESS SETUP_OPTIONS CLEANUP_OPTIONS
lesson_flow() {
    local host_name=$1 cgroup=$2 netns=$3 host_address=$4 container_address=$5 setup_options=$6 cleanup_options=$7
    requires_free_cgroup "$cgroup"
    requires_free_netns "$netns"
    requires_free_subnet "${host_address%.*}"
    track_cgroup "$cgroup"
    track_netns "$netns"
    on_teardown "$consh" rm -rf demo

    tmux -L "$socket" new-session -d -s flow -x 160 -y 50 -c "$consh"
    type_line "PS1='host\$ '; mkdir demo; cd demo; ../create_lowerfs.sh lower && echo LAYER-DONE"
    wait_screen LAYER-DONE
    type_line "../consh_setup.sh $setup_options lower ovly"
    wait_screen '/ #'
    local pid
    pid=$(container_pid)
    [ -n "$pid" ] || fail "no container shell under the terminal"
    track_pid "$pid"
    [ "$(readlink /proc/"$pid"/exe)" = /bin/busybox ] || [ "$(basename "$(readlink /proc/"$pid"/exe)")" = busybox ] \
        || fail "process $pid is not busybox: $(readlink /proc/"$pid"/exe)"
    ns_differs "$pid" net || fail "the container shares the host's network namespace"
    grep -qx "0::/$cgroup" /proc/"$pid"/cgroup || fail "the container is not in cgroup $cgroup: $(cat /proc/"$pid"/cgroup)"

    type_line 'hostname; ls /'
    wait_screen MANIFEST
    screen | grep -qx "$host_name" || fail "the container's host name is not $host_name"

    # the second terminal: the network, as root
    cd "$consh"
    run_ok ./consh_nw_setup.sh "$pid" "$netns" "$host_address" "$container_address"
    # From the host, jconshgen's own verifier checks the hand-made container against a spec of
    # the names the flow used: every check passes, none is skipped (before the nc server below
    # takes the port of the verifier's TCP round trip).
    {
        printf 'name: flow
hostname: %s
workdir: demo
' "$host_name"
        printf 'rootfs: {layers: [busybox: {}], overlay: ovly}
'
        printf 'namespaces: [user, pid, mount, net, ipc, uts, cgroup]
user: {mapRootUser: true}
'
        printf 'cgroup: {name: %s, parent: auto}
' "$cgroup"
        printf 'network: {netns: %s, hostAddress: %s, containerAddress: %s}
' "$netns" "$host_address" "$container_address"
    } >"$consh/flow.yaml"
    run_ok "$JG" verify "$consh/flow.yaml" --pid "$pid"
    refute_line --partial FAIL
    refute_line --partial SKIP
    assert_line --partial "PASS root is the spec's overlay: overlay lowerdir=lower upperdir=ovly/upper"
    type_line "nc -l -p 50000 -e sh -c 's=; while true; do s=x\$s; echo \$s; sleep 1; done'"
    local received='' i
    for ((i = 0; i < 50; i++)); do
        received=$(timeout 3 busybox nc "${container_address%/*}" 50000 2>/dev/null | head -n 2 | tr '\n' ' ') || true
        [ "$received" = 'x xx ' ] && break
        sleep 0.1
    done
    [ "$received" = 'x xx ' ] || fail "the host received '$received' from the container's nc, not 'x xx '"

    # the server ends with its client; then exit the container's shell
    tmux -L "$socket" send-keys -t flow C-c
    type_line 'exit'
    wait_screen 'host$'
    wait_gone "$pid" || fail "the container's shell is still running"
    # shellcheck disable=SC2086 # the options, one word each
    run_ok ./consh_cleanup.sh $cleanup_options demo
    echo "# --- the terminal:" >&3
    screen | sed 's/^/# /' >&3

    [ ! -e demo ] || fail "demo is left"
    [ ! -e "/var/run/netns/$netns" ] || fail "/var/run/netns/$netns is left"
    ! ip link show "$netns-0" >/dev/null 2>&1 || fail "veth $netns-0 is left"
    local root
    for root in /sys/fs/cgroup /sys/fs/cgroup/unified; do
        [ ! -d "$root/$cgroup" ] || fail "cgroup $root/$cgroup is left"
    done
}
