<#import "lib/common.ftl" as c>
<#-- The unshare(1) options: one per namespace of the spec. -->
<#macro unshareOptions><#if ns.user>--user --map-root-user </#if><#if ns.pid>--pid </#if><#if ns.mount>--mount </#if><#if ns.net>--net </#if><#if ns.ipc>--ipc </#if><#if ns.uts>--uts </#if><#if ns.cgroup>--cgroup </#if>--fork</#macro>
#!/bin/sh
# consh_setup.sh: start container [=name] in new namespaces (step 2 of 5).
<@c.generatedBy/>
#
<@lesson>
# Usage: consh_setup.sh [-v] [-h HOSTNAME] [-c CGROUP] [-p PARENT] [LOWER [OVERLAY]]
#   As yourself (or root), in the work directory, after create_lowerfs.sh: a busybox shell in new
#   namespaces, whose first act is to read consh_post_setup.sh (through ENV). -v shows each command;
#   -h, -c (the cgroup to create and join, '' for none) and -p (its parent, relative to the root of
#   the cgroup hierarchy; 'auto': your systemd user service, or the root for root) default below.
set -e
hostname=[=hostname] cgroup=[=cgroupName] cgroup_parent=[=cgroupParent]
while getopts 'vh:c:p:' opt; do
    case $opt in
        v) set -x; verbose=1 ;;
        h) hostname=$OPTARG ;;
        c) cgroup=$OPTARG ;;
        p) cgroup_parent=$OPTARG ;;
        *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
lower=${1:-[=lowerDirs]} overlay=${2:-[=overlay]}
</@lesson>
<@robust>
# Usage: consh_setup.sh [-v] [-d] [-h HOSTNAME] [-c CGROUP] [-p PARENT] [-P PIDFILE] [-L LOGFILE]
#                       [LOWER [OVERLAY]]
#   Run from the work directory, after create_lowerfs.sh. It checks the preconditions, puts
#   itself into a new cgroup (so everything it starts is counted there), then starts a busybox
#   shell in new namespaces. That shell reads consh_post_setup.sh (through ENV) to build its
#   OverlayFS root, pivot into it, mount /proc and /sys, and set its host name.
#   -v          say what happens
#   -d          detached: no shell in this terminal; the container's PID 1 waits in the
#               background, its host PID is printed and written to PIDFILE
#   -h HOSTNAME host name inside the container (default below)
#   -c CGROUP   cgroup to create and join, relative to PARENT; -c '' starts without a cgroup
#   -p PARENT   'auto' (your delegated cgroup: systemd's user@UID.service or jconshgen.users/UID;
#               the hierarchy root for root) or a path
#               relative to the root of the cgroup hierarchy
#   -P PIDFILE  with -d: where to write the container's PID (default OVERLAY/container.pid)
#   -L LOGFILE  with -d: the container's output (default OVERLAY/container.log)
#   LOWER       lower layer(s), top first, separated by ':' (default below)
#   OVERLAY     directory for upper/, work/ and merged/ (default below)
#   CONSH_START_TIMEOUT (seconds, default 10): how long -d waits for the container.
<#if command?has_content>
#   With -d, the container's PID 1 starts the spec's command (see 'set --' below) as its child
#   after the post-setup; without -d the command is not run: you get the shell.
</#if>
<@c.sourceLib/>


