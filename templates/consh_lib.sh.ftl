<#import "lib/common.ftl" as c>
#!/bin/sh
# consh_lib.sh: the functions the robust scripts of container [=name] share, written once.
<@c.generatedBy/>
#
# Not run by hand: each script sources it from its own directory ('. DIR/consh_lib.sh') before
# its first step. A script defines its own rollback (what to undo when a step fails); die calls it.
# shellcheck disable=SC2154 # uid and the limits are the sourcing script's variables

# The sourcing script's name for messages ($0 is that script), its step so far, and -v off.
me=${0##*/}
step='start'
verbose=''

# die MESSAGE: report the failing step and stop. Nothing after a failed step runs.
die() {
    # A second signal must not cut the rollback short (Ctrl-C reaches the script, then apply's
    # TERM does), nor a closed output (the terminal or the caller gone): from here on, the
    # script finishes what it does.
    trap '' INT TERM HUP PIPE
    printf '%s: step "%s" failed: %s\n' "$me" "$step" "$*" >&2
    rollback
    exit 1
}

# A signal (Ctrl-C, kill, a closed terminal) ends the script like a failed step, so what it made
# is rolled back: sh runs no EXIT trap for INT, TERM or HUP unless they are trapped themselves.
trap 'die "interrupted by a signal"' INT TERM HUP

# hold_signals ... release_signals: between the two, a signal is only noted; release_signals
# acts on it (die). For a step and its record that no signal may come between: what a run made
# must be known to its rollback, or the rollback leaves it behind.
hold_signals() {
    signalled=''
    trap 'signalled=1' INT TERM HUP
}
release_signals() {
    trap 'die "interrupted by a signal"' INT TERM HUP
    [ -z "$signalled" ] || die "interrupted by a signal"
}

# make_recorded VAR WORD CMD...: run CMD, which makes something the rollback must know of (a
# cgroup, a veth pair, a netns file), and put WORD in front of the words in VAR when it did.
# apply's TERM reaches this script's children too: one that ended CMD after the kernel made the
# thing would leave it unknown to the rollback. So CMD runs with the signals ignored (it is
# short; an ignored signal stays ignored across exec), and with this shell's held. Returns
# CMD's status.
make_recorded() {
    made_var=$1
    # shellcheck disable=SC2034 # read by the eval below
    made_word=$2
    shift 2
    hold_signals
    # by its path, never as a busybox applet (see path_of)
    case $1 in
        */*) ;;
        *) if path_of "$1"; then shift; set -- "$found" "$@"; fi ;;
    esac
    (trap '' INT TERM HUP && exec "$@")
    made_status=$?
    # Only the variable's name is code here: the word is read from $made_word.
    [ "$made_status" -ne 0 ] || eval "$made_var=\"\$made_word \${$made_var}\""
    release_signals
    return "$made_status"
}

# say MESSAGE: progress, shown with -v.
say() {
    [ -z "$verbose" ] || printf '%s: %s\n' "$me" "$*"
}

# show_usage: print the comment block at the top of the script that sourced this file.
show_usage() {
    sed -n '2,/^set -u$/p' "$0" | sed -e '$d' -e '/^# shellcheck /d' -e 's/^# \{0,1\}//'
}
# abs_dir DIR: DIR as an absolute path without symlinks; fails when DIR is not a directory.
abs_dir() {
    # 'cd -- -' would go to $OLDPWD: a directory named '-' is reached as './-'.
    case $1 in -) set -- ./- ;; esac
    (CDPATH='' cd -- "$1" 2>/dev/null && pwd -P)
}

# parent_of PATH: sets $parent to what dirname(1) prints for PATH, without starting a process:
# PATH without trailing slashes and without its last component ('.' when none is left).
parent_of() {
    parent=$1
    while [ "$parent" != / ] && [ "${parent%/}" != "$parent" ]; do parent=${parent%/}; done
    case $parent in
        /) ;;
        */*)
            parent=${parent%/*}
            while [ -n "$parent" ] && [ "${parent%/}" != "$parent" ]; do parent=${parent%/}; done
            parent=${parent:-/}
            ;;
        *) parent=. ;;
    esac
}

# path_of NAME: sets $found to the first executable file NAME on PATH, as a path, without starting
# a process; fails when there is none. Not 'command -v NAME': a busybox sh built to prefer its own
# applets (Debian's busybox-static as /bin/sh, or 'busybox sh') answers the bare name for every
# applet and runs the applet for it, and busybox's busybox, unshare and ip are not what these
# scripts need (a path to copy; --cgroup and --kill-child; netns and veth). A path runs the
# program on PATH, the one jconshgen's preflight checked, in every shell.
path_of() {
    found=''
    path_rest=$PATH:
    while [ -n "$path_rest" ]; do
        path_dir=${path_rest%%:*}
        path_rest=${path_rest#*:}
        if [ -f "${path_dir:-.}/$1" ] && [ -x "${path_dir:-.}/$1" ]; then
            found=${path_dir:-.}/$1
            return 0
        fi
    done
    return 1
}

# ip ARGS...: iproute2's ip from PATH, run by its path (see path_of), looked up on first use.
# Without one on PATH the bare name runs, and the shell says what is missing.
ip_path=''
ip() {
    if [ -z "$ip_path" ]; then
        if path_of ip; then ip_path=$found; else ip_path=ip; fi
    fi
    command "$ip_path" "$@"
}

# fs_type PATH: the file system type of PATH as coreutils' stat names it: overlayfs, tmpfs,
# cgroup2fs, cgroupfs, ... The types these scripts decide on are read as the kernel's magic
# numbers, since busybox's stat (Alpine, minimal systems) calls cgroup2 'UNKNOWN'. One stat
# prints both, the magic number and the name: "794c7630 overlayfs".
fs_type() {
    fs_info=$(stat -f -c '%t %T' "$1" 2>/dev/null) || return 1
    case ${fs_info%% *} in
        794c7630) echo overlayfs ;;
        1021994) echo tmpfs ;;
        63677270) echo cgroup2fs ;;
        27e0eb) echo cgroupfs ;;
        *) echo "${fs_info#* }" ;;
    esac
}
# cgroup_layout: how this host mounts cgroups, found at run time (the same script must work on
# every machine):
#   v2      cgroup2 is mounted at /sys/fs/cgroup (Ubuntu 22.04+, Fedora, most CI runners)
#   hybrid  /sys/fs/cgroup is a tmpfs of v1 hierarchies, cgroup2 is at /sys/fs/cgroup/unified
#   v1      /sys/fs/cgroup is a tmpfs of v1 hierarchies only
# On hybrid and v1 hosts, mkdir /sys/fs/cgroup/NAME makes a plain directory on the tmpfs, not a
# cgroup: the original lab script "succeeds" there and the shell stays in no new cgroup at all.
cgroup_layout() {
    case $(fs_type /sys/fs/cgroup) in
        cgroup2fs) echo v2 ;;
        tmpfs)
            if [ "$(fs_type /sys/fs/cgroup/unified)" = cgroup2fs ]; then
                echo hybrid
            elif [ "$(fs_type /sys/fs/cgroup/pids)" = cgroupfs ]; then
                echo v1
            else
                return 1
            fi
            ;;
        *) return 1 ;;
    esac
}

# cgroup_root LAYOUT: the hierarchy in which membership is shown by /proc/PID/cgroup.
cgroup_root() {
    case $1 in
        v2) echo /sys/fs/cgroup ;;
        hybrid) echo /sys/fs/cgroup/unified ;;
        v1) echo /sys/fs/cgroup/pids ;;
    esac
}

# cgroup_parent_dir ROOT PARENT: where the container's cgroup is created. 'auto' is the caller's
# delegated subtree (an unprivileged user may write there) or, for root, ROOT itself.
cgroup_parent_dir() {
    if [ "$2" != auto ]; then
        printf '%s/%s\n' "$1" "$2"
        return
    fi
    # $uid is set once at the top of the script (id -u is a process of its own).
    # A user may only create cgroups in a subtree delegated to it: systemd's user service, or
    # the one root prepared with 'jconshgen delegate --user' where systemd does not run. Only a
    # directory the user owns is a delegation.
    for delegated in "$1/user.slice/user-$uid.slice/user@$uid.service" "$1/jconshgen.users/$uid"; do
        if [ "$uid" -ne 0 ] && [ -d "$delegated" ] && [ -O "$delegated" ]; then
            printf '%s\n' "$delegated"
            return
        fi
    done
    printf '%s\n' "$1"
}

# check_cgroup_path WHAT VALUE: cgroup names come from options too; keep them plain.
check_cgroup_path() {
    case $2 in
        '' | /* | */ | *//* | .* | */.* | *[!A-Za-z0-9_./-]*)
            die "$1 '$2' is not a cgroup path (letters, digits, '_', '.', '-' and inner '/')" ;;
    esac
}

# cgroup_tree_procs DIR: the PIDs in cgroup DIR and in every cgroup below it, on one line.
# The shell joins the lines itself (field splitting on the newlines, "$*" joins with a space).
cgroup_tree_procs() {
    # shellcheck disable=SC2046 # PIDs are digits: split on purpose, nothing to glob
    set -- $(find "$1" -name cgroup.procs -exec cat -- {} + 2>/dev/null)
    echo "$*"
}

# limit_dirs REL: the v1 hierarchies that carry the spec's limits on hybrid and v1 hosts.
limit_dirs() {
    [ -z "$pids_max" ] || printf '%s\n' "/sys/fs/cgroup/pids$1"
    [ -z "$memory_max" ] || printf '%s\n' "/sys/fs/cgroup/memory$1"
    # /sys/fs/cgroup/cpu is the cpu hierarchy, or a symlink to a joint cpu,cpuacct one.
    [ -z "$cpu_quota" ] || printf '%s\n' "/sys/fs/cgroup/cpu$1"
}
# check_netns NAME: the name becomes a file under /var/run/netns and the prefix of two interface
# names ("NAME-0", "NAME-1"); Linux allows 15 characters in an interface name.
check_netns() {
    case $1 in
        '' | -* | . | .. | *[!A-Za-z0-9_.-]*)
            die "netns name '$1' is not usable (letters, digits, '_', '.', '-')" ;;
    esac
    [ "${#1}" -le 13 ] || die "netns name '$1' is longer than 13 characters: the veth name '$1-0' would not fit in 15"
}

