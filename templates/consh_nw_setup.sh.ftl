<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_nw_setup.sh: connect container [=name] to the host with a veth pair (step 4 of 5).
<@c.generatedBy/>
#
<@lesson>
# Usage: consh_nw_setup.sh PID [NETNS [HOST_ADDRESS [CONTAINER_ADDRESS]]]   (as root, on the host)
#   PID is the host PID of the container's shell: 'pidof busybox' finds it while only one busybox
#   runs. The veth ends are named NETNS-0 (host) and NETNS-1 (container): the lab's NETNS-PID-0
#   breaks the kernel's 15-character limit for interface names with a longer NETNS.
set -e
<#if bridge?has_content && !defaultRoute?has_content>
# (HOST_ADDRESS is the bridge's, which consh_bridge_setup.sh gave it: unused here)
pid=$1 netns=${2:-[=netns]} container_address=${4:-[=containerAddress]}
<#else>
pid=$1 netns=${2:-[=netns]} host_address=${3:-[=hostAddress]} container_address=${4:-[=containerAddress]}
</#if>
<@c.lessonIp/>
</@lesson>
<@robust>
# Usage: consh_nw_setup.sh [-v] [-b BRIDGE] [-g] PID [NETNS [HOST_ADDRESS [CONTAINER_ADDRESS]]]
#   Run as root on the host, after consh_setup.sh. PID is the host PID of the container's
#   PID 1 (consh_setup.sh -d prints it; never guess it with 'pidof busybox', which is wrong as
#   soon as two busybox processes run). It names the container's network namespace NETNS under
#   /var/run/netns, creates the veth pair NETNS-0 (host) / NETNS-1 (container), moves NETNS-1
#   into the container and gives both ends their address/prefix. On failure it removes what
#   it created. consh_nw_cleanup.sh (or consh_cleanup.sh) undoes it.
#   -b BRIDGE  join the host end to the bridge BRIDGE (made by consh_bridge_setup.sh) instead of
#              giving it an address: HOST_ADDRESS is then the bridge's own address, and every
#              container on the bridge reaches the others; -b '' for a plain veth pair
#   -g         give the container a default route via HOST_ADDRESS
#   -v         show progress
<@c.sourceLib/>


# rollback: a half-made network is removed again, so a failed run leaves nothing behind. Only
# what this run made goes: a netns or veth of the same name that was there first (another
# container's, or one made in the moment between the check and the creation) is not ours.
created_netns=''
created_veth=''
rollback() {
    if [ -n "$created_veth" ]; then
        created_veth=''
        # Deleting one end of a veth pair deletes both.
        ip link delete "$host_veth" 2>/dev/null
    fi
    if [ -n "$created_netns" ]; then
        created_netns=''
        umount "/var/run/netns/$netns" 2>/dev/null
        rm -f -- "/var/run/netns/$netns"
    fi
}

# Defaults from the spec; arguments override them.
netns=[=netns]
host_address=[=hostAddress]
container_address=[=containerAddress]
bridge=[=bridge]
default_route=[=defaultRoute]

case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
while getopts 'vb:g' opt; do
    case $opt in
        v) verbose=1 ;;
        b) bridge=$OPTARG ;;
        g) default_route=yes ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ "$#" -lt 1 ] || [ "$#" -gt 4 ]; then
    show_usage >&2
    exit 2
fi
pid=$1
[ "$#" -lt 2 ] || netns=$2
[ "$#" -lt 3 ] || host_address=$3
[ "$#" -lt 4 ] || container_address=$4

</@robust>

<@step name="check the arguments"
    why="checks the options and operands before anything is made, so a typing mistake creates nothing."
    guards="the robust scripts only: root, a PID that is a container's (not the host's network namespace), usable names, and no netns or veth of those names yet.">
<@robust>
[ "$(id -u)" -eq 0 ] || die "run it as root (sudo): it creates interfaces and mounts"
case $pid in '' | *[!0-9]*) die "PID '$pid' is not a number: give the host PID of the container's PID 1" ;; esac
[ -e "/proc/$pid/ns/net" ] || die "there is no process $pid"
[ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ] \
    || die "process $pid shares the host's network namespace: it is not the container"