# rollback: on a failure, remove the cgroups this run created. A cgroup that holds a process
# cannot be removed, so this shell first moves back to the root of each hierarchy, or, when it
# may not (an unprivileged user), to the parent of the cgroup, inside its delegated subtree.
created_cgroups=''
# the directories above the cgroup (its parent's levels) that this run made, deepest first
created_parents=''
relative=''
launcher=''
ready_pipe=''
# set by parent_of and path_of (consh_lib.sh)
parent=''
found=''
watchdog=''
rollback() {
    [ -z "$watchdog" ] || kill "$watchdog" 2>/dev/null
    [ -z "$ready_pipe" ] || rm -f -- "$ready_pipe"
    if [ -n "$launcher" ]; then
        # unshare blocks TERM while it waits for its child, so KILL it; --kill-child then
        # takes the container's PID 1 with it. unshare is this shell's child: 'wait' returns the
        # moment it is gone, no clock involved.
        kill -KILL "$launcher" 2>/dev/null
        wait "$launcher" 2>/dev/null
    fi
    for dir in $created_cgroups; do
        echo "$$" 2>/dev/null >"${dir%"$relative"}/cgroup.procs" || echo "$$" 2>/dev/null >"${dir%/*}/cgroup.procs"
        # The last processes of a killed container may take a moment to leave the cgroup (the
        # kernel empties it after they are reaped, and sh has no way to wait for that event), so
        # a bounded retry: the first attempt is immediate, the pauses grow from 10 ms to 0.5 s,
        # about 3 s in all.
        for pause in 0.01 0.02 0.05 0.1 0.2 0.2 0.2 0.2 0.5 0.5 0.5 0.5 -; do
            rmdir "$dir" 2>/dev/null || [ ! -d "$dir" ] && break
            if [ "$pause" = - ]; then
                printf '%s: could not remove cgroup %s\n' "${0##*/}" "$dir" >&2
                break
            fi
            sleep "$pause"
        done
    done
    # then the levels above them that this run made, while no other cgroup is in them
    for dir in $created_parents; do
        rmdir "$dir" 2>/dev/null
    done
}

# The spec's cpu share is CFS bandwidth: cpu_quota microseconds of CPU time per cpu_period.


# Defaults from the spec; options and arguments override them.
hostname=[=hostname]
cgroup=[=cgroupName]
cgroup_parent=[=cgroupParent]
pids_max=[=pidsMax]
memory_max=[=memoryMax]
cpu_quota=[=cpuQuota]
cpu_period=[=cpuPeriod]
lower=[=lowerDirs]
overlay=[=overlay]
<#if command?has_content>
# The spec's command is given to the detached container with 'set --' below, where it starts.
</#if>
detached=''
pid_file=''
log_file=''

# -h is the host name here (the lab's option), so only --help asks for help.
case ${1:-} in --help) show_usage; exit 0 ;; esac
while getopts 'vdh:c:p:P:L:' opt; do
    case $opt in
        v) verbose=1 ;;
        d) detached=1 ;;
        h) hostname=$OPTARG ;;
        c) cgroup=$OPTARG ;;
        p) cgroup_parent=$OPTARG ;;
        P) pid_file=$OPTARG ;;
        L) log_file=$OPTARG ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -le 2 ] || die "too many arguments (see the usage at the top of $0)"
[ "$#" -lt 1 ] || lower=$1
[ "$#" -lt 2 ] || overlay=$2

</@robust>

<@step name="check the preconditions" man="user_namespaces(7) overlayfs(5)"
    why="fail before anything is made: the lower layer must exist, and Ubuntu 23.10+ forbids unprivileged user namespaces through AppArmor until a sysctl lifts it."
    guards="checks every option like the spec's values, finds busybox and unshare, refuses layers and an overlay directory on OverlayFS or with ',' or ':' in their path, and marks the overlay directory for consh_cleanup.sh.">
<@lesson>
[ -d "${lower%%:*}" ] || { echo "no lower layer ${lower%%:*}: run create_lowerfs.sh first" >&2; exit 1; }
<#if ns.user>
[ "$(id -u)" = 0 ] || [ "$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns 2>/dev/null)" != 1 ] \
    || { echo "lift the AppArmor restriction: sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0" >&2; exit 1; }
</#if>
</@lesson>
<@robust>
# Values from options are checked like the spec's: they end up as arguments of commands.
case $hostname in -* | *[!A-Za-z0-9.-]*) die "host name '$hostname' is not an RFC 1123 host name" ;; esac
case ${CONSH_START_TIMEOUT:-10} in '' | *[!0-9]*) die "CONSH_START_TIMEOUT must be a whole number of seconds" ;; esac
# Who runs this, asked once: every check below uses it.
uid=$(id -u)
<#if ns.user>
# Ubuntu 23.10+ forbids unprivileged user namespaces through AppArmor; unshare would fail with
# "write failed /proc/self/uid_map". Say so, and how to lift it, before anything is created.
restrict=/proc/sys/kernel/apparmor_restrict_unprivileged_userns
if [ "$uid" -ne 0 ] && [ -r "$restrict" ] && read -r restricted <"$restrict" && [ "$restricted" != 0 ]; then
    die "AppArmor forbids unprivileged user namespaces here; lift it with: sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0"
