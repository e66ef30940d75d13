<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_nw_cleanup.sh: remove the network of container [=name] (part of step 5).
<@c.generatedBy/>
#
# Usage: consh_nw_cleanup.sh [-v] [NETNS]
#   Run as root on the host. Deletes the veth pair NETNS-0/NETNS-1 and the bind mount
#   /var/run/netns/NETNS, which the lab left to be removed by hand. What is already gone is
#   skipped, so it is safe to run twice.
set -u
<@c.functions script="consh_nw_cleanup.sh"/>
<@c.usageFunction/>
rollback() { :; }
<@c.netnsCheckFunction/>
<@c.networkCleanupFunction/>

netns=[=netns]
case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
while getopts 'v' opt; do
    case $opt in
        v) verbose=1 ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -le 1 ] || { show_usage >&2; exit 2; }
[ "$#" -lt 1 ] || netns=$1

remove_network "$netns"
say "network $netns removed"
