#!/usr/bin/env bats
# The lab handout's flow, by hand, with the scripts generated from examples/lab.yaml
# (generated/lab/robust) copied into a "consh" directory, exactly as a student runs them:
#   mkdir demo; cd demo; ../create_lowerfs.sh lower
#   ../consh_setup.sh -v -h consh-host -c consh_cgrp lower ovly
#   ./consh_nw_setup.sh PID consh 10.0.0.1/24 10.0.0.2/24     (from the consh directory)
#   ./consh_cleanup.sh -c consh_cgrp demo                     (from the consh directory)
# These are the handout's own names (cgroup consh_cgrp, netns consh, 10.0.0.0/24): when someone
# else on this host uses them already, the tests are skipped rather than touching their things.

load helpers

setup() {
    common_setup
    # the handout's names (consh, consh_cgrp, 10.0.0.0/24), which other files' tests use too
    exclusive consh
    requires root busybox userns-overlay unshare
    requires_free_cgroup consh_cgrp
    requires_free_netns consh
    track_cgroup consh_cgrp
    track_netns consh
    consh=$T/consh
    mkdir "$consh"
    cp "$LAB"/*.sh "$consh"/
    on_teardown "$consh" ./consh_cleanup.sh -c consh_cgrp demo
    host_name=$(hostname)
}

teardown() {
    common_teardown
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

@test "lab: create_lowerfs.sh, interactive consh_setup.sh fed on stdin, then consh_cleanup.sh leaves nothing" {
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

@test "lab: detached container in a real cgroup, nsenter, veth with ping and nc, TERM, consh_cleanup.sh leaves nothing" {
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