fi
</#if>
<#if !ns.uts>
[ -z "$hostname" ] || die "-h needs a UTS namespace, which this container does not have"
</#if>
path_of busybox || die "busybox is not installed (Debian/Ubuntu: apt-get install busybox-static)"
busybox=$found
# unshare is found on the caller's PATH like busybox (not on the clean PATH env -i sets below),
# so that jconshgen's preflight and this script agree on which one runs; by its path, never as
# a busybox applet (see path_of).
path_of unshare || die "unshare is not installed (Debian/Ubuntu: apt-get install util-linux)"
unshare=$found
# The post-setup script sits beside this one.
parent_of "$0"
post_setup="$(abs_dir "$parent")/consh_post_setup.sh"
[ -r "$post_setup" ] || die "$post_setup is missing: keep the generated scripts together"
[ -n "$lower" ] || die "no lower layer given"
[ -n "$overlay" ] || die "no overlay directory given"

# Every lower layer must exist and must not itself be on OverlayFS (an overlay cannot use an
# overlay as its layers; that is the container-in-a-container case, which needs a tmpfs first).
abs_lower=''
rest=$lower
while [ -n "$rest" ]; do
    dir=${rest%%:*}
    case $rest in *:*) rest=${rest#*:} ;; *) rest='' ;; esac
    abs=$(abs_dir "$dir") || die "lower layer '$dir' does not exist (run create_lowerfs.sh first)"
    [ "$(fs_type "$abs")" != overlayfs ] || die "lower layer '$dir' is on OverlayFS"
    case $abs in *,* | *:*) die "lower layer '$abs' contains ',' or ':', which an overlay mount option cannot carry" ;; esac
    abs_lower=${abs_lower:+$abs_lower:}$abs
done
# The overlay directory may be nested ('run/ovly'): the nearest directory above it that exists
# tells the file system it will be on.
parent_of "$overlay"
while [ ! -d "$parent" ]; do
    parent_of "$parent"
done
overlay_parent=$(abs_dir "$parent") || die "cannot resolve the directory above the overlay directory '$overlay'"
[ "$(fs_type "$overlay_parent")" != overlayfs ] || die "the overlay directory '$overlay' would be on OverlayFS"
mkdir -p -- "$overlay" || die "cannot create the overlay directory '$overlay'"
abs_overlay=$(abs_dir "$overlay") || die "cannot resolve the overlay directory '$overlay'"
# consh_cleanup.sh removes only directories these scripts marked as theirs.
echo "made by consh_setup.sh for container "[=name] >"$abs_overlay/.consh-overlay" || die "cannot write $abs_overlay/.consh-overlay"
case $abs_overlay in *,* | *:*) die "the overlay directory '$abs_overlay' contains ',' or ':'" ;; esac
say "lower layer(s): $abs_lower; overlay directory: $abs_overlay"
</@robust>
</@step>

<@step name="create and join the cgroup" man="cgroups(7)"
    why="the container's processes are counted and limited there: this shell joins it, and everything it starts from here on is in it. On a hybrid host (v1 controllers on a tmpfs) the cgroup2 hierarchy is /sys/fs/cgroup/unified, on a v1 host a v1 one: mkdir in the tmpfs would make a plain directory, no cgroup at all."
    guards="refuses a cgroup that exists, proves membership with /proc/self/cgroup, fails loudly when a limit's controller is missing, and removes the cgroups it made when a later step or a signal stops it (make_recorded: no signal falls between mkdir and the record).">
<@lesson>
if [ -n "$cgroup" ]; then
<@c.lessonCgroupParent/>
    mkdir -p "$parent/$cgroup"
    echo $$ >"$parent/$cgroup/cgroup.procs"
<#if pidsMax?has_content || memoryMax?has_content || cpuQuota?has_content>
    # Limits: on cgroup v2 in the cgroup (its parent enables the controllers first), else in the
    # v1 hierarchy of each controller, which this shell joins too.
    if [ "$root" = /sys/fs/cgroup ]; then
<#if cgroupParentLevels?has_content>
        # every level of the parent that mkdir -p made passes the controllers on, from the top
<#list cgroupParentLevels as level>
        level=[=level]
        echo [=enableControllers] >"$root/$level/cgroup.subtree_control"
