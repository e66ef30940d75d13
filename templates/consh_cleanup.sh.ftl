<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_cleanup.sh: remove everything container [=name] left on the host (step 5 of 5).
<@c.generatedBy/>
#
<@lesson>
# Usage: consh_cleanup.sh [-c CGROUP] [-p PARENT] [-n NETNS] [WORKDIR]
#   On the host, after the container's shell has exited, from the directory that holds WORKDIR
#   (the lab passes 'demo'); root when the container had a network. Removes the network (if its
#   netns file is there), the cgroup, and WORKDIR with the layer and the overlay directory.
#   Fixed here, compared with the lab's script: the overlay directory is really removed (the lab
#   never set its variable), the cgroup path is right ('$uslice/cgroup' was a typo), and the
#   network is cleaned up too.
set -e
cgroup=[=cgroupName] cgroup_parent=[=cgroupParent] netns=[=netns]
while getopts 'c:p:n:' opt; do
    case $opt in
        c) cgroup=$OPTARG ;;
        p) cgroup_parent=$OPTARG ;;
        n) netns=$OPTARG ;;
        *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
workdir=${1:-[=workdir]}
</@lesson>
<@robust>
# Usage: consh_cleanup.sh [-v] [-k] [-c CGROUP] [-p PARENT] [-n NETNS] [WORKDIR]
#   Run on the host after the container has exited (root if it had a network). In order:
#   - the network: veth pair and /var/run/netns/NETNS (-n '' skips it);
#   - the cgroup, found the same way consh_setup.sh made it (-c '' skips it), with any cgroups
#     made below it (root in the container may make them); a cgroup that still holds processes
#     is not removed: exit the container first, or give -k to kill what is left in it;
#   - WORKDIR, with the lower layer and the overlay directory (the lab passes 'demo', from the
#     directory that holds it). It is removed only when it is a real directory other than /,
#     no mount uses, not a system directory, and made by these scripts: it holds the layer or
#     overlay directory they marked (.consh-layer, .consh-overlay), or is one of those, or is empty.
#   Fixed here, compared with the lab's script: the overlay directory is really removed (the
#   lab never set its variable), the cgroup path is right ('$uslice/cgroup' was a typo), and
#   the network is cleaned up too.
<@c.sourceLib/>
rollback() { :; }

# Defaults from the spec; options and arguments override them.
cgroup=[=cgroupName]
cgroup_parent=[=cgroupParent]
pids_max=[=pidsMax]
memory_max=[=memoryMax]
cpu_quota=[=cpuQuota]
netns=[=netns]
workdir=[=workdir]
layer_dir=[=lowerDir]
overlay=[=overlay]

case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
kill_leftovers=''
while getopts 'vkc:p:n:' opt; do
    case $opt in
        v) verbose=1 ;;
        k) kill_leftovers=1 ;;
        c) cgroup=$OPTARG ;;
        p) cgroup_parent=$OPTARG ;;
        n) netns=$OPTARG ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -le 1 ] || { show_usage >&2; exit 2; }
[ "$#" -lt 1 ] || workdir=$1
# Who runs this, asked once: the cgroup lookup and the removal below use it.
uid=$(id -u)
newline='
'

</@robust>

<@step name="check what to remove" man="proc(5) cgroups(7)"
    why="refuses to remove anything that is not the container's, before anything is removed: a work directory without the scripts' markers, '/', a symlink, a directory with mounts inside or used by a running container, a cgroup with processes (unless -k)."
    guards="the robust scripts only.">
