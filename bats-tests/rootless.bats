#!/usr/bin/env bats
# Rootless mode: containers of an ordinary user (two system users made for this file, jgrl1 and
# jgrl2, removed again in teardown_file), with their cgroups in a subtree root delegated to them
# ('jconshgen delegate'), on this hybrid host and on a simulated pure v2 host (cgroup2 mounted at
# /sys/fs/cgroup in a private mount namespace, as cgroup-v2.bats does); root's 'apply --user',
# where only the network step is root's; and each rootless preflight blocker injected for real.
# Names brl*, subnets 10.231.170-179.

load helpers

USERS=(jgrl1 jgrl2)

setup_file() {
    [ "$(id -u)" -eq 0 ] || return 0
    local u
    for u in "${USERS[@]}"; do
        if id "$u" >/dev/null 2>&1; then
            # Somebody else's user of that name: never used or removed here (the tests skip).
            echo "user $u exists already" >"$BATS_FILE_TMPDIR/users-taken"
            continue
        fi
        useradd --system --no-create-home --shell /usr/sbin/nologin "$u" && echo "$u" >>"$BATS_FILE_TMPDIR/users-made"
    done
}

teardown_file() {
    local u
    [ -r "$BATS_FILE_TMPDIR/users-made" ] || return 0
    while IFS= read -r u; do
        # while the user still exists: its delegated cgroups (teardown removes them already,
        # unless a test was stopped)
        "$JG" delegate --user "$u" --undo >/dev/null 2>&1
        userdel "$u" || echo "teardown_file: cannot remove user $u" >&2
    done <"$BATS_FILE_TMPDIR/users-made"
}

setup() {
    APPLIED=()
    USER_APPLIED=()
    common_setup
    # the delegations this file makes (jconshgen.users/UID): its own, noise for tests of other files
    _declared_names+=(jconshgen.users)
    requires root busybox jar userns-overlay nsenter ip setpriv unshare cgroup2
    [ ! -e "$BATS_FILE_TMPDIR/users-taken" ] || skip "$(cat "$BATS_FILE_TMPDIR/users-taken"): not ours, left alone"
    export JCONSHGEN_STATE_DIR=$T/state
    HOST_V2=$(cgroup2_root)
    # The users must reach their directories under $T (mktemp makes it 0700).
    chmod 755 "$T"
    local u
    for u in "${USERS[@]}"; do
        mkdir -p "$T/$u/home" "$T/$u/run" "$T/$u/work"
        chown -R "$u:" "$T/$u"
        chmod 700 "$T/$u/run"
    done
    UID1=$(id -u jgrl1)
    UID2=$(id -u jgrl2)
}

teardown() {
    local entry u
    # The users' containers, as root, from the users' state directories.
    for entry in "${USER_APPLIED[@]}"; do
        JCONSHGEN_STATE_DIR="$T/${entry%%:*}/run/jconshgen" "$JG" destroy "${entry#*:}" >/dev/null 2>&1 || true
    done
    for entry in "${APPLIED[@]}"; do
        "$JG" destroy "$entry" >/dev/null 2>&1 || true
    done
    _kill_tracked
    for u in "${USERS[@]}"; do
        [ ! -e "$BATS_FILE_TMPDIR/users-taken" ] && id "$u" >/dev/null 2>&1 || continue
        "$JG" delegate --user "$u" --undo >"$T/undo.out" 2>&1 \
            || { echo "teardown: delegate --undo of $u failed:" >&2; cat "$T/undo.out" >&2; }
    done
    common_teardown
}

# v2 CMD...: CMD where /sys/fs/cgroup is the cgroup2 hierarchy (a private mount namespace).
v2() {
    unshare --mount --propagation private sh -c 'mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec "$@"' v2 "$@"
}

# as USER CMD...: CMD as USER (setpriv, no supplementary groups) with a clean environment: its
# own HOME and XDG_RUNTIME_DIR under $T/USER, so the state and the layer cache are the defaults.
as() {
    local user=$1
    shift
    setpriv --reuid="$user" --regid="$user" --clear-groups \
        env -i PATH="$PATH" HOME="$T/$user/home" XDG_RUNTIME_DIR="$T/$user/run" "$@"
}

