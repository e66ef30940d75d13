<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_bridge_setup.sh: create <#if labName??>the bridge of lab [=labName] (before step 4 of its containers).<#else>the bridge that container [=name] shares with others (before step 4).</#if>
<@c.generatedBy/>
#
<@lesson>
# Usage: consh_bridge_setup.sh [BRIDGE [ADDRESS]]   (as root, once, before the containers' consh_nw_setup.sh)
set -e
bridge=${1:-[=bridge]} address=${2:-[=hostAddress]}
<@c.lessonIp/>
</@lesson>
<@robust>
# Usage: consh_bridge_setup.sh [-v] [BRIDGE [ADDRESS]]
#   Run as root on the host, once for all the containers of the bridge, before their
#   consh_nw_setup.sh. Creates the Linux bridge BRIDGE, gives it ADDRESS/PREFIX (the host's
#   address on the containers' network, and their gateway) and brings it up. A bridge of that
#   name that exists already is refused (it may be another lab's), and so is a subnet the host
#   uses already. On failure it removes what it created. consh_bridge_cleanup.sh undoes it.
<@c.sourceLib/>

# rollback: only a bridge this run created goes; one that was there first is not ours.
created_bridge=''
rollback() {
    if [ -n "$created_bridge" ]; then
        created_bridge=''
        ip link delete "$bridge" 2>/dev/null
    fi
}

# Defaults from the spec; arguments override them.
bridge=[=bridge]
address=[=hostAddress]

case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
while getopts 'v' opt; do
    case $opt in
        v) verbose=1 ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -le 2 ] || { show_usage >&2; exit 2; }
[ "$#" -lt 1 ] || bridge=$1
[ "$#" -lt 2 ] || address=$2
</@robust>

<@step name="check the arguments"
    why="checks the options and operands before anything is made, so a typing mistake creates nothing."
    guards="the robust scripts only: root, a usable interface name, an address with a prefix, no interface of that name yet.">
<@robust>
[ "$(id -u)" -eq 0 ] || die "run it as root (sudo): it creates an interface"
check_interface bridge "$bridge"
case $address in
    */*) ;;
    *) die "'$address' is not an address/prefix like 10.0.0.1/24" ;;
esac
! ip link show "$bridge" >/dev/null 2>&1 || die "interface $bridge exists already (another lab's? consh_bridge_cleanup.sh $bridge removes a bridge nothing is joined to)"
</@robust>
</@step>

<@step name="check the address" man="ip-address(8)"
    why="refuses an address or a subnet the host uses already."
    guards="the robust scripts only.">
<@robust>
check_free_subnet "$address"
</@robust>
</@step>

<@step name="create the bridge" man="bridge(8) ip-link(8)"
    why="a Linux bridge with the address: the host's address on the containers' network, and their gateway. Each container's host end becomes a port of it."
    guards="removes a bridge this run created when a later command fails.">
<@lesson>
ip link add name "$bridge" type bridge
ip address add "$address" dev "$bridge"
ip link set "$bridge" up
</@lesson>
<@robust>
# Atomic in the kernel: a name made a moment ago by someone else makes this fail, and then the
# rollback has nothing of ours to remove.
# make_recorded (consh_lib.sh): a signal cannot fall between making the bridge and recording it.
make_recorded created_bridge "$bridge" ip link add name "$bridge" type bridge || die "cannot create bridge $bridge"
ip address add "$address" dev "$bridge" || die "cannot give $bridge the address $address"
ip link set "$bridge" up || die "cannot bring $bridge up"
</@robust>
</@step>
<@robust>

printf 'bridge %s: host %s\n' "$bridge" "$address"

</@robust>