<@robust>
[ -z "$netns" ] || check_netns "$netns"
cgroup_dirs=''
if [ -n "$cgroup" ]; then
    check_cgroup_path cgroup "$cgroup"
    [ "$cgroup_parent" = auto ] || check_cgroup_path 'cgroup parent' "$cgroup_parent"
    layout=$(cgroup_layout) || die "no cgroup file system is mounted at /sys/fs/cgroup"
    root=$(cgroup_root "$layout")
    cgroup_dir="$(cgroup_parent_dir "$root" "$cgroup_parent")/$cgroup"
    relative=${cgroup_dir#"$root"}
    cgroup_dirs=$cgroup_dir
    if [ "$layout" != v2 ]; then
        # the same v1 limit hierarchies setup joined (on v1 the pids one is cgroup_dir itself)
        cgroup_dirs="$cgroup_dirs $(limit_dirs "$relative")"
    fi
    for dir in $cgroup_dirs; do
        [ -d "$dir" ] || continue
        procs=$(cgroup_tree_procs "$dir")
        case " $procs " in *" $$ "*) die "this shell is in $dir: run consh_cleanup.sh from outside the container's cgroup" ;; esac
        # A container that was just stopped may need a moment until its last process is gone;
        # with -k, what is left is killed (KILL: nothing in there gets to start anything new).
        # These processes are not children of this shell, so sh cannot wait for them to end, and
        # the kernel empties a cgroup on its own time: a bounded retry. The look above is the
        # first (an empty cgroup costs no wait at all); the pauses grow from 10 ms (a process
        # that is just ending is gone in a few) to 0.5 s, about 2 s in all.
        for pause in 0.01 0.02 0.05 0.1 0.2 0.2 0.2 0.2 0.5 0.5; do
            [ -n "$procs" ] || break
            if [ -n "$kill_leftovers" ]; then
                # shellcheck disable=SC2086 # one argument per PID
                kill -KILL $procs 2>/dev/null
                say "killed $procs (left in $dir)"
            fi
            sleep "$pause"
            procs=$(cgroup_tree_procs "$dir")
        done
        [ -z "$procs" ] || die "$dir still holds processes ($procs): exit the container first (or give -k to kill them)"
    done