# joined [v2] USER CMD...: CMD as USER from a process that root first moved into USER's delegated
# subtree ('jconshgen delegate --user USER --join PID'), as systemd puts a user's login session
# into user@UID.service. With v2, both run in the simulated pure v2 layout.
joined() {
    local wrap=() user pid go status=0
    if [ "$1" = v2 ]; then
        # a command, not the v2 function: $! must be the process that becomes the user's
        wrap=(unshare --mount --propagation private sh -c 'mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec "$@"' v2)
        shift
    fi
    user=$1
    shift
    go=$(mktemp -u "$T/go.XXXXXX")
    # The user's side waits at most 20 s for root's move, then gives up.
    "${wrap[@]}" setpriv --reuid="$user" --regid="$user" --clear-groups \
        env -i PATH="$PATH" HOME="$T/$user/home" XDG_RUNTIME_DIR="$T/$user/run" \
        sh -c 'n=400; while [ ! -e "$0" ]; do n=$((n - 1)); [ "$n" -gt 0 ] || exit 124; sleep 0.05; done; exec "$@"' "$go" "$@" &
    pid=$!
    track_pid "$pid"
    if ! became "$pid" "$user" || ! "${wrap[@]}" "$JG" delegate --user "$user" --join "$pid" >/dev/null; then
        echo "could not move process $pid of $user into its delegated cgroup" >&2
        kill "$pid" 2>/dev/null
        status=1
    fi
    : >"$go"
    wait "$pid" || status=$?
    return "$status"
}

# became PID USER: wait (up to 5 s) until setpriv has made PID a process of USER.
became() {
    local tries=100 uid
    uid=$(id -u "$2")
    until [ "$(awk '/^Uid:/ {print $2}' "/proc/$1/status" 2>/dev/null)" = "$uid" ]; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || { echo "process $1 never became $2" >&2; return 1; }
        sleep 0.05
    done
}

# user_spec USER NAME [YAML LINE...]: a spec $T/USER/work/NAME.yaml of USER's, work directory NAME
# beside it; its container is destroyed in teardown.
user_spec() {
    local user=$1 name=$2
    shift 2
    {
        printf 'name: %s\nworkdir: %s\n' "$name" "$name"
        printf '%s\n' "$@"
    } >"$T/$user/work/$name.yaml"
    chown "$user:" "$T/$user/work/$name.yaml"
    USER_APPLIED+=("$user:$name")
}

# nothing_made USER NAME: no state, work directory or cgroup of USER's container NAME.
nothing_made() {
    local uid
    uid=$(id -u "$1")
    [ ! -e "$T/$1/run/jconshgen/$2" ] || { echo "state of $2 was made" >&2; return 1; }
    [ ! -e "$T/$1/work/$2" ] || { echo "work directory of $2 was made" >&2; return 1; }
    [ -z "$(ls -d /sys/fs/cgroup/*/jconshgen.users/"$uid"/"$2"* 2>/dev/null)" ] || { echo "a cgroup of $2 was made" >&2; return 1; }
}

