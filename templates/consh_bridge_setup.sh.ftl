<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_bridge_setup.sh: create <#if labName??>the bridge of lab [=labName] (before step 4 of its containers).<#else>the bridge that container [=name] shares with others (before step 4).</#if>
<@c.generatedBy/>
#
# Usage: consh_bridge_setup.sh [-v] [BRIDGE [ADDRESS]]
#   Run as root on the host, once for all the containers of the bridge, before their
#   consh_nw_setup.sh. Creates the Linux bridge BRIDGE, gives it ADDRESS/PREFIX (the host's
#   address on the containers' network, and their gateway) and brings it up. A bridge of that
#   name that exists already is refused (it may be another lab's), and so is a subnet the host
#   uses already. On failure it removes what it created. consh_bridge_cleanup.sh undoes it.
set -u
<@c.functions script="consh_bridge_setup.sh"/>
<@c.usageFunction/>
<@c.interfaceCheckFunction/>
<@c.freeSubnetFunction/>

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

step='check the arguments'
[ "$(id -u)" -eq 0 ] || die "run it as root (sudo): it creates an interface"
check_interface bridge "$bridge"
case $address in
    */*) ;;
    *) die "'$address' is not an address/prefix like 10.0.0.1/24" ;;
esac
! ip link show "$bridge" >/dev/null 2>&1 || die "interface $bridge exists already (another lab's? consh_bridge_cleanup.sh $bridge removes a bridge nothing is joined to)"

step='check the address'
check_free_subnet "$address"

step='create the bridge'
# Atomic in the kernel: a name made a moment ago by someone else makes this fail, and then the
# rollback has nothing of ours to remove.
ip link add name "$bridge" type bridge || die "cannot create bridge $bridge"
created_bridge=1
ip address add "$address" dev "$bridge" || die "cannot give $bridge the address $address"
ip link set "$bridge" up || die "cannot bring $bridge up"

printf 'bridge %s: host %s\n' "$bridge" "$address"