fi
[ -n "$workdir" ] || die "the work directory must not be empty"
# A symbolic link would lead the removal out of the work directory, to whatever it points at.
[ ! -L "$workdir" ] || die "'$workdir' is a symbolic link: not following it (give the directory itself)"
target=''
if [ -e "$workdir" ]; then
    target=$(abs_dir "$workdir") || die "'$workdir' is not a directory"
    # Guards for rm -rf: never /, never a directory in use, never one that is not a container's.
    [ "$target" != / ] || die "refusing to remove /"
    # No mount table may use a path inside the target: neither the host's (rm would descend into
    # the mounted file system) nor a running container's, whose overlay layers only its own
    # mount namespace shows. mountinfo writes '\', space and tab as octal escapes.
    # (sed only for a path that has one of them: most have none)
    case $target in
        *\\* | *' '* | *'	'*) escaped=$(printf '%s' "$target" | sed -e 's/\\/\\134/g' -e 's/ /\\040/g' -e 's/	/\\011/g') ;;
        *) escaped=$target ;;
    esac
    # (through the environment: awk -v would turn the escapes back into characters)
    mounted=$(T=$escaped awk '$5 == ENVIRON["T"] || index($5, ENVIRON["T"] "/") == 1 { print $5; exit }' /proc/self/mountinfo)
    [ -z "$mounted" ] || die "$mounted is mounted inside $target: unmount it (or stop the container that uses it) first"
    user=$(grep -lF -e " $escaped/" -e " $escaped " -e "=$escaped/" -e ":$escaped/" /proc/[0-9]*/mountinfo 2>/dev/null)
    if [ -n "$user" ]; then
        # the first file grep named (the shell cuts the list: no head(1) for it)
        user=${user%%"$newline"*}
        user=${user#/proc/}
        die "process ${user%/mountinfo} still uses $target (a running container's mounts): stop it first"
    fi
    case $target in
        /bin | /boot | /dev | /etc | /home | /lib | /lib32 | /lib64 | /opt | /proc | /root | /run | /sbin | /srv | /sys | /tmp | /usr | /usr/* | /var | "${HOME:-/}")
            die "refusing to remove $target" ;;
    esac
    # Only what these scripts made: a work directory holding a layer or an overlay directory that
    # create_lowerfs.sh or consh_setup.sh marked, such a directory itself, or an empty directory.
    if [ ! -e "$target/$layer_dir/.consh-layer" ] && [ ! -e "$target/$overlay/.consh-overlay" ] \
        && [ ! -e "$target/.consh-layer" ] && [ ! -e "$target/.consh-overlay" ] && [ -n "$(ls -A "$target")" ]; then
        die "$target was not made by these scripts (no $layer_dir/.consh-layer or $overlay/.consh-overlay in it): not removing it"
    fi
fi
</@robust>
</@step>

<@step name="remove the network" man="ip-netns(8) veth(4)"
    why="the veth pair and the netns bind mount, with consh_nw_cleanup.sh (the lab left them to be removed by hand); -n '' skips it."
    guards="runs consh_nw_cleanup.sh, which skips what is gone already, whenever a netns name is given.">
<@lesson>
[ -z "$netns" ] || [ ! -e "/var/run/netns/$netns" ] || "$(dirname "$0")/consh_nw_cleanup.sh" "$netns"
</@lesson>
<@robust>
if [ -n "$netns" ]; then
    sh "$here/consh_nw_cleanup.sh" ${verbose:+-v} "$netns" || die "cannot remove the network $netns"
fi
</@robust>
</@step>

<@step name="remove the cgroup" man="cgroups(7)"
    why="found the way consh_setup.sh made it; the kernel removes a cgroup only when no process is left in it (the lab's script removed '$uslice/cgroup', a typo)."
    guards="also removes cgroups made below it, deepest first, the v1 hierarchies a limit used, and the levels above it that setup made (recorded in the overlay directory) while they are empty.">
<@lesson>
if [ -n "$cgroup" ]; then
<@c.lessonCgroupParent/>
    rmdir "$parent/$cgroup"
<#if pidsMax?has_content || memoryMax?has_content || cpuQuota?has_content>
    # and the v1 hierarchy of each limit's controller
    [ "$root" = /sys/fs/cgroup ] || rmdir<#if pidsMax?has_content> "/sys/fs/cgroup/pids${parent#"$root"}/$cgroup"</#if><#if memoryMax?has_content> "/sys/fs/cgroup/memory${parent#"$root"}/$cgroup"</#if><#if cpuQuota?has_content> "/sys/fs/cgroup/cpu${parent#"$root"}/$cgroup"</#if>
</#if>
fi
</@lesson>
<@robust>
for dir in $cgroup_dirs; do
    [ -d "$dir" ] || continue
    # Cgroups made below it first, deepest first, and the cgroup itself last: one rmdir for all
    # (it removes only empty ones). find hands the names to rmdir as arguments: a name made in
    # the container is never parsed by this shell.
    find "$dir" -depth -type d -exec rmdir -- {} + || die "cannot remove $dir (or the cgroups below it)"
    say "removed cgroup $dir"
done
# The levels above the cgroup that consh_setup.sh made (the spec's parent, a/b), recorded top
# first in the overlay directory and removed deepest first; each only while no other cgroup is in
# it (rmdir removes an empty one only), and never a level that existed before setup. Read with
# the shell's read: no process.
deepest_first=''
if [ -n "$target" ] && [ -f "$target/$overlay/.consh-cgroup-parents" ]; then
    while IFS= read -r dir; do
        case $dir in
            */.. | */../* | */. | */./*) ;;
            /sys/fs/cgroup/?*) deepest_first="$dir $deepest_first"; continue ;;
        esac
        die "$target/$overlay/.consh-cgroup-parents names '$dir': not a cgroup setup made"
    done <"$target/$overlay/.consh-cgroup-parents"
fi
for dir in $deepest_first; do
    [ -d "$dir" ] || continue
    if rmdir -- "$dir" 2>/dev/null; then
        say "removed cgroup $dir (made by consh_setup.sh above the container's)"
    else
        say "left cgroup $dir: another cgroup is in it"
    fi
done
</@robust>
</@step>

<@step name="remove the work directory" man="rm(1)"
    why="the layer and the overlay directory go with it (the lab's script never set the variable it removed, so it removed nothing)."
    guards="removes only a directory these scripts marked, never '/', a system directory or a directory in use, and opens directories a rootless container left without permissions first.">
<@lesson>
[ "$workdir" != / ]
rm -rf "$workdir"
</@lesson>
<@robust>
if [ -z "$target" ]; then
    say "$workdir does not exist: nothing to remove"
    exit 0
fi
if [ "$uid" -ne 0 ]; then
    # A rootless container's root is the user: what it made in upper/ is the user's, but may be
    # a directory without permissions (chmod 000), and OverlayFS leaves work/work at mode 000.
    # rm cannot empty such a directory unless its owner opens it first. One chmod per directory,
    # run before find descends into it (hence \; not +); symbolic links are not followed.
    find "$target" -type d ! -perm -u=rwx -exec chmod u+rwx -- {} \; || die "cannot make the directories in $target writable"
fi
rm -rf -- "$target" || die "cannot remove $target"
say "removed $target"

</@robust>
</@step>
