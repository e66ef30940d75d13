<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_nw_setup.sh: connect container [=name] to the host with a veth pair (step 4 of 5).
<@c.generatedBy/>
#
# Usage: consh_nw_setup.sh [-v] PID [NETNS [HOST_ADDRESS [CONTAINER_ADDRESS]]]
#   Run as root on the host, after consh_setup.sh. PID is the host PID of the container's
#   PID 1 (consh_setup.sh -d prints it; never guess it with 'pidof busybox', which is wrong as
#   soon as two busybox processes run). It names the container's network namespace NETNS under
#   /var/run/netns, creates the veth pair NETNS-0 (host) / NETNS-1 (container), moves NETNS-1
#   into the container and gives both ends their address/prefix. On failure it removes what
#   it created. consh_nw_cleanup.sh (or consh_cleanup.sh) undoes it.
set -u
<@c.functions script="consh_nw_setup.sh"/>
<@c.usageFunction/>
<@c.netnsCheckFunction/>

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

case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
while getopts 'v' opt; do
    case $opt in
        v) verbose=1 ;;
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

step='check the arguments'
[ "$(id -u)" -eq 0 ] || die "run it as root (sudo): it creates interfaces and mounts"
case $pid in '' | *[!0-9]*) die "PID '$pid' is not a number: give the host PID of the container's PID 1" ;; esac
[ -e "/proc/$pid/ns/net" ] || die "there is no process $pid"
[ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ] \
    || die "process $pid shares the host's network namespace: it is not the container"
check_netns "$netns"
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

step='check the addresses'
# An address the host has already, or a subnet its routes already cover, would shadow them: the
# host's own traffic would go into the container (or the container's nowhere).
not_an_address="'$host_address' is not an IPv4 address/prefix like 10.0.0.1/24"
in_use=$(ip -o -4 address show to "${host_address%/*}") || die "$not_an_address"
inside=$(ip -4 route show root "$host_address") || die "$not_an_address"
around=$(ip -4 route show match "$host_address") || die "$not_an_address"
if [ -n "$in_use" ]; then
    in_use=${in_use#*: }
    die "the host address ${host_address%/*} is in use on this host already (on ${in_use%% *}): choose another subnet"
fi
routes=$(printf '%s\n%s\n' "$inside" "$around" | grep -v -e '^default' -e '^$')
[ -z "$routes" ] || die "the subnet of $host_address is in use on this host already (route: $(printf '%s\n' "$routes" | head -n 1)): choose another subnet"

step='name the network namespace'
# ip-netns(8) finds namespaces by the files under /var/run/netns: bind-mount the container's
# namespace onto one. This mount keeps the namespace alive even after the container exits.
mkdir -p /var/run/netns || die "cannot create /var/run/netns"
# The file is the claim on the name: with noclobber (set -C) the shell creates it with O_EXCL, so
# of two runs racing for one name exactly one gets it, and the other stops here having made
# nothing (the check above cannot decide that: both can pass it before either creates the file).
(set -C && : >"/var/run/netns/$netns") 2>/dev/null \
    || die "/var/run/netns/$netns exists already (another container's, or a leftover: consh_nw_cleanup.sh $netns removes it)"
created_netns=1
mount --bind "/proc/$pid/ns/net" "/var/run/netns/$netns" || die "cannot bind-mount the network namespace"

step='create the veth pair'
# A veth pair is a virtual cable: what goes in one end comes out of the other.
# Atomic in the kernel: a name that exists (maybe made a moment ago) makes it fail.
ip link add "$host_veth" type veth peer name "$container_veth" || die "cannot create $host_veth/$container_veth"
created_veth=1

step='move one end into the container'
ip link set "$container_veth" netns "$netns" || die "cannot move $container_veth into $netns"

step='configure the host end'
ip address add "$host_address" dev "$host_veth" || die "cannot give $host_veth the address $host_address"
ip link set "$host_veth" up || die "cannot bring $host_veth up"

step='configure the container end'
ip -n "$netns" address add "$container_address" dev "$container_veth" \
    || die "cannot give $container_veth the address $container_address"
ip -n "$netns" link set "$container_veth" up || die "cannot bring $container_veth up"
ip -n "$netns" link set lo up || die "cannot bring lo up in the container"

printf 'network of %s: host %s on %s, container %s on %s\n' "$netns" "$host_address" "$host_veth" "$container_address" "$container_veth"
