#!/usr/bin/env bats
# Hostile values: specs/hostile.yaml has a work directory, a layer and an overlay directory made
# of spaces, quotes, $(...), backticks, ';', '&', '|', '<', '>', '*', ${IFS}, $HOME and a
# leading '-' (and specs/hostile-hash.yaml has a '#'). The generated scripts must run end to end with those literal directory names, and
# no command substitution may ever run: every one of them would create a file named PWNED_*.
# Host names and container names with shell syntax are rejected by 'jconshgen validate'.
#
# Names of this file: cgroup bh_cgrp (no network).

load helpers

CG=bh_cgrp

# The literal values of specs/hostile.yaml (kept in step with it).
W='-w d '\''sq'\'' "dq" $(touch PWNED_wd) `touch PWNED_wd2`; x & y | z > r < s'
L='-l $(touch PWNED_l) '\''a'\'' "b" `touch PWNED_l2`;y *'
O='-o $(touch PWNED_o) '\''c'\'' "$HOME" ${IFS} `touch PWNED_o2`; z'
# The directory the scripts are generated into is hostile too.
S_NAME='s $(touch PWNED_s) '\''q'\'' "d" `touch PWNED_s2`; -x'

setup() {
    common_setup
    requires jar
    # the spec's directory: the work directory is relative to it
    specdir=$T/spec
    mkdir "$specdir"
    cp "$SPECS/hostile.yaml" "$specdir/"
    scripts=$specdir/$S_NAME
}

teardown() {
    common_teardown
}

# no_markers: no PWNED_* file exists where a command substitution could have run: anywhere under
# $T (spec dir, work dir, layers, the container's upper layer), /, $HOME, /tmp, bats' directory.
no_markers() {
    local found
    found=$(
        find "$T" -name 'PWNED*' 2>/dev/null
        find / /tmp "${HOME:-/root}" "$ORIG_PWD" -maxdepth 1 -name 'PWNED*' 2>/dev/null
    )
    if [ -n "$found" ]; then
        printf 'a command substitution ran; it made:\n%s\n' "$found" >&2
        return 1
    fi
}

prepare() {
    requires root busybox userns-overlay unshare
    requires_free_cgroup "$CG"
    track_cgroup "$CG"
    generate "$specdir/hostile.yaml" "$scripts"
    [ -x "$scripts/consh_setup.sh" ]
    on_teardown "$specdir" "$scripts/consh_cleanup.sh"
    mkdir -- "$specdir/$W"
    cd -- "$specdir/$W"
    # create_lowerfs.sh with no argument: the spec's (hostile) layer
    run_ok "$scripts/create_lowerfs.sh"
    [ -x "$L/bin/busybox" ]
    no_markers
}

