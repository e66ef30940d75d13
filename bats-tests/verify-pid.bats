#!/usr/bin/env bats
# 'jconshgen verify SPEC --pid PID': a container made by hand with the generated robust scripts
# (no apply, no state) checked against its spec; the JUnit report and the score line; what a
# wrong spec or work directory makes fail; the PIDs that are refused (exit 2, nothing changed);
# and a lab checked member by member with --pid MEMBER=PID. The lesson scripts' container is
# verified in lesson-flow.bats, runc's in oci.bats.

load helpers

setup() {
    lab_apply_setup
}

teardown() {
    lab_apply_teardown
}

# by_hand NAME NET: spec $T/NAME.yaml (host name NAME-host, cgroup NAME-cg, a veth in NET.0/24),
# its robust scripts in $T/NAME-scripts, run by hand from $T/NAME as the handout has it:
# create_lowerfs.sh, consh_setup.sh -d, consh_nw_setup.sh PID. Sets CONTAINER_PID.
by_hand() {
    local name=$1 net=$2
    spec_with_network "$name" "$net"
    printf 'hostname: %s-host\n' "$name" >>"$T/$name.yaml"
    track_cgroup "$name-cg"
    track_netns "$name"
    generate "$T/$name.yaml" "$T/$name-scripts"
    start_detached "$T/$name-scripts" "$T/$name"
    run_ok "$T/$name-scripts/consh_nw_setup.sh" "$CONTAINER_PID"
    on_teardown "$T/$name" "$T/$name-scripts/consh_cleanup.sh"
}

@test "verify --pid: a container made by hand with the robust scripts passes every check, with a JUnit report and a score" {
    by_hand jgvp 10.231.145
    run_ok jg verify "$T/jgvp.yaml" --pid "$CONTAINER_PID" --junit "$T/report.xml"
    refute_line --partial FAIL
    refute_line --partial SKIP
    assert_line --partial "PASS root is the spec's overlay: overlay lowerdir=$T/jgvp/lower upperdir=$T/jgvp/ovly/upper"
    assert_line --partial "PASS /MANIFEST in the container"
    assert_line --partial "PASS hostname: jgvp-host"
    assert_line --partial "PASS tcp round trip (nc)"
    local total
    total=$(grep -c '^  PASS' <<<"$output")
    [ "${lines[-1]}" = "score: $total/$total" ] || fail "last line: ${lines[-1]}"
    # The JUnit report: a testcase per check, none failed or skipped, no time stamps.
    run_ok grep -c '<testcase ' "$T/report.xml"
    assert_output "$total"
    run_ok grep -F '<testsuite name="jconshgen verify jgvp" tests="'"$total"'" failures="0" errors="0" skipped="0">' "$T/report.xml"
    run_expect 1 grep -E 'timestamp|time=|hostname=' "$T/report.xml"
    # A spec that differs from the container: each difference is a FAIL with both sides, in the
    # text and in the JUnit report, and the exit status is 1.
    sed 's/^hostname: jgvp-host$/hostname: other-host/' "$T/jgvp.yaml" >"$T/other.yaml"
    run_expect 1 jg verify "$T/other.yaml" --pid "$CONTAINER_PID" --junit "$T/other.xml"
    assert_line --partial "FAIL hostname: expected other-host; saw jgvp-host"
    assert_line "score: $((total - 1))/$total"
    run_ok grep -F '<failure message="expected other-host; saw jgvp-host">' "$T/other.xml"
    # Another work directory: the overlay's layers are not that one's.
    mkdir "$T/elsewhere"
    run_expect 1 jg verify "$T/jgvp.yaml" --pid "$CONTAINER_PID" --workdir "$T/elsewhere"
    assert_line --partial "FAIL root is the spec's overlay: expected overlay lowerdir=$T/elsewhere/lower"
    # verify changed nothing: the container still passes.
    run_ok jg verify "$T/jgvp.yaml" --pid "$CONTAINER_PID"
    assert_line "score: $total/$total"
    stop_container "$CONTAINER_PID"
}

@test "verify --pid: a PID that is gone, the host's, not a number or not the caller's is refused (exit 2), nothing checked" {
    by_hand jgvq 10.231.146
    local gone
    sleep 0.1 &
    gone=$!
    wait "$gone"
    run_expect 2 jg verify "$T/jgvq.yaml" --pid "$gone"
    assert_output --partial "no process $gone (it has ended, or never ran)"
    run_expect 2 jg verify "$T/jgvq.yaml" --pid $$
    assert_output --partial "process $$ is not in a container: every namespace of it is the host's"
    run_expect 2 jg verify "$T/jgvq.yaml" --pid 12ab
    assert_output --partial "'12ab' is not a process ID"
    run_expect 2 jg verify jgvq --pid "$CONTAINER_PID"
    assert_output --partial "'jgvq' is not one (a path ending in .yaml)"
    run_expect 2 jg verify "$T/jgvq.yaml" --pid-of no-such-command-jg
    assert_output --partial "no process named no-such-command-jg is the first process of a container (no process has that name)"
    # As an ordinary user, root's container is not theirs to read.
    chmod 0755 "$T"
    chmod 0644 "$T/jgvq.yaml"
    run_expect 2 setpriv --reuid 65534 --regid 65534 --clear-groups "$JG" verify "$T/jgvq.yaml" --pid "$CONTAINER_PID"
    assert_output --partial "process $CONTAINER_PID runs as uid 0, not as you (uid 65534)"
    refute_output --partial PASS
    run_ok jg verify "$T/jgvq.yaml" --pid "$CONTAINER_PID"
    stop_container "$CONTAINER_PID"
}

@test "verify --pid: a lab, each member by --pid MEMBER=PID, with the members' reachability; a missing member is named" {
    requires_free_netns jgvl-a jgvl-b
    requires_free_bridge jgvlbr
    requires_free_subnet 10.231.147
    track_netns jgvl-a jgvl-b
    track_bridge jgvlbr
    {
        printf 'apiVersion: jconshgen/v1\nkind: Lab\nname: jgvl\n'
        printf 'network: {bridge: jgvlbr, address: 10.231.147.1/24, defaultRoute: true}\n'
        printf 'containers:\n  - name: jgvl-a\n  - name: jgvl-b\n'
    } >"$T/jgvl.yaml"
    LABS+=(jgvl)
    run_ok jg apply "$T/jgvl.yaml"
    local a b
    a=$(jg status jgvl-a --json | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
    b=$(jg status jgvl-b --json | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
    [[ $a =~ ^[0-9]+$ && $b =~ ^[0-9]+$ ]] || fail "no PIDs from status: '$a' '$b'"
    run_ok jg verify "$T/jgvl.yaml" --pid "jgvl-a=$a" --pid "jgvl-b=$b"
    refute_line --partial FAIL
    assert_line --partial "PASS jgvl-a: namespace net"
    assert_line --partial "PASS jgvl-b: host veth on the bridge"
    assert_line --partial "PASS ping jgvl-a -> jgvl-b"
    run_expect 2 jg verify "$T/jgvl.yaml" --pid "jgvl-a=$a"
    assert_output --partial "give each one's PID as --pid MEMBER=PID (missing: jgvl-b)"
    run_expect 2 jg verify "$T/jgvl.yaml" --pid "$a"
    assert_output --partial "not members: (no MEMBER=)"
}
