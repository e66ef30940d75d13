<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_cleanup.sh: remove everything container [=name] left on the host (step 5 of 5).
<@c.generatedBy/>
#
# Usage: consh_cleanup.sh [-v] [-c CGROUP] [-p PARENT] [-n NETNS] [WORKDIR]
#   Run on the host after the container has exited (root if it had a network). In order:
#   - the network: veth pair and /var/run/netns/NETNS (-n '' skips it);
#   - the cgroup, found the same way consh_setup.sh made it (-c '' skips it); a cgroup that
#     still holds processes is not removed: exit the container first;
#   - WORKDIR, with the lower layer and the overlay directory (the lab passes 'demo', from the
#     directory that holds it). It is removed only when it is a real directory other than /,
#     holds nothing mounted, and looks like a work directory (a layer or overlay of this spec
#     inside), an overlay directory (upper/ and work/) or a busybox layer (bin/busybox).
#   Fixed here, compared with the lab's script: the overlay directory is really removed (the
#   lab never set its variable), the cgroup path is right ('$uslice/cgroup' was a typo), and
#   the network is cleaned up too.
set -u
<@c.functions script="consh_cleanup.sh"/>
<@c.usageFunction/>
rollback() { :; }
<@c.pathFunctions/>
<@c.cgroupFunctions/>
<@c.netnsCheckFunction/>
<@c.networkCleanupFunction/>

# Defaults from the spec; options and arguments override them.
cgroup=[=cgroupName]
cgroup_parent=[=cgroupParent]
pids_max=[=pidsMax]
memory_max=[=memoryMax]
netns=[=netns]
workdir=[=workdir]
layer_dir=[=markerLayer]
overlay=[=overlay]

while getopts 'vc:p:n:' opt; do
    case $opt in
        v) verbose=1 ;;
        c) cgroup=$OPTARG ;;
        p) cgroup_parent=$OPTARG ;;
        n) netns=$OPTARG ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -le 1 ] || { show_usage >&2; exit 2; }
[ "$#" -lt 1 ] || workdir=$1

if [ -n "$netns" ]; then
    remove_network "$netns"
fi

if [ -n "$cgroup" ]; then
    step='remove the cgroup'
    check_cgroup_path cgroup "$cgroup"
    [ "$cgroup_parent" = auto ] || check_cgroup_path 'cgroup parent' "$cgroup_parent"
    layout=$(cgroup_layout) || die "no cgroup file system is mounted at /sys/fs/cgroup"
    root=$(cgroup_root "$layout")
    cgroup_dir="$(cgroup_parent_dir "$root" "$cgroup_parent")/$cgroup"
    relative=${cgroup_dir#"$root"}
    dirs="$cgroup_dir"
    if [ "$layout" != v2 ]; then
        dirs="$dirs /sys/fs/cgroup/pids$relative $(limit_dirs "$relative")"
    fi
    for dir in $dirs; do
        [ -d "$dir" ] || continue
        if [ -n "$(cat "$dir/cgroup.procs" 2>/dev/null)" ]; then
            die "$dir still holds processes ($(tr '\n' ' ' <"$dir/cgroup.procs")): exit the container first"
        fi
        rmdir "$dir" || die "cannot remove $dir"
        say "removed cgroup $dir"
    done
fi

step='remove the work directory'
[ -n "$workdir" ] || die "the work directory must not be empty"
if [ ! -e "$workdir" ]; then
    say "$workdir does not exist: nothing to remove"
    exit 0
fi
target=$(abs_dir "$workdir") || die "'$workdir' is not a directory"
# Guards for rm -rf: never /, never a directory with a mount inside (rm would descend into the
# mounted file system), never a directory that is not a container's work directory.
[ "$target" != / ] || die "refusing to remove /"
escaped=$(printf '%s' "$target" | sed 's/ /\\040/g')
while read -r _ _ _ _ mount_point _; do
    case $mount_point in
        "$escaped" | "$escaped"/*) die "$mount_point is mounted inside $target: stop the container first" ;;
    esac
done </proc/self/mountinfo
if [ ! -x "$target/$layer_dir/bin/busybox" ] && [ ! -d "$target/$overlay/upper" ] \
    && ! { [ -d "$target/upper" ] && [ -d "$target/work" ]; } && [ ! -x "$target/bin/busybox" ] \
    && [ -n "$(ls -A "$target")" ]; then
    die "$target does not look like a work directory (no $layer_dir/bin/busybox, no $overlay/upper): not removing it"
fi
rm -rf -- "$target" || die "cannot remove $target"
say "removed $target"
