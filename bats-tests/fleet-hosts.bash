# Hosts for the fleet test, made on this machine: each is its own network, UTS, IPC, PID and mount
# namespace (the mount namespace with its own /run: jconshgen's state, locks and named network
# namespaces; and its own /sys, with the machine's cgroup hierarchies), reached by Ansible's community.docker.nsenter connection by the PID of its init.
# The file system is the machine's, so each host keeps its jconshgen, spec and caches in a
# directory of its own (inventory variables), and the machine's interfaces, routes and /run are
# never touched. Sourced by fleet.bats.

# The hosts' PID 1: reaps every orphan (a container's detached processes end up here once their
# parents have gone; an unreaped one would look alive to destroy's proof) and ends on SIGTERM.
FLEET_REAPER='
import os, signal, time
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
while True:
    try:
        os.wait()
    except ChildProcessError:
        time.sleep(0.2)
'

# fleet_host_start NAME DIR [nocgroup]: starts the host; its init's PID (as this machine sees it)
# goes to DIR/NAME.pid, unshare's to DIR/NAME.unshare. nocgroup: the host's /sys/fs/cgroup is an
# empty tmpfs, a host with no cgroup hierarchy (a blocker preflight reports with its remedy).
fleet_host_start() {
    local name=$1 dir=$2 mode=${3:-}
    unshare --mount --uts --ipc --net --pid --fork --kill-child --mount-proc --propagation private \
        sh -c 'set -e
            mount -t tmpfs -o mode=0755,size=64m "fleet-$1" /run
            mkdir -p /run/lock /run/fleet-cgroup
            # a sysfs of its own, whose /sys/class/net is the host'"'"'s network namespace (a lab
            # checks its bridge name there), with the machine'"'"'s cgroup hierarchies bound again
            # under it (a new bind, listed after the new sysfs in mountinfo, as a mount made later)
            mount --rbind /sys/fs/cgroup /run/fleet-cgroup
            umount -R /sys
            mount -t sysfs "fleet-sys-$1" /sys
            mount --rbind /run/fleet-cgroup /sys/fs/cgroup
            umount -R /run/fleet-cgroup
            rmdir /run/fleet-cgroup
            hostname "$1"
            ip link set lo up
            if [ "$2" = nocgroup ]; then mount -t tmpfs -o mode=0755,size=1m fleet-nocgroup /sys/fs/cgroup; fi
            echo ready
            exec /usr/bin/python3 -c "$3"' fleet-host "$name" "$mode" "$FLEET_REAPER" >"$dir/$name.log" 2>&1 </dev/null &
    local unshare_pid=$! init_pid="" i
    echo "$unshare_pid" >"$dir/$name.unshare"
    for i in $(seq 1 100); do
        init_pid=$(cat "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null | tr -d ' ')
        if [ -n "$init_pid" ] && grep -q '^ready$' "$dir/$name.log"; then
            echo "$init_pid" >"$dir/$name.pid"
            return 0
        fi
        sleep 0.1
    done
    echo "fleet host $name did not start: $(cat "$dir/$name.log")" >&2
    return 1
}

# fleet_host_stop NAME DIR: ends the host's init (and with it every process in its PID namespace,
# its mounts and its network namespace), then waits for unshare.
fleet_host_stop() {
    local name=$1 dir=$2 pid i
    [ -f "$dir/$name.unshare" ] || return 0
    pid=$(cat "$dir/$name.unshare")
    if [ -f "$dir/$name.pid" ]; then
        kill -KILL "$(cat "$dir/$name.pid")" 2>/dev/null || true
    fi
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/$name.unshare" "$dir/$name.pid"
}