</#list>
</#if>
        echo [=enableControllers] >"$parent/cgroup.subtree_control"
<#if pidsMax?has_content>
        echo [=pidsMax] >"$parent/$cgroup/pids.max"
</#if>
<#if memoryMax?has_content>
        echo [=memoryMax] >"$parent/$cgroup/memory.max"
</#if>
<#if cpuQuota?has_content>
        echo [=cpuQuota] [=cpuPeriod] >"$parent/$cgroup/cpu.max"
</#if>
    else
        # The v1 hierarchy of each limit's controller: a cgroup of the same name, joined too.
<#if pidsMax?has_content>
        mkdir -p "/sys/fs/cgroup/pids${parent#"$root"}/$cgroup"
        echo $$ >"/sys/fs/cgroup/pids${parent#"$root"}/$cgroup/cgroup.procs"
        echo [=pidsMax] >"/sys/fs/cgroup/pids${parent#"$root"}/$cgroup/pids.max"
</#if>
<#if memoryMax?has_content>
        mkdir -p "/sys/fs/cgroup/memory${parent#"$root"}/$cgroup"
        echo $$ >"/sys/fs/cgroup/memory${parent#"$root"}/$cgroup/cgroup.procs"
        echo [=memoryMax] >"/sys/fs/cgroup/memory${parent#"$root"}/$cgroup/memory.limit_in_bytes"
</#if>
<#if cpuQuota?has_content>
        mkdir -p "/sys/fs/cgroup/cpu${parent#"$root"}/$cgroup"
        echo $$ >"/sys/fs/cgroup/cpu${parent#"$root"}/$cgroup/cgroup.procs"
        echo [=cpuPeriod] >"/sys/fs/cgroup/cpu${parent#"$root"}/$cgroup/cpu.cfs_period_us"
        echo [=cpuQuota] >"/sys/fs/cgroup/cpu${parent#"$root"}/$cgroup/cpu.cfs_quota_us"
</#if>
    fi
