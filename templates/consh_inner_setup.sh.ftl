<#import "lib/common.ftl" as c>
<#-- busybox's unshare, which the outer container has: -r maps root (there is no long form), -f forks PID 1, no cgroup namespace. -->
<#macro unshareOptions><#if ns.user>--user -r </#if><#if ns.pid>--pid </#if><#if ns.mount>--mount </#if><#if ns.net>--net </#if><#if ns.ipc>--ipc </#if><#if ns.uts>--uts </#if>-f</#macro>
#!/bin/sh
# consh_inner_setup.sh: start container [=name] inside container [=outerName] (run inside [=outerName]).
<@c.generatedBy/>
#
<@lesson>
# Usage: sh consh_inner_setup.sh   (inside the outer container, as its root, from the directory
#   the host copied these scripts to: 'jconshgen plan' shows where)
#   The commands a student types inside the outer container to make one inside it: the same
#   steps as create_lowerfs.sh and consh_setup.sh, with what the outer container has (busybox
#   only), and the work directory on a tmpfs. consh_post_setup.sh then runs in the new namespaces.
set -e
here=$(cd "$(dirname "$0")" && pwd)
workdir=[=innerWorkdir]
</@lesson>
<@robust>
# Usage: consh_inner_setup.sh [-v] [-d] [-P PIDFILE] [-L LOGFILE]
#   Run inside container [=outerName], as its root (jconshgen apply runs it there with nsenter),
#   from any directory; consh_post_setup.sh and consh_lib.sh sit beside it. It makes the work
#   directory [=innerWorkdir] a tmpfs (OverlayFS refuses an upper directory on OverlayFS, and the
#   outer container's root is one), builds the busybox layer there and starts a busybox shell in
#   new namespaces, children of the outer container's.
#   -v          say what happens
#   -d          detached: the container's PID 1 waits in the background; its PID as the outer
#               container sees it is written to PIDFILE
#   -P PIDFILE  with -d: default WORKDIR/container.pid
#   -L LOGFILE  with -d: the container's output (default WORKDIR/container.log)
#   CONSH_START_TIMEOUT (seconds, default 10): how long -d waits for the container.
<@c.sourceLib/>

# rollback: a failed start removes what this run made: the container's PID 1 and the tmpfs.
launcher=''
init_pid=''
mounted=''
ready_pipe=''
watchdog=''
rollback() {
    [ -z "$watchdog" ] || kill "$watchdog" 2>/dev/null
    [ -z "$init_pid" ] || kill -KILL "$init_pid" 2>/dev/null
    if [ -n "$launcher" ]; then
        # busybox's unshare has no --kill-child: its child, PID 1 of the new PID namespace, is
        # killed by its PID above, or with unshare's process group when that was not known yet
        kill -KILL -- "-$launcher" 2>/dev/null || kill -KILL "$launcher" 2>/dev/null
        wait "$launcher" 2>/dev/null
    fi
    [ -z "$ready_pipe" ] || rm -f -- "$ready_pipe"
    [ -z "$mounted" ] || umount "$workdir" 2>/dev/null
    [ -z "$mounted" ] || rmdir "$workdir" 2>/dev/null
}

workdir=[=innerWorkdir]
hostname=[=hostname]
outer=[=outerName]
detached=''
pid_file=''
log_file=''
case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
while getopts 'vdP:L:' opt; do
    case $opt in
        v) verbose=1 ;;
        d) detached=1 ;;
        P) pid_file=$OPTARG ;;
        L) log_file=$OPTARG ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -eq 0 ] || die "no arguments are taken (see the usage at the top of $0)"
case ${CONSH_START_TIMEOUT:-10} in '' | *[!0-9]*) die "CONSH_START_TIMEOUT must be a whole number of seconds" ;; esac
here=$(abs_dir "$here") || die "cannot resolve the directory of $0"
[ -r "$here/consh_post_setup.sh" ] || die "$here/consh_post_setup.sh is missing: keep the generated scripts together"
</@robust>