@test "hybrid: a user applies, verifies, execs and destroys its container; its cgroup is in its delegated subtree; destroy removes what its root made, mode-000 directories too" {
    requires_free_cgroup brl1_cg
    user_spec jgrl1 brl1 "cgroup: {name: brl1_cg, limits: {pids: 32}}"
    run_ok joined jgrl1 "$JG" apply "$T/jgrl1/work/brl1.yaml"
    refute_output --partial FAIL
    assert_line --partial "PASS uid map: 0 $UID1 1"
    assert_line --partial "PASS cgroup membership (hybrid layout): /jconshgen.users/$UID1/brl1_cg, /sys/fs/cgroup/unified/jconshgen.users/$UID1/brl1_cg on cgroup2, PID listed"
    assert_line --partial "PASS cgroup limit pids: 32, PID listed"
    # the defaults of a user: state in XDG_RUNTIME_DIR, layer cache in HOME, all the user's
    [ "$(stat -c %U "$T/jgrl1/run/jconshgen/brl1/state.json")" = jgrl1 ]
    [ "$(stat -c %U "$T/jgrl1/home/.cache/jconshgen/layers")" = jgrl1 ]
    [ "$(stat -c %U /sys/fs/cgroup/pids/jconshgen.users/"$UID1"/brl1_cg)" = jgrl1 ]
    local pid
    pid=$(cat "$T/jgrl1/run/jconshgen/brl1/container.pid")
    [ "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" = "$UID1" ]

    run_ok as jgrl1 "$JG" verify brl1
    assert_output --partial "all checks passed"
    # root in the container (the user outside) makes files and directories without permissions
    run_ok joined jgrl1 "$JG" exec brl1 -- sh -c \
        'id -u; mkdir -p /locked/deeper /root/x; echo data >/locked/deeper/f; chmod 000 /locked/deeper /locked; cat /proc/self/cgroup'
    assert_line 0
    assert_line "0::/"
    [ "$(stat -c '%U %a' "$T/jgrl1/work/brl1/ovly/upper/locked")" = "jgrl1 0" ]
    [ "$(stat -c '%a' "$T/jgrl1/work/brl1/ovly/work/work")" = 0 ]
    run_ok as jgrl1 "$JG" status
    assert_output --partial "brl1  pid $pid  running"

    run_ok as jgrl1 "$JG" destroy brl1
    assert_output --partial "nothing of it is left"
    [ ! -e "$T/jgrl1/work/brl1" ]
    [ ! -e /sys/fs/cgroup/unified/jconshgen.users/"$UID1"/brl1_cg ]
    [ ! -e /sys/fs/cgroup/pids/jconshgen.users/"$UID1"/brl1_cg ]
    [ ! -e "$T/jgrl1/run/jconshgen/brl1" ]
    run_fail kill -0 "$pid"
}

@test "hybrid: a user applies a container with image layers: extracted as the user into its cache, whiteouts and opaque directories work, destroy leaves nothing" {
    requires umoci setfattr getfattr tar
    make_umoci_image "$T/jgrl1/work"
    chown -R jgrl1: "$T/jgrl1/work"
    user_spec jgrl1 brl3 "rootfs: {layers: [{busybox: {}}, {image: {layout: img, ref: v3}}]}"
    run_ok as jgrl1 "$JG" apply "$T/jgrl1/work/brl3.yaml"
    assert_output --partial "image layer sha256:"
    refute_output --partial FAIL
    # what the image shows; the files the user extracted are the user's, root in the container
    run_ok as jgrl1 "$JG" exec brl3 -- sh -c 'cat /etc/motd; [ ! -e /etc/gone ] && echo gone-is-gone; ls /data; stat -c %u /data/fresh'
    assert_output "$(printf 'base\ngone-is-gone\nfresh\nfresh2\n0')"
    local data
    data=$(find "$T/jgrl1/home/.cache/jconshgen/layers" -name fresh)
    data=${data%/fresh}
    [ "$(stat -c %U "$data")" = jgrl1 ] || fail "the cached layer is not the user's: $(stat -c %U "$data")"
    [ "$(getfattr --only-values -n user.overlay.opaque "$data")" = y ] || fail "$data is not opaque for the user's overlay"
    run_ok as jgrl1 "$JG" verify brl3
    assert_output --partial "all checks passed"
    run_ok as jgrl1 "$JG" destroy brl3
    assert_output --partial "nothing of it is left"
    run_ok as jgrl1 "$JG" cache prune
    assert_line --regexp '^4 removed'

}

@test "pure v2 (simulated): the user's shell is put into its subtree by root, then apply, verify, exec and destroy as the user" {
    requires_free_cgroup brl2_cg
    user_spec jgrl1 brl2 "hostname: brl2-host" "cgroup: {name: brl2_cg}"
    run_ok joined v2 jgrl1 "$JG" apply "$T/jgrl1/work/brl2.yaml"
    refute_output --partial FAIL
    assert_line --partial "PASS cgroup membership (v2 layout): /jconshgen.users/$UID1/brl2_cg, /sys/fs/cgroup/jconshgen.users/$UID1/brl2_cg on cgroup2, PID listed"
    [ "$(stat -c %U "$HOST_V2/jconshgen.users/$UID1/brl2_cg")" = jgrl1 ]
    run_ok joined v2 jgrl1 "$JG" exec brl2 -- sh -c 'hostname; mkdir /m; chmod 0 /m'
    assert_line brl2-host
    run_ok v2 setpriv --reuid=jgrl1 --regid=jgrl1 --clear-groups \
        env -i PATH="$PATH" HOME="$T/jgrl1/home" XDG_RUNTIME_DIR="$T/jgrl1/run" "$JG" destroy brl2
    assert_output --partial "nothing of it is left"
    [ ! -e "$HOST_V2/jconshgen.users/$UID1/brl2_cg" ]
    [ ! -e "$T/jgrl1/work/brl2" ]
}

