<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_inner_cleanup.sh: remove what consh_inner_setup.sh made for container [=name] (run inside [=outerName]).
<@c.generatedBy/>
#
<@lesson>
# Usage: sh consh_inner_cleanup.sh   (inside [=outerName], after the inner container's shell has
#   exited: its namespaces went with its last process; its tmpfs stays until unmounted)
set -e
workdir=[=innerWorkdir]
</@lesson>
<@robust>
# Usage: consh_inner_cleanup.sh [-v] [-k]
#   Run inside container [=outerName], as its root, once container [=name] has stopped: unmounts
#   the tmpfs consh_inner_setup.sh mounted on [=innerWorkdir] (its layers and overlay directory go
#   with it) and removes the directory. -k first kills what still runs of the container (its PID 1
#   from WORKDIR/container.pid, with its children).
<@c.sourceLib/>
rollback() { :; }
workdir=[=innerWorkdir]
name=[=name]
kill_first=''
case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
while getopts 'vk' opt; do
    case $opt in
        v) verbose=1 ;;
        k) kill_first=1 ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -eq 0 ] || die "no arguments are taken (see the usage at the top of $0)"
</@robust>

<@step name="remove the work directory" man="umount(8) tmpfs(5)"
    why="the inner container's layers and overlay directory are on a tmpfs in the outer container's mount namespace: unmounting it frees them, and the directory is left empty."
    guards="with -k kills the container's PID 1 first; refuses while a process of the container still runs (the tmpfs is busy), and does nothing when nothing is mounted.">
<@lesson>
umount "$workdir"
rmdir "$workdir"
</@lesson>
<@robust>
if [ -n "$kill_first" ] && [ -r "$workdir/container.pid" ]; then
    read -r pid <"$workdir/container.pid" || pid=''
    case $pid in '' | *[!0-9]*) ;; *) kill -KILL "$pid" 2>/dev/null ;; esac
fi
if [ "$(fs_type "$workdir" 2>/dev/null)" = tmpfs ]; then
    # A PID 1 just killed takes a moment to let go of its mounts: a few short tries.
    for pause in 0.05 0.1 0.2 0.5 1 -; do
        umount "$workdir" 2>/dev/null && break
        [ "$pause" != - ] || die "cannot unmount $workdir: the container $name still runs (stop it, or give -k)"
        sleep "$pause"
    done
fi
[ ! -d "$workdir" ] || rmdir "$workdir" || die "cannot remove $workdir"
say "removed $workdir"
</@robust>
</@step>