<@step name="make the work directory a tmpfs" man="tmpfs(5) overlayfs(5)"
    why="the outer container's root is an overlay, and OverlayFS refuses an upper directory on OverlayFS (the lab's own script warns of it): the inner container's layers and overlay directory live on a tmpfs, mounted in the outer container's mount namespace, where its root may mount."
    guards="refuses a work directory that is mounted or holds anything already (another inner container's), and unmounts the tmpfs again when a later step fails.">
<@lesson>
mkdir -p "$workdir"
mount -t tmpfs -o mode=0755 [=name] "$workdir"
</@lesson>
<@robust>
mkdir -p -- "$workdir" || die "cannot create $workdir"
if [ "$(fs_type "$workdir")" = tmpfs ] || [ -n "$(ls -A "$workdir")" ]; then
    die "$workdir is in use already (a tmpfs, or not empty): stop that container first (consh_inner_cleanup.sh)"
fi
hold_signals
mount -t tmpfs -o mode=0755 [=name] "$workdir" && mounted=1
release_signals
[ -n "$mounted" ] || die "cannot mount a tmpfs on $workdir (is this run as root of $outer?)"
say "tmpfs mounted on $workdir"
</@robust>
</@step>

<@step name="build the lower layer" man="busybox(1)"
    why="create_lowerfs.sh's work, from inside: the directories a root file system needs, and the outer container's own static busybox with one link per applet."
    guards="a failure names what was missing.">
<@lesson>
for dir in bin dev etc home proc root sys tmp usr var; do mkdir -p "$workdir/lower/$dir"; done
cp /bin/busybox "$workdir/lower/bin/busybox"
"$workdir/lower/bin/busybox" --install "$workdir/lower/bin"
</@lesson>
<@robust>
for dir in bin dev etc home proc root sys tmp usr var; do
    mkdir -p "$workdir/lower/$dir" || die "cannot create $workdir/lower/$dir"
done
[ -x /bin/busybox ] || die "/bin/busybox is missing: $outer must have the busybox layer"
cp /bin/busybox "$workdir/lower/bin/busybox" || die "cannot copy /bin/busybox"
"$workdir/lower/bin/busybox" --install "$workdir/lower/bin" || die "busybox --install failed"
</@robust>
</@step>

<@step name="start the container shell" man="unshare(1) namespaces(7) user_namespaces(7) pid_namespaces(7)"
    why="busybox's unshare makes the new namespaces, children of the outer container's (a user namespace inside a user namespace, a PID namespace inside a PID namespace), maps root to the outer container's root (-r) and forks (-f) the shell that becomes PID 1; the shell reads consh_post_setup.sh through ENV, as in consh_setup.sh. The outer container's busybox has no cgroup namespace to give."
    guards="-d starts it in the background instead and waits until it is ready (see the next step).">
<@lesson>
# shellcheck disable=SC2016
exec env -i HOME=/root PATH=/bin:/sbin TERM="$TERM" CONSH_HOSTNAME=[=hostname] \
    CONSH_LOWER="$workdir/lower" CONSH_OVERLAY="$workdir/ovly" \
    CONSH_POST_SETUP="$here/consh_post_setup.sh" ENV='$CONSH_POST_SETUP' \
    unshare <@unshareOptions/> sh -i
</@lesson>
<@robust>
if [ -z "$detached" ]; then
    # shellcheck disable=SC2016
    exec env -i HOME=/root PATH=/bin:/sbin TERM="${TERM:-dumb}" CONSH_HOSTNAME="$hostname" \
        CONSH_LOWER="$workdir/lower" CONSH_OVERLAY="$workdir/ovly" CONSH_VERBOSE="$verbose" \
        CONSH_POST_SETUP="$here/consh_post_setup.sh" ENV='$CONSH_POST_SETUP' \
        unshare <@unshareOptions/> sh -i