@test "one user cannot touch another user's container or cgroup" {
    requires_free_cgroup brl3_cg brl4_cg
    user_spec jgrl1 brl3 "cgroup: {name: brl3_cg}"
    run_ok joined jgrl1 "$JG" apply "$T/jgrl1/work/brl3.yaml"
    local pid cg=/sys/fs/cgroup/unified/jconshgen.users/$UID1/brl3_cg
    pid=$(cat "$T/jgrl1/run/jconshgen/brl3/container.pid")
    run_ok "$JG" delegate --user jgrl2

    # jgrl2's own state does not know it; jgrl1's, handed to destroy, gets it nowhere
    run_ok as jgrl2 "$JG" destroy brl3
    assert_output "nothing to destroy: no container brl3 exists"
    chmod 755 "$T/jgrl1/run"
    run_fail as jgrl2 env JCONSHGEN_STATE_DIR="$T/jgrl1/run/jconshgen" "$JG" destroy brl3
    run_fail as jgrl2 env JCONSHGEN_STATE_DIR="$T/jgrl1/run/jconshgen" "$JG" exec brl3 -- true
    kill -0 "$pid"
    # the kernel says no to each direct attempt
    run_fail as jgrl2 kill -0 "$pid"
    run_fail as jgrl2 rmdir "$cg"
    run_fail as jgrl2 mkdir "$cg/intruder"
    run_fail as jgrl2 sh -c "echo \$\$ >'$cg/cgroup.procs'"
    run_fail as jgrl2 sh -c "echo 1 >'/sys/fs/cgroup/pids/jconshgen.users/$UID1/cgroup.procs'"
    run_fail as jgrl2 rm -rf "$T/jgrl1/work/brl3/ovly/upper"
    # a spec of jgrl2's that names jgrl1's subtree as its parent is refused before anything is made
    user_spec jgrl2 brl4 "cgroup: {name: brl4_cg, parent: jconshgen.users/$UID1}"
    run_expect 3 joined jgrl2 "$JG" apply "$T/jgrl2/work/brl4.yaml"
    assert_output --partial "uid $UID2 may not write to /sys/fs/cgroup/unified/jconshgen.users/$UID1"
    nothing_made jgrl2 brl4
    # and root's delegate is root's
    run_expect 2 as jgrl2 "$JG" delegate --user jgrl2
    assert_output --partial "delegate must run as root"
    # root does not put one user's process into another user's subtree
    setpriv --reuid=jgrl2 --regid=jgrl2 --clear-groups sleep 30 &
    local other=$!
    track_pid "$other"
    became "$other" jgrl2
    run_expect 2 "$JG" delegate --user jgrl1 --join "$other"
    assert_output --partial "process $other belongs to uid $UID2, not to uid $UID1"

    # untouched: still running, still verified by its owner
    run_ok as jgrl1 "$JG" verify brl3
    assert_output --partial "all checks passed"
    [ -d "$cg" ]
    # undo refuses while the container runs, and leaves everything in place
    run_expect 1 "$JG" delegate --user jgrl1 --undo
    assert_output --partial "still has processes in its cgroups"
    [ -d "$cg" ]
    run_ok as jgrl1 "$JG" destroy brl3
}