# check_free_subnet ADDRESS/PREFIX: the host gets this address. An address the host has already,
# or a subnet its routes already cover, would shadow them: the host's own traffic would go into
# the container (or the container's nowhere).
check_free_subnet() {
    not_an_address="'$1' is not an IPv4 address/prefix like 10.0.0.1/24"
    in_use=$(ip -o -4 address show to "${1%/*}") || die "$not_an_address"
    inside=$(ip -4 route show root "$1") || die "$not_an_address"
    around=$(ip -4 route show match "$1") || die "$not_an_address"
    if [ -n "$in_use" ]; then
        in_use=${in_use#*: }
        die "the host address ${1%/*} is in use on this host already (on ${in_use%% *}): choose another subnet"
    fi
    routes=$(printf '%s\n%s\n' "$inside" "$around" | grep -v -e '^default' -e '^$')
    [ -z "$routes" ] || die "the subnet of $1 is in use on this host already (route: $(printf '%s\n' "$routes" | head -n 1)): choose another subnet"
}

# check_interface WHAT NAME: a host interface name (the kernel allows 15 characters).
check_interface() {
    case $2 in
        '' | -* | . | .. | *[!A-Za-z0-9_.-]*)
            die "$1 '$2' is not an interface name (letters, digits, '_', '.', '-')" ;;
    esac
    [ "${#2}" -le 15 ] || die "$1 '$2' is longer than 15 characters, the kernel's limit for interface names"
}