fi
</@robust>
</@step>

<@step name="start the detached container" man="unshare(1) setsid(1) mkfifo(1)"
    why="with -d, as consh_setup.sh -d does: PID 1 runs consh_post_setup.sh, says it is ready on a pipe of its own and waits; the wait for that line ends early when the container stops, and after CONSH_START_TIMEOUT seconds at most. Then its PID, as the outer container sees it, goes to PIDFILE."
    guards="the robust scripts only.">
<@robust>
[ -n "$pid_file" ] || pid_file="$workdir/container.pid"
[ -n "$log_file" ] || log_file="$workdir/container.log"
: >"$log_file" || die "cannot write $log_file"
ready_pipe="$workdir/.consh-ready"
timeout_mark="$workdir/.consh-timed-out"
mkfifo -m 600 "$ready_pipe" || die "cannot create $ready_pipe"
# PID 1: the post-setup, a TERM trap before the readiness line, then waiting (and reaping), as
# consh_setup.sh's detached init does. The single quotes are meant: the container's shell
# expands this text.
# shellcheck disable=SC2016
<#if command?has_content>
init='. "$CONSH_POST_SETUP" || exit 1; "$@" </dev/null 3>&- & workload=$!; trap "kill \$workload \$! 2>/dev/null; exit 0" TERM; echo consh-ready; echo consh-ready >&3; exec 3>&-; while :; do sleep 3600 & wait; done'
set --
<#list command as arg>
set -- "$@" [=arg]
</#list>
<#else>
init='. "$CONSH_POST_SETUP" || exit 1; trap "kill \$! 2>/dev/null; exit 0" TERM; echo consh-ready; echo consh-ready >&3; exec 3>&-; while :; do sleep 3600 & wait; done'
</#if>
hold_signals
{
    exec setsid env -i HOME=/root PATH=/bin:/sbin TERM=dumb CONSH_HOSTNAME="$hostname" \
        CONSH_LOWER="$workdir/lower" CONSH_OVERLAY="$workdir/ovly" CONSH_VERBOSE="$verbose" \
        CONSH_POST_SETUP="$here/consh_post_setup.sh" \
        unshare <@unshareOptions/> sh -c "$init"<#if command?has_content> consh-init "$@"</#if> </dev/null >"$log_file" 2>&1 3>"$ready_pipe"
} &
launcher=$!
release_signals
hold_signals
(
    exec </dev/null >/dev/null 2>&1
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "${CONSH_START_TIMEOUT:-10}" &
    sleeper=$!
    wait "$sleeper" && : >"$timeout_mark" && kill -KILL -- "-$launcher"
    exit 0
) &
watchdog=$!
release_signals
IFS= read -r ready <"$ready_pipe" || ready=''
kill "$watchdog" 2>/dev/null
watchdog=''
# as in consh_setup.sh: the watchdog marks its firing before it kills
timed_out=''
[ ! -e "$timeout_mark" ] || timed_out=1
rm -f -- "$ready_pipe" "$timeout_mark"
ready_pipe=''
if [ -n "$timed_out" ] || [ "$ready" != consh-ready ]; then
    [ -z "$timed_out" ] || die "the container was not ready after ${CONSH_START_TIMEOUT:-10} s (output: $log_file)"
    cat "$log_file" >&2
    die "the container stopped during its setup (its output is above)"
fi
# unshare -f has one child: the container's PID 1, seen here by its PID in this (the outer) container.
read -r init_pid _ 2>/dev/null <"/proc/$launcher/task/$launcher/children"
case $init_pid in '' | *[!0-9]*) init_pid=''; die "cannot find the container's PID 1 (child of unshare $launcher)" ;; esac
echo "$init_pid" >"$pid_file" || die "cannot write $pid_file"
printf 'container %s is running inside %s: PID 1 is PID %s there (written to %s)\n' [=name] [=outerName] "$init_pid" "$pid_file"
</@robust>
</@step>