check_netns "$netns"
[ -z "$bridge" ] || check_interface bridge "$bridge"
for address in "$host_address" "$container_address"; do
    case $address in
        */*) ;;
        *) die "'$address' is not an address/prefix like 10.0.0.1/24" ;;
    esac
done
host_veth="$netns-0"
container_veth="$netns-1"
[ ! -e "/var/run/netns/$netns" ] || die "/var/run/netns/$netns exists already (remove it with: consh_nw_cleanup.sh $netns)"
! ip link show "$host_veth" >/dev/null 2>&1 || die "interface $host_veth exists already (remove it with: consh_nw_cleanup.sh $netns)"
</@robust>
</@step>

<@step name="check the addresses" man="ip-address(8) ip-route(8)"
    why="refuses an address or a subnet the host uses already, which the veth would shadow; with a bridge, checks that the bridge has the host address."
    guards="the robust scripts only.">
<@robust>
if [ -z "$bridge" ]; then
    check_free_subnet "$host_address"
else
    # The subnet is the bridge's: its address and route are expected, on the bridge and nowhere
    # else. The container's address must not be one the host has (the bridge's, say).
    [ -d "/sys/class/net/$bridge/bridge" ] || die "there is no bridge $bridge (create it first with: consh_bridge_setup.sh $bridge $host_address)"
    bridge_addresses=$(ip -o -4 address show dev "$bridge") || die "cannot read the addresses of $bridge"
    printf '%s\n' "$bridge_addresses" | awk -v a="$host_address" '$3 == "inet" && $4 == a { found = 1 } END { exit !found }' \
        || die "bridge $bridge does not have the address $host_address (the host address of a bridged container is the bridge's)"
    in_use=$(ip -o -4 address show to "${container_address%/*}") || die "'$container_address' is not an IPv4 address/prefix like 10.0.0.2/24"
    [ -z "$in_use" ] || die "the container address ${container_address%/*} is an address of this host (on $(printf '%s\n' "${in_use#*: }" | cut -d ' ' -f 1)): choose another"
fi
</@robust>
</@step>

<@step name="name the network namespace" man="ip-netns(8) network_namespaces(7)"
    why="ip netns finds namespaces by the files under /var/run/netns: the container's network namespace (/proc/PID/ns/net) is bind-mounted onto one. The mount keeps the namespace alive, even after the container exits, until it is removed."
    guards="creates the file exclusively (set -C), so that of two runs racing for one name exactly one gets it, and removes it again when a later step fails.">
<@lesson>
mkdir -p /var/run/netns
touch "/var/run/netns/$netns"
mount --bind "/proc/$pid/ns/net" "/var/run/netns/$netns"
</@lesson>
<@robust>
# ip-netns(8) finds namespaces by the files under /var/run/netns: bind-mount the container's
# namespace onto one. This mount keeps the namespace alive even after the container exits.
mkdir -p /var/run/netns || die "cannot create /var/run/netns"
# The file is the claim on the name: with noclobber (set -C) the shell creates it with O_EXCL, so
# of two runs racing for one name exactly one gets it, and the other stops here having made
# nothing (the check above cannot decide that: both can pass it before either creates the file).
# shellcheck disable=SC2016 # "$1" is the inner sh's own argument
make_recorded created_netns "$netns" sh -c 'exec 2>/dev/null; set -C; : >"$1"' claim "/var/run/netns/$netns" \
    || die "/var/run/netns/$netns exists already (another container's, or a leftover: consh_nw_cleanup.sh $netns removes it)"
mount --bind "/proc/$pid/ns/net" "/var/run/netns/$netns" || die "cannot bind-mount the network namespace"
</@robust>
</@step>

<@step name="create the veth pair" man="veth(4) ip-link(8)"
    why="a veth pair is a virtual cable: what goes in one end comes out of the other."
    guards="records the pair the moment ip makes it, even when a signal comes then (make_recorded), and removes it again when a later step fails.">
<@lesson>
ip link add "$netns-0" type veth peer name "$netns-1"
</@lesson>
<@robust>
# A veth pair is a virtual cable: what goes in one end comes out of the other.
# Atomic in the kernel: a name that exists (maybe made a moment ago) makes it fail.
make_recorded created_veth "$host_veth" ip link add "$host_veth" type veth peer name "$container_veth" \
    || die "cannot create $host_veth/$container_veth"
</@robust>
</@step>

<@step name="move one end into the container" man="veth(4) ip-link(8)"
    why="NETNS-1 goes into the container's network namespace; NETNS-0 stays on the host."
    guards="a failure removes the pair and the netns file.">
<@lesson>
ip link set "$netns-1" netns "$netns"
</@lesson>
<@robust>
ip link set "$container_veth" netns "$netns" || die "cannot move $container_veth into $netns"
</@robust>
</@step>

<@step name="configure the host end" man="ip-address(8) ip-link(8) bridge(8)"
    why="the host end " + bridge?has_content?then("joins the bridge, which holds the host's address, and comes up.", "gets its address and comes up.")
    guards="a failure removes the pair and the netns file.">
<@lesson>
<#if bridge?has_content>
ip link set "$netns-0" master [=bridge]
<#else>
ip address add "$host_address" dev "$netns-0"
</#if>
ip link set "$netns-0" up
</@lesson>
<@robust>
if [ -z "$bridge" ]; then
    ip address add "$host_address" dev "$host_veth" || die "cannot give $host_veth the address $host_address"
else
    # A bridge port carries no address of its own: the host is reached at the bridge's.
    ip link set "$host_veth" master "$bridge" || die "cannot join $host_veth to bridge $bridge"
fi
ip link set "$host_veth" up || die "cannot bring $host_veth up"
</@robust>
</@step>

<@step name="configure the container end" man="ip-netns(8) ip-address(8) ip-route(8)"
    why="inside the container's network namespace (ip -n): its end gets its address and comes up, and so does lo" + defaultRoute?has_content?then("; a default route goes via the host address.", ".")
    guards="a failure removes the pair and the netns file.">
<@lesson>
ip -n "$netns" address add "$container_address" dev "$netns-1"
ip -n "$netns" link set "$netns-1" up
ip -n "$netns" link set lo up
<#if defaultRoute?has_content>
ip -n "$netns" route add default via "${host_address%/*}" dev "$netns-1"
</#if>
</@lesson>
<@robust>
ip -n "$netns" address add "$container_address" dev "$container_veth" \
    || die "cannot give $container_veth the address $container_address"
ip -n "$netns" link set "$container_veth" up || die "cannot bring $container_veth up"
ip -n "$netns" link set lo up || die "cannot bring lo up in the container"
if [ -n "$default_route" ]; then
    ip -n "$netns" route add default via "${host_address%/*}" dev "$container_veth" \
        || die "cannot add a default route via ${host_address%/*} in the container"
fi
</@robust>
</@step>
<@robust>

if [ -z "$bridge" ]; then
    printf 'network of %s: host %s on %s, container %s on %s\n' "$netns" "$host_address" "$host_veth" "$container_address" "$container_veth"
else
    printf 'network of %s: %s joined to bridge %s (host %s), container %s on %s\n' \
        "$netns" "$host_veth" "$bridge" "$host_address" "$container_address" "$container_veth"
fi

</@robust>