@test "hostile: jconshgen validate accepts the hostile paths and the scripts parse" {
    run_ok "$JG" validate "$specdir/hostile.yaml"
    generate "$specdir/hostile.yaml" "$scripts"
    for f in "$scripts"/*.sh; do
        run_ok sh -n "$f"
        run_ok busybox sh -n "$f"
    done
    # the value is assigned once, quoted: run by sh, the assignment gives back the exact value
    run_ok grep -c '^workdir=' "$scripts/consh_cleanup.sh"
    assert_output 1
    run_ok sh -c "$(grep '^workdir=' "$scripts/consh_cleanup.sh")"'; printf %s "$workdir"'
    assert_output "$W"
    no_markers
}

@test "hostile: create_lowerfs, setup -d and cleanup run end to end with the literal directory names" {
    prepare
    # consh_setup.sh with no arguments: the spec's (hostile) layer and overlay directory
    track_pidfile "$specdir/$W/$O/container.pid"
    run_ok "$scripts/consh_setup.sh" -v -d
    [[ $output =~ host\ PID\ ([0-9]+) ]]
    pid=${BASH_REMATCH[1]}
    track_pid "$pid"
    assert_equal "$(cat -- "$O/container.pid")" "$pid"
    no_markers

    # the container runs on an overlay of exactly these directories
    run_ok nsenter -t "$pid" -a hostname
    assert_output bh-host
    run_ok nsenter -t "$pid" -a cat /MANIFEST
    assert_line 'creator pid: 1'
    [ -f "$O/upper/MANIFEST" ]
    [ -d "$O/work" ] && [ -d "$O/merged" ]
    run_ok nsenter -t "$pid" -a cat /proc/self/mountinfo
    assert_line --partial " / / rw,relatime - overlay overlay "
    run_ok nsenter -t "$pid" -a ls /
    refute_line oldrootfs
    # the directory tree holds just these names, nothing else appeared
    assert_equal "$(ls -A | LC_ALL=C sort)" "$(printf '%s\n%s\n' "$L" "$O" | LC_ALL=C sort)"
    [ -n "$(cgroup2_root)" ] && grep -qx "$pid" "$(cgroup2_root)/$CG/cgroup.procs"

    stop_container "$pid"
    # consh_cleanup.sh with no arguments, from the spec's directory: the spec's work directory
    cd "$specdir"
    run_ok "$scripts/consh_cleanup.sh" -v
    assert_output --partial "removed $specdir/$W"
    [ ! -e "$specdir/$W" ]
    [ -f "$specdir/hostile.yaml" ] && [ -x "$scripts/consh_cleanup.sh" ]
    [ -z "$(cgroup2_root)" ] || [ ! -e "$(cgroup2_root)/$CG" ]
    no_markers
    run_ok no_leaks
}

@test "hostile: the interactive shell runs the post-setup from a script directory with hostile characters" {
    prepare
    printf '%s\n' 'echo @@hostname' hostname 'echo @@manifest' 'cat /MANIFEST' 'echo @@end' >"$T/commands"
    run_ok feed "$T/commands" "$scripts/consh_setup.sh"
    shell=$output
    no_markers
    assert_equal "$(section hostname "$shell")" bh-host
    run_ok section manifest "$shell"
    assert_line 'creator pid: 1'
    [ -f "$O/upper/MANIFEST" ]
    cd "$specdir"
    run_ok "$scripts/consh_cleanup.sh"
    [ ! -e "$specdir/$W" ]
    no_markers
}

@test "hostile: a '#' in the work, layer and overlay directories (the validator accepts it) works end to end" {
    requires root busybox userns-overlay unshare
    requires_free_cgroup "$CG"
    track_cgroup "$CG"
    cp "$SPECS/hostile-hash.yaml" "$specdir/"
    run_ok "$JG" validate "$specdir/hostile-hash.yaml"
    generate "$specdir/hostile-hash.yaml" "$scripts"
    on_teardown "$specdir" "$scripts/consh_cleanup.sh"
    mkdir "$specdir/work #1"
    cd "$specdir/work #1"
    run_ok "$scripts/create_lowerfs.sh"
    [ -x 'lower #2/bin/busybox' ]
    track_pidfile "$specdir/work #1/ovly #3/container.pid"
    run_ok "$scripts/consh_setup.sh" -d
    pid=$(cat 'ovly #3/container.pid')
    track_pid "$pid"
    run_ok nsenter -t "$pid" -a cat /MANIFEST
    assert_line 'creator pid: 1'
    stop_container "$pid"
    cd "$specdir"
    run_ok "$scripts/consh_cleanup.sh"
    [ ! -e "$specdir/work #1" ]
}

@test "hostile: a host name or a name with shell syntax is rejected by validate (exit 2), generate writes nothing" {
    for spec in hostile-hostname hostile-name; do
        cp "$SPECS/$spec.yaml" "$specdir/"
        run_expect 2 --separate-stderr "$JG" validate "$specdir/$spec.yaml"
        [[ $stderr == *"$specdir/$spec.yaml:"* ]]
        run_expect 2 --separate-stderr "$JG" generate "$specdir/$spec.yaml" -o "$T/out-$spec"
        [ ! -e "$T/out-$spec" ]
    done
    run_expect 2 --separate-stderr "$JG" validate "$specdir/hostile-hostname.yaml"
    [[ $stderr == *":5:11: hostname: "* ]]
    run_expect 2 --separate-stderr "$JG" validate "$specdir/hostile-name.yaml"
    [[ $stderr == *":4:7: name: "* ]]
    no_markers
}

@test "hostile: shell syntax in hostname, name, netns, cgroup and addresses is rejected, each naming its field" {
    base=$(sed -e '/^hostname:/d' -e '/^name:/d' -e '/^#/d' "$SPECS/hostile-name.yaml")
    i=0
    while IFS='|' read -r field line; do
        i=$((i + 1))
        {
            printf '%s\n' "$base"
            case $field in
                name) printf 'hostname: bh-host\n' ;;
                hostname) printf 'name: bh-x\n' ;;
                *) printf 'name: bh-x\nhostname: bh-host\n' ;;
            esac
            printf '%s\n' "$line"
        } >"$specdir/bad$i.yaml"
        run_expect 2 --separate-stderr "$JG" generate "$specdir/bad$i.yaml" -o "$T/out$i"
        [[ $stderr == *": $field: "* ]] || {
            echo "spec bad$i.yaml ($line): the error does not name $field: $stderr" >&2
            false
        }
        [ ! -e "$T/out$i" ]
    done <<'EOF'
hostname|hostname: 'a`touch PWNED_h`'
hostname|hostname: "a b"
hostname|hostname: "x'y"
hostname|hostname: 'x"y'
hostname|hostname: '-x'
name|name: 'x$(touch PWNED_n)'
name|name: 'a;b'
network.netns|network: {netns: 'n$(touch PWNED_ns)', hostAddress: 10.231.2.1/24, containerAddress: 10.231.2.2/24}
network.hostAddress|network: {netns: bhn, hostAddress: '10.231.2.1/24;touch PWNED_a', containerAddress: 10.231.2.2/24}
cgroup.name|cgroup: {name: 'c`touch PWNED_c`'}
cgroup.parent|cgroup: {name: c, parent: 'p;touch PWNED_p'}
EOF
    no_markers
}