@test "root's apply --user: lower layer and setup as the user, the network as root; ping and verify pass, destroy leaves nothing" {
    requires_free_netns brl5
    requires_free_cgroup brl5_cg
    requires_free_subnet 10.231.171
    write_spec brl5 "cgroup: {name: brl5_cg, limits: {pids: 32}}" \
        "network: {netns: brl5, hostAddress: 10.231.171.1/24, containerAddress: 10.231.171.2/24}"
    APPLIED+=(brl5)
    # without a delegation: refused as the user would be, nothing made
    run_expect 3 "$JG" apply --user jgrl1 "$T/brl5.yaml"
    assert_output --partial "no cgroup is delegated to uid $UID1"
    [ ! -e "$T/state/brl5" ] && [ ! -e "$T/brl5" ]

    run_ok "$JG" delegate --user jgrl1
    run_ok "$JG" apply --user jgrl1 "$T/brl5.yaml"
    refute_output --partial FAIL
    assert_line --partial "PASS uid map: 0 $UID1 1"
    assert_line --partial "PASS cgroup membership (hybrid layout): /jconshgen.users/$UID1/brl5_cg"
    assert_line --partial "PASS ping from host: replied"
    local pid
    pid=$(cat "$T/state/brl5/container.pid")
    [ "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" = "$UID1" ]
    # the user built its own layer, in its own part of the cache
    [ "$(stat -c %U "$T/cache/uid-$UID1")" = jgrl1 ]
    [ "$(stat -c %U "$T/brl5/ovly/upper")" = jgrl1 ]
    run_ok ping -c 1 -W 2 10.231.171.2
    run_ok "$JG" exec brl5 -- sh -c 'mkdir /z; chmod 0 /z; hostname'
    assert_output brl5
    run_ok "$JG" destroy brl5
    assert_output --partial "nothing of it is left"
    [ ! -e "$T/brl5" ]
    run_fail ip link show brl5-0
}

@test "apply --user: only root may use it, only with a user that exists and is not root, only on a path the user cannot change (exit 2)" {
    write_spec brl6
    run_expect 2 as jgrl1 "$JG" apply --user jgrl1 "$T/brl6.yaml"
    assert_output --partial "--user: only root can run steps as another user"
    run_expect 2 "$JG" apply --user brl-no-such-user "$T/brl6.yaml"
    assert_output --partial "--user: no user 'brl-no-such-user' on this host"
    run_expect 2 "$JG" apply --user root "$T/brl6.yaml"
    assert_output --partial "is root: leave --user out"
    [ ! -e "$T/state/brl6" ] && [ ! -e "$T/brl6" ]
    # root would hand the overlay directory over on a path the user controls (it could swap a
    # directory for a link to /etc between root's mkdir and chown)
    user_spec jgrl1 brl6b
    run_expect 2 "$JG" apply --user jgrl1 "$T/jgrl1/work/brl6b.yaml"
    assert_output --partial "workdir: with --user, root hands the overlay directory to the user, which is only safe on a path the user cannot change: $T/jgrl1/work belongs to uid $UID1"
    [ ! -e "$T/state/brl6b" ] && [ ! -e "$T/jgrl1/work/brl6b" ]
}

@test "preflight: no delegated cgroup, a shell outside it, and a network without root: exit 3 with remedies, nothing made" {
    requires_free_cgroup brl7_cg
    user_spec jgrl1 brl7 "cgroup: {name: brl7_cg}" \
        "network: {netns: brl7, hostAddress: 10.231.172.1/24, containerAddress: 10.231.172.2/24}"
    run_expect 3 as jgrl1 "$JG" apply "$T/jgrl1/work/brl7.yaml"
    assert_output --partial "no cgroup is delegated to uid $UID1"
    assert_output --partial "remedy: as root: jconshgen delegate --user $UID1 --join PID"
    assert_output --partial "only root can create its veth pair"
    assert_output --partial "to run all but the network step as yourself: sudo jconshgen apply --user $UID1 $T/jgrl1/work/brl7.yaml"
    nothing_made jgrl1 brl7

    # delegated, but this shell was never moved into it (no systemd did it)
    run_ok "$JG" delegate --user jgrl1
    user_spec jgrl1 brl8 "cgroup: {name: brl8_cg}"
    run_expect 3 as jgrl1 "$JG" apply "$T/jgrl1/work/brl8.yaml"
    assert_output --partial "jconshgen runs in the cgroup /, outside the cgroup delegated to uid $UID1 (/jconshgen.users/$UID1)"
    assert_output --partial "systemd-run --user --scope"
    refute_output --partial "no cgroup is delegated"
    nothing_made jgrl1 brl8
}

