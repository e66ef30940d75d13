<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_bridge_cleanup.sh: remove <#if labName??>the bridge of lab [=labName] (after step 5 of its containers).<#else>the bridge that container [=name] shares with others (after step 5).</#if>
<@c.generatedBy/>
#
<@lesson>
# Usage: consh_bridge_cleanup.sh [BRIDGE]   (as root, after every container's cleanup)
set -e
bridge=${1:-[=bridge]}
<@c.lessonIp/>
</@lesson>
<@robust>
# Usage: consh_bridge_cleanup.sh [-v] [BRIDGE]
#   Run as root on the host after consh_nw_cleanup.sh (or consh_cleanup.sh) of every container
#   on the bridge. Deletes the bridge BRIDGE. A bridge that still has interfaces joined to it is
#   refused (a container still uses it), and so is an interface of that name that is not a
#   bridge. A bridge that is gone already is skipped, so it is safe to run twice.
<@c.sourceLib/>
rollback() { :; }

bridge=[=bridge]
case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
while getopts 'v' opt; do
    case $opt in
        v) verbose=1 ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -le 1 ] || { show_usage >&2; exit 2; }
[ "$#" -lt 1 ] || bridge=$1
</@robust>

<@step name="remove the bridge" man="bridge(8) ip-link(8)"
    why="deleting the bridge; the containers' veth pairs are gone before it."
    guards="refuses a bridge that still has ports or an interface that is not a bridge, and skips a bridge that is gone already.">
<@lesson>
ip link delete "$bridge" type bridge
</@lesson>
<@robust>
check_interface bridge "$bridge"
if ! ip link show "$bridge" >/dev/null 2>&1; then
    say "bridge $bridge is gone already"
    exit 0
fi
[ -d "/sys/class/net/$bridge/bridge" ] || die "$bridge is not a bridge: left alone"
# The ports of a bridge are listed in its brif directory.
ports=$(ls "/sys/class/net/$bridge/brif")
[ -z "$ports" ] || die "bridge $bridge still has $(printf '%s' "$ports" | tr '\n' ' ') joined to it: run consh_nw_cleanup.sh of those containers first"
ip link delete "$bridge" type bridge || die "cannot delete bridge $bridge"
say "bridge $bridge removed"

</@robust>
</@step>
