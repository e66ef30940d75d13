<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_nw_cleanup.sh: remove the network of container [=name] (part of step 5).
<@c.generatedBy/>
#
<@lesson>
# Usage: consh_nw_cleanup.sh [NETNS]   (as root, on the host; consh_cleanup.sh runs it too)
#   The lab left the veth pair and the /var/run/netns bind mount to be removed by hand.
set -e
netns=${1:-[=netns]}
# 'ip link delete' is all this script asks of ip: busybox's ip does it too, so the bare name is
# fine even in a busybox sh built to prefer its own applets (consh_nw_setup.sh cannot do that).
</@lesson>
<@robust>
# Usage: consh_nw_cleanup.sh [-v] [NETNS]
#   Run as root on the host. Deletes the veth pair NETNS-0/NETNS-1 and the bind mount
#   /var/run/netns/NETNS, which the lab left to be removed by hand. What is already gone is
#   skipped, so it is safe to run twice. consh_cleanup.sh runs it too.
<@c.sourceLib/>
rollback() { :; }

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
check_netns "$netns"
</@robust>

<@step name="remove the veth pair" man="veth(4) ip-link(8)"
    why="deleting one end of a veth pair deletes both; the end inside the container goes too."
    guards="skips a pair that is gone already, so the script is safe to run twice, and checks the name first.">
<@lesson>
ip link delete "$netns-0"
</@lesson>
<@robust>
if ip link show "$netns-0" >/dev/null 2>&1; then
    ip link delete "$netns-0" || die "cannot delete interface $netns-0"
    say "deleted veth pair $netns-0/$netns-1"
fi
</@robust>
</@step>

<@step name="remove the netns bind mount" man="ip-netns(8)"
    why="the bind mount kept the container's network namespace alive after the container exited; without it the kernel frees the namespace."
    guards="skips what is gone already; a file whose namespace is gone (not mounted any more) is removed too.">
<@lesson>
umount "/var/run/netns/$netns"
rm "/var/run/netns/$netns"
</@lesson>
<@robust>
if [ -e "/var/run/netns/$netns" ]; then
    # Not mounted any more (the namespace gone with a reboot) is fine: then only the file is
    # left, and rm fails loudly if the mount is still there.
    umount "/var/run/netns/$netns" 2>/dev/null || true
    rm -f -- "/var/run/netns/$netns" || die "cannot remove /var/run/netns/$netns"
    say "removed /var/run/netns/$netns"
fi
</@robust>
</@step>