@test "preflight: state, cache and work directories the user cannot write: exit 3 with remedies, nothing made" {
    # state and layer cache where the user may not write; the spec, and so its work directory, in
    # a directory of root's
    mkdir "$T/rootdir"
    printf 'name: brl9\nworkdir: brl9\n' >"$T/rootdir/brl9.yaml"
    run_expect 3 as jgrl1 env JCONSHGEN_STATE_DIR="$T/rootdir" HOME=/nonexistent "$JG" apply "$T/rootdir/brl9.yaml"
    assert_output --partial "the state directory $T/rootdir belongs to uid 0 and uid $UID1 may not write to it"
    assert_output --partial "remedy: set JCONSHGEN_STATE_DIR (or XDG_RUNTIME_DIR) to a directory of yours"
    assert_output --partial "the busybox layer cache /nonexistent/.cache/jconshgen/layers cannot be created: uid $UID1 may not write to /"
    assert_output --partial "remedy: set JCONSHGEN_CACHE_DIR to a directory of yours"
    assert_output --partial "the work directory $T/rootdir/brl9 cannot be created: uid $UID1 may not write to $T/rootdir"
    [ "$(ls -A "$T/rootdir")" = brl9.yaml ]
    [ ! -e "$T/jgrl1/run/jconshgen" ]
}

@test "preflight: user namespaces switched off for users (unprivileged_userns_clone, max_user_namespaces): exit 3, nothing made" {
    user_spec jgrl1 brl10
    # A tmpfs over /proc/sys/kernel and /proc/sys/user in a private mount namespace: the host's
    # sysctls are never changed. The kernel release is kept for the overlay check.
    run_expect 3 unshare -m --propagation private sh -c '
        release=$(cat /proc/sys/kernel/osrelease)
        mount -t tmpfs -o size=64k,mode=0755 brlsysctl /proc/sys/kernel || exit 99
        echo "$release" >/proc/sys/kernel/osrelease && echo 0 >/proc/sys/kernel/unprivileged_userns_clone || exit 99
        mount -t tmpfs -o size=64k,mode=0755 brlsysctl /proc/sys/user || exit 99
        echo 0 >/proc/sys/user/max_user_namespaces || exit 99
        exec setpriv --reuid=jgrl1 --regid=jgrl1 --clear-groups env -i PATH="$PATH" HOME="$1/home" XDG_RUNTIME_DIR="$1/run" \
            java -jar "$2" apply "$3"' brl "$T/jgrl1" "$JAR" "$T/jgrl1/work/brl10.yaml"
    assert_output --partial "this kernel forbids unprivileged user namespaces (kernel.unprivileged_userns_clone = 0)"
    assert_output --partial "remedy: sudo sysctl -w kernel.unprivileged_userns_clone=1"
    assert_output --partial "user namespaces are switched off for everyone, root included (user.max_user_namespaces = 0)"
    nothing_made jgrl1 brl10
}

@test "delegate: makes the subtree in every hierarchy, owned by the user; --undo removes it, twice; a user's process only" {
    run_ok "$JG" delegate --user jgrl1
    local h
    for h in unified pids memory cpu; do
        [ "$(stat -c %U "/sys/fs/cgroup/$h/jconshgen.users/$UID1")" = jgrl1 ]
        [ "$(stat -c %U "/sys/fs/cgroup/$h/jconshgen.users/$UID1/cgroup.procs")" = jgrl1 ]
        [ "$(stat -c %U "/sys/fs/cgroup/$h/jconshgen.users")" = root ]
    done
    [ "$(stat -c %U "/sys/fs/cgroup/unified/jconshgen.users/$UID1/cgroup.subtree_control")" = jgrl1 ]
    [ "$(stat -c %U "/sys/fs/cgroup/pids/jconshgen.users/$UID1/tasks")" = jgrl1 ]
    # root's own process is no process of the user's
    run_expect 2 "$JG" delegate --user jgrl1 --join $$
    assert_output --partial "belongs to uid 0, not to uid $UID1"
    run_ok "$JG" delegate --user jgrl1 --undo
    for h in unified pids memory cpu; do
        [ ! -e "/sys/fs/cgroup/$h/jconshgen.users/$UID1" ]
    done
    run_ok "$JG" delegate --user jgrl1 --undo
    assert_output "nothing to undo: no cgroup is delegated to uid $UID1"
}