</#if>
fi
</@lesson>
<@robust>
if [ -n "$cgroup" ]; then
    check_cgroup_path cgroup "$cgroup"
    [ "$cgroup_parent" = auto ] || check_cgroup_path 'cgroup parent' "$cgroup_parent"
    layout=$(cgroup_layout) || die "no cgroup file system is mounted at /sys/fs/cgroup"
    root=$(cgroup_root "$layout")
    cgroup_dir="$(cgroup_parent_dir "$root" "$cgroup_parent")/$cgroup"
    relative=${cgroup_dir#"$root"}
    say "cgroup layout: $layout; cgroup: $cgroup_dir"

    # join_cgroup DIR CONTROLLER: create DIR, move this shell into it, and prove it. DIR must not
    # exist yet: a cgroup that exists belongs to someone else (or is a leftover), and joining it
    # would mix the container with its processes and overwrite its limits. The proof is the
    # kernel's own view in /proc/self/cgroup, never the existence of a directory.
    join_cgroup() {
        make_parents "${1%"$relative"}"
        make_recorded created_cgroups "$1" mkdir "$1" \
            || die "cannot create $1 (if it exists: another container, or a leftover that consh_cleanup.sh removes)"
        case $(fs_type "$1") in
            cgroup2fs | cgroupfs) ;;
            *) die "$1 is not on a cgroup file system: a plain directory there would be a fake cgroup" ;;
        esac
        echo "$$" >"$1/cgroup.procs" || die "cannot move this shell into $1"
        in_cgroup=''
        while IFS= read -r line; do
            # v1 hierarchies may join controllers, e.g. "4:cpu,cpuacct:/x" for the cpu one.
            case $line in *":$2:$relative" | *[:,]"$2,"*":$relative" | *",$2:$relative") in_cgroup=1 ;; esac
        done <"/proc/$$/cgroup"
        [ -n "$in_cgroup" ] || die "the kernel does not show this shell in $1"
    }

    # make_parents HIERARCHY: the levels between HIERARCHY's root and the cgroup (the parent,
    # a/b for '-p a/b') that do not exist yet, made one by one from the top. Each one this run
    # made is recorded: for the rollback, and in .consh-cgroup-parents in the overlay directory
    # for consh_cleanup.sh, which removes it with the container once no other cgroup is in it.
    # A level that existed before is never recorded, so never removed.
    make_parents() {
        level=$1
        rest=${relative#/}
        while :; do
            case $rest in */*) ;; *) break ;; esac
            level=$level/${rest%%/*}
            rest=${rest#*/}
            [ ! -d "$level" ] || continue
            if make_recorded created_parents "$level" mkdir "$level"; then
                printf '%s\n' "$level" >>"$abs_overlay/.consh-cgroup-parents" \
                    || die "cannot record the cgroup $level in $abs_overlay/.consh-cgroup-parents"
            else
                # made a moment ago by someone else: theirs, and enough for this run
                [ -d "$level" ] || die "cannot create the cgroup $level (above $1$relative)"
            fi
        done
    }

    # enable_controller NAME: cgroup v2 offers a controller to a cgroup only when every level
    # above it enables it for its children (cgroup.subtree_control). From the root down, each
    # level whose child is not offered NAME yet enables it, so a parent that setup made (a/b)
    # passes it on too.
    enable_controller() {
        level=$root
        rest=${relative#/}
        while :; do
            child=$level/${rest%%/*}
            offered=''
            read -r offered <"$child/cgroup.controllers" || [ -n "$offered" ] || offered=''
            case " $offered " in
                *" $1 "*) ;;
                *) echo "+$1" >"$level/cgroup.subtree_control" || die "cannot enable the $1 controller for $child (in $level)" ;;
            esac
            case $rest in */*) ;; *) break ;; esac
            level=$child
            rest=${rest#*/}
        done
    }

    # set_limit DIR FILE VALUE: write one limit, failing loudly when the controller is missing.
    set_limit() {
        [ -e "$1/$2" ] || die "$1 has no $2: the controller is not available there"
        echo "$3" >"$1/$2" || die "cannot write $3 to $1/$2"
        say "limit $2 = $3"
    }

    if [ "$layout" = v2 ]; then
        join_cgroup "$cgroup_dir" ''
        # In cgroup v2 a controller must be enabled on every level above the cgroup first.
        for controller in ${pids_max:+pids} ${memory_max:+memory} ${cpu_quota:+cpu}; do
            enable_controller "$controller"
        done
        [ -z "$pids_max" ] || set_limit "$cgroup_dir" pids.max "$pids_max"
        [ -z "$memory_max" ] || set_limit "$cgroup_dir" memory.max "$memory_max"
        [ -z "$cpu_quota" ] || set_limit "$cgroup_dir" cpu.max "$cpu_quota $cpu_period"
    else
        # hybrid: membership in the unified (v2) hierarchy; v1: in the pids hierarchy. The limits
        # live in the v1 controllers' own hierarchies, which the shell joins too.
        if [ "$layout" = v1 ]; then join_cgroup "$cgroup_dir" pids; else join_cgroup "$cgroup_dir" ''; fi
        for dir in $(limit_dirs "$relative"); do
            controller=${dir#/sys/fs/cgroup/}
            [ "$dir" = "$cgroup_dir" ] || join_cgroup "$dir" "${controller%%/*}"
        done
        [ -z "$pids_max" ] || set_limit "/sys/fs/cgroup/pids$relative" pids.max "$pids_max"
        [ -z "$memory_max" ] || set_limit "/sys/fs/cgroup/memory$relative" memory.limit_in_bytes "$memory_max"
        # Period first: the kernel checks the quota against the period already in place.
        if [ -n "$cpu_quota" ]; then
            set_limit "/sys/fs/cgroup/cpu$relative" cpu.cfs_period_us "$cpu_period"
            set_limit "/sys/fs/cgroup/cpu$relative" cpu.cfs_quota_us "$cpu_quota"
        fi
    fi
fi
</@robust>
</@step>

<@step name="start the container shell" man="unshare(1) namespaces(7) pid_namespaces(7) user_namespaces(7)"
    why="exec replaces this script with unshare, which makes one new namespace per option and forks (--fork) the busybox shell as PID 1 of the new PID namespace, your user mapped to root. env -i starts it with a clean environment; the shell reads the file ENV names (consh_post_setup.sh) before its first prompt, and -i makes it interactive even with piped input, which ENV needs. ENV holds a reference to the path, not the path: the shell expands ENV once, so no character of the path is expanded."
    guards="finds the post-setup script beside this one whatever the current directory, and passes absolute layer paths.">
<@lesson>
# unshare is util-linux's, the first on PATH, run by its path: a busybox sh built to prefer its
# own applets (Debian's busybox-static as sh) would run busybox's unshare, which lacks --cgroup.
# shellcheck disable=SC2016
exec env -i HOME=/root PATH=/bin:/sbin:/usr/bin:/usr/sbin TERM="$TERM" CONSH_VERBOSE="$verbose" \
    CONSH_HOSTNAME="$hostname" CONSH_LOWER="$lower" CONSH_OVERLAY="$overlay" \
    CONSH_POST_SETUP="$(dirname "$0")/consh_post_setup.sh" ENV='$CONSH_POST_SETUP' \
    "$(IFS=:; for dir in $PATH; do [ -x "$dir/unshare" ] && { echo "$dir/unshare"; break; }; done)" \
    <@unshareOptions/> busybox sh -i
</@lesson>
<@robust>
# The container starts with a clean environment: only what the post-setup script needs.
# env -i also keeps the caller's variables (and secrets) out of the container.
if [ -z "$detached" ]; then
    say "starting busybox sh in new namespaces; consh_post_setup.sh runs inside it"
    # exec: this shell is replaced, so no extra process stays in the cgroup (unshare does:
    # it waits for the shell, which is PID 1 of the new PID namespace).
    # sh -i: ENV is only read by an interactive shell; -i keeps piped input working too.
    # The shell expands ENV before reading the file, so ENV holds only a reference to the path:
    # the result of an expansion is not expanded again, whatever characters the path has.
    # shellcheck disable=SC2016
    exec env -i HOME=/root PATH=/bin:/sbin:/usr/bin:/usr/sbin TERM="${TERM:-dumb}" \
        CONSH_HOSTNAME="$hostname" CONSH_LOWER="$abs_lower" CONSH_OVERLAY="$abs_overlay" \
        CONSH_VERBOSE="$verbose" CONSH_POST_SETUP="$post_setup" ENV='$CONSH_POST_SETUP' \
        "$unshare" <@unshareOptions/> "$busybox" sh -i
fi
</@robust>
</@step>

<@step name="start the detached container" man="unshare(1) setsid(1) namespaces(7)"
    why="with -d the container starts in the background instead (setsid, so it outlives the terminal): its PID 1 runs consh_post_setup.sh, then waits, or starts the spec's command as its child; --kill-child ends the container when unshare is killed."
    guards="the robust scripts only: apply and scripts run unattended need a container without a terminal.">
<@robust>
[ -n "$pid_file" ] || pid_file="$abs_overlay/container.pid"
[ -n "$log_file" ] || log_file="$abs_overlay/container.log"
: >"$log_file" || die "cannot write $log_file"
# The container says it is ready on a pipe of its own, and this script waits on that pipe, not on
# a clock: the line arrives the moment the post-setup is done, and a container that stops before
# closes its end, which ends the wait at once.
ready_pipe="$abs_overlay/.consh-ready"
timeout_mark="$abs_overlay/.consh-timed-out"
rm -f -- "$timeout_mark"
[ ! -e "$ready_pipe" ] || rm -f -- "$ready_pipe"
mkfifo -m 600 "$ready_pipe" || die "cannot create $ready_pipe"
# PID 1 of a detached container: run the post-setup, set its TERM trap, report readiness on its
# output and on fd 3 (the readiness pipe below, closed right after, so that nothing in the
# container keeps it), then wait for TERM. The trap comes before the readiness line: a caller may
# send TERM the moment this script returns, and the kernel drops a signal to a PID namespace's
# init that has no handler for it. As init it also reaps orphans, which 'wait' does between
# sleeps. On TERM it ends its sleep first: without a PID namespace nothing else would. The single
# quotes are meant: this text is expanded by the container's shell, not by this one.
# shellcheck disable=SC2016
<#if command?has_content>
# The spec's command runs as a child of this init, not in its place: the init keeps reaping
# orphans and ending the container on TERM (then it stops the command too). The command is the
# init's arguments ("$@", one quoted word each, set below): it is never parsed as shell text.
init='. "$CONSH_POST_SETUP" || exit 1; "$@" </dev/null 3>&- & workload=$!; trap "kill \$workload \$! 2>/dev/null; exit 0" TERM; echo consh-ready; echo consh-ready >&3; exec 3>&-; while :; do sleep 3600 & wait; done'
# The options and arguments of this script are parsed already; the spec's command takes their place.
set --
<#list command as arg>
set -- "$@" [=arg]
</#list>
<#else>
init='. "$CONSH_POST_SETUP" || exit 1; trap "kill \$! 2>/dev/null; exit 0" TERM; echo consh-ready; echo consh-ready >&3; exec 3>&-; while :; do sleep 3600 & wait; done'
</#if>
# setsid: a new session, so the terminal's Ctrl-C and hang-up do not reach the container.
# --kill-child: if unshare is killed, the kernel kills the container's PID 1 with it. Signals
# are held until its PID is recorded: the rollback kills the container through it.
# '{ exec ...; } &': the background job is unshare itself (setsid and env exec it), so $! is its
# PID and no shell stays behind holding the caller's pipes: yash runs a background command that
# has redirections under a shell process of its own unless told to exec it.
hold_signals
{
    exec setsid env -i HOME=/root PATH=/bin:/sbin:/usr/bin:/usr/sbin TERM=dumb \
        CONSH_HOSTNAME="$hostname" CONSH_LOWER="$abs_lower" CONSH_OVERLAY="$abs_overlay" \
        CONSH_VERBOSE="$verbose" CONSH_POST_SETUP="$post_setup" \
        "$unshare" <@unshareOptions/> --kill-child "$busybox" sh -c "$init"<#if command?has_content> consh-init "$@"</#if> </dev/null >"$log_file" 2>&1 3>"$ready_pipe"
} &
launcher=$!
release_signals

</@robust>
</@step>

<@step name="wait for the container" man="mkfifo(1) fifo(7) proc(5)"
    why="waits until the container says it is ready on a pipe of its own: the line arrives the moment the post-setup is done, and a container that stops before closes the pipe at once. A watchdog ends the wait after CONSH_START_TIMEOUT seconds. Then writes the host PID of the container's PID 1, which the network step needs."
    guards="the robust scripts only, with -d.">
<@robust>
# A watchdog ends the wait when the container is not ready in time: it kills unshare, which takes
# the container with it (--kill-child), and that closes the pipe. Its own output goes nowhere, so
# that it never holds a caller's pipe open; on TERM it ends its sleep too. The 'exit' keeps the
# wait from being the subshell's last command: mksh and posh drop a subshell's traps for its last
# command, and TERM would then end the subshell and leave its sleep behind (in the cgroup).
hold_signals
(
    exec </dev/null >/dev/null 2>&1
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "${CONSH_START_TIMEOUT:-10}" &
    sleeper=$!
    wait "$sleeper" && : >"$timeout_mark" && kill -KILL "$launcher"
    exit 0
) &
watchdog=$!
release_signals
IFS= read -r ready <"$ready_pipe" || ready=''
kill "$watchdog" 2>/dev/null
watchdog=''
# The watchdog marks its firing before it kills: the pipe closes with the kill, and this shell
# may read the end of it while the watchdog is still alive (a busy machine), so whether it could
# still be stopped says nothing.
timed_out=''
[ ! -e "$timeout_mark" ] || timed_out=1
rm -f -- "$ready_pipe" "$timeout_mark"
ready_pipe=''
# A watchdog that fired as the line came has killed the container all the same.
if [ -n "$timed_out" ] || [ "$ready" != consh-ready ]; then
    [ -z "$timed_out" ] || die "the container was not ready after ${CONSH_START_TIMEOUT:-10} s (output: $log_file)"
    cat "$log_file" >&2
    die "the container stopped during its setup (its output is above)"
fi
# unshare --fork has exactly one child: the container's PID 1, seen here by its host PID.
init_pid=''
read -r init_pid _ 2>/dev/null <"/proc/$launcher/task/$launcher/children"
case $init_pid in '' | *[!0-9]*) die "cannot find the container's PID 1 (child of unshare $launcher)" ;; esac
echo "$init_pid" >"$pid_file" || die "cannot write $pid_file"
printf 'container %s is running: PID 1 is host PID %s (written to %s)\n' [=name] "$init_pid" "$pid_file"

</@robust>
</@step>
