#!/usr/bin/env bats
# A class of machines (issue 19): 'jconshgen export ansible' and its playbooks, run by Ansible on
# three hosts made here (fleet-hosts.bash: each its own network, UTS, IPC, PID and mount namespace,
# reached through community.docker.nsenter). Two hosts get the container with their own names and
# addresses, verified, with their reports collected; the third has no cgroup hierarchy and stops
# with preflight's remedy while the others go on. A second run changes nothing, --check changes
# nothing, destroy removes it all. Run by 'make fleet-test' (not by 'make test': it needs Ansible).
#
# Names of this file: containers bfleet-c1..3, cgroups bfleet_cg1..3, network namespaces
# bfleet1..3 (inside the hosts' own network namespaces), addresses 10.231.20X.0/24 (the same there);
# the lab test: labs bflab1..2 with members bfl-aN, bfl-bN, cgroups bfl_aN, bfl_bN, bridges
# bflbrN (inside the hosts), 10.231.21N.0/24.

load helpers
load fleet-hosts

HOSTS=(h1 h2 h3)

setup() {
    common_setup
    requires root busybox jar ansible-playbook nsenter
    [ -f /usr/lib/python3/dist-packages/ansible_collections/community/docker/plugins/connection/nsenter.py ] \
        || skip "needs the community.docker collection's nsenter connection (apt-get install ansible)"
    local i
    for i in 1 2 3; do
        requires_free_cgroup "bfleet_cg$i" "bfl_a$i" "bfl_b$i"
        track_cgroup "bfleet_cg$i" "bfl_a$i" "bfl_b$i"
    done
    # Ansible's own files (its home, the hosts' temporary files) stay in $T
    export ANSIBLE_HOME=$T/ansible-home
    EXPORT=$T/export
}

teardown() {
    local h
    for h in "${HOSTS[@]}"; do
        fleet_host_stop "$h" "$T"
    done
    common_teardown
}

# inventory_head: the inventory's first lines: every host through nsenter; the hosts have no
# mirror, so apt only checks that the packages are installed.
inventory_head() {
    printf 'all:\n  vars:\n    ansible_connection: community.docker.nsenter\n    jconshgen_apt_update: false\n  hosts:\n'
}

# inventory_host N: host hN's entry without its spec values: its init, and its own directories
# and layer cache (the hosts share this machine's files).
inventory_host() {
    printf '    h%s:\n' "$1"
    printf '      ansible_nsenter_pid: %s\n      ansible_remote_tmp: %s\n' "$(cat "$T/h$1.pid")" "$T/h$1/tmp"
    printf '      jconshgen_prefix: %s\n      jconshgen_dir: %s\n' "$T/h$1/opt" "$T/h$1/var"
    printf '      jconshgen_environment: {JCONSHGEN_CACHE_DIR: %s}\n' "$T/h$1/cache"
}

# start_hosts: h1 and h2 ready, h3 with no cgroup hierarchy; the inventory in $T/inventory.yml
# gives each its own directories and its own value of every per-host variable.
start_hosts() {
    fleet_host_start h1 "$T"
    fleet_host_start h2 "$T"
    fleet_host_start h3 "$T" nocgroup
    local i
    {
        inventory_head
        for i in 1 2 3; do
            inventory_host "$i"
            printf '      consh_name: bfleet-c%s\n      consh_hostname: bfleet-h%s-c\n' "$i" "$i"
            printf '      consh_cgroup: bfleet_cg%s\n      consh_netns: bfleet%s\n' "$i" "$i"
            printf '      consh_host_address: 10.231.20%s.1/24\n      consh_container_address: 10.231.20%s.2/24\n' "$i" "$i"
        done
    } >"$T/inventory.yml"
}

# playbook STATUS PLAYBOOK [ARGS...]: ansible-playbook in the export, with a clean environment (the
# nsenter connection passes the controller's environment to the hosts' commands).
playbook() {
    local expected=$1
    shift
    cd "$EXPORT" || return 1
    run_expect "$expected" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$HOME" ANSIBLE_HOME="$ANSIBLE_HOME" \
        ANSIBLE_NOCOLOR=1 ansible-playbook -i "$T/inventory.yml" "$@"
    cd "$ORIG_PWD" || return 1
}

# recap HOST [TEXT]: the host's line of the play recap in TEXT (default: $output), as
# "ok=16 changed=5 unreachable=0 failed=0 ...".
recap() {
    printf '%s\n' "${2-$output}" | sed -n "s/^$1 *: //p" | tr -s ' '
}

# on_host N CMD...: CMD in host hN's namespaces, with the host's jconshgen as $JGH.
on_host() {
    local n=$1
    shift
    nsenter --mount --uts --ipc --net --pid --target "$(cat "$T/h$n.pid")" -- \
        env JCONSHGEN_CACHE_DIR="$T/h$n/cache" JGH="$T/h$n/opt/bin/jconshgen" sh -c "$*"
}

@test "apply.yml: two hosts get the container with their own names and addresses, verified and reported; the third reports its remedy" {
    run_ok "$JG" export ansible "$REPO/examples/lab.yaml" -o "$EXPORT"
    start_hosts

    playbook 2 apply.yml
    [[ $(recap h1) == "ok="*" changed="[1-9]*" unreachable=0 failed=0 "* ]] || fail "h1: $(recap h1)"
    [[ $(recap h2) == "ok="*" changed="[1-9]*" unreachable=0 failed=0 "* ]] || fail "h2: $(recap h2)"
    [[ $(recap h3) == *" failed=1 "* ]] || fail "h3: $(recap h3)"
    assert_output --partial 'fatal: [h3]: FAILED!'
    assert_output --partial '/sys/fs/cgroup is a tmpfs with no cgroup hierarchy under it'
    assert_output --partial 'remedy: sudo mkdir -p /sys/fs/cgroup/unified && sudo mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified'
    printf '%s\n' "$output" | sed -n '/^PLAY RECAP/,$p' >"$T/recap-1.txt"
    printf '%s\n' "$output" | grep -F 'fatal: [h3]' >"$T/recap-1-h3.txt"

    # the reports, collected on the controller
    local n
    for n in 1 2; do
        run_ok grep -c '<testcase ' "$EXPORT/reports/h$n/verify.xml"
        [ "$output" -ge 15 ] || fail "h$n: only $output checks"
        run_ok grep -F "<testsuite name=\"jconshgen verify bfleet-c$n\"" "$EXPORT/reports/h$n/verify.xml"
        assert_output --partial 'failures="0" errors="0"'
        run_ok grep -F 'name="jconshgen preflight bfleet-c'"$n"'" tests="1" failures="0"' "$EXPORT/reports/h$n/preflight.xml"
    done
    run_ok grep -F 'failures="1"' "$EXPORT/reports/h3/preflight.xml"
    run_ok grep -F 'remedy: sudo mkdir -p /sys/fs/cgroup/unified' "$EXPORT/reports/h3/preflight.xml"
    [ ! -e "$EXPORT/reports/h3/verify.xml" ] || fail "a blocked host has a verify report"
    cp -r "$EXPORT/reports" "$T/reports-1"

    # each host's container has that host's values, and only its host sees it
    for n in 1 2; do
        run_ok on_host "$n" '"$JGH" exec bfleet-c'"$n"' hostname'
        assert_output "bfleet-h$n-c"
        run_ok on_host "$n" 'ip -br addr show bfleet'"$n"'-0'
        assert_output --partial "10.231.20$n.1/24"
        run_ok on_host "$n" 'ping -c 1 -W 2 10.231.20'"$n"'.2'
        [ -n "$(ls -d /sys/fs/cgroup/bfleet_cg$n /sys/fs/cgroup/*/bfleet_cg$n 2>/dev/null)" ] || fail "no cgroup bfleet_cg$n"
    done
    run_ok on_host 1 '"$JGH" status'
    refute_output --partial bfleet-c2
    run_ok on_host 3 '"$JGH" status'
    assert_output 'no containers'
    ! ip link show bfleet1-0 >/dev/null 2>&1 || fail "the host's veth is on this machine"

    # a second run changes nothing
    local pid1
    pid1=$(on_host 1 '"$JGH" status --json bfleet-c1' | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
    [ -n "$pid1" ] || fail "no PID in status"
    playbook 2 apply.yml
    [[ $(recap h1) == *" changed=0 unreachable=0 failed=0 "* ]] || fail "h1, second run: $(recap h1)"
    [[ $(recap h2) == *" changed=0 unreachable=0 failed=0 "* ]] || fail "h2, second run: $(recap h2)"
    [[ $(recap h3) == *" changed=0 unreachable=0 failed=1 "* ]] || fail "h3, second run: $(recap h3)"
    printf '%s\n' "$output" | sed -n '/^PLAY RECAP/,$p' >"$T/recap-2.txt"

    # --check with a new host name for h1: reported as a change, nothing changed
    playbook 0 apply.yml --check --limit h1 -e consh_hostname=bfleet-other
    [[ $(recap h1) == *" changed="[1-9]*" failed=0 "* ]] || fail "h1, --check: $(recap h1)"
    assert_output --partial 'would destroy bfleet-c1 and apply bfleet-c1'
    run_ok on_host 1 'grep hostname: '"$T"'/h1/var/spec.yaml'
    assert_output 'hostname: bfleet-h1-c'
    run_ok on_host 1 '"$JGH" status --json bfleet-c1'
    assert_output --partial "\"pid\":$pid1,"
    [ ! -e "$T/h1/var/.check-spec.yaml" ] || fail "--check left its temporary spec"

    # the new host name on a host that is not ready (a dynamic busybox): the host stops, its
    # container stays; once it is ready, the next run applies the new spec, though the host's copy
    # of it was written by the run that stopped
    playbook 2 apply.yml --limit h1 -e consh_hostname=bfleet-other \
        -e '{"jconshgen_environment": {"JCONSHGEN_CACHE_DIR": "'"$T"'/h1/cache", "BUSYBOX": "/bin/true"}}'
    [[ $(recap h1) == *" failed=1 "* ]] || fail "h1, not ready: $(recap h1)"
    assert_output --partial 'BUSYBOX=/bin/true is dynamically linked'
    run_ok on_host 1 '"$JGH" exec bfleet-c1 hostname'
    assert_output bfleet-h1-c
    playbook 0 apply.yml --limit h1 -e consh_hostname=bfleet-other
    [[ $(recap h1) == *" changed="[1-9]*" failed=0 "* ]] || fail "h1, ready again: $(recap h1)"
    run_ok on_host 1 '"$JGH" exec bfleet-c1 hostname'
    assert_output bfleet-other

    # a new name: the container of the old one is destroyed, not left beside the new one
    playbook 0 apply.yml --limit h1 -e consh_hostname=bfleet-other -e consh_name=bfleet-c1b
    [[ $(recap h1) == *" changed="[1-9]*" failed=0 "* ]] || fail "h1, renamed: $(recap h1)"
    run_ok on_host 1 '"$JGH" status'
    assert_output --partial bfleet-c1b
    refute_output --regexp 'bfleet-c1 '
    run_ok grep -F 'name="jconshgen verify bfleet-c1b"' "$EXPORT/reports/h1/verify.xml"

    # destroy.yml --check says what it would remove and removes nothing
    playbook 0 destroy.yml --check
    assert_output --partial 'would destroy bfleet-c1b'
    assert_output --partial 'would destroy bfleet-c2'
    run_ok on_host 1 '"$JGH" verify bfleet-c1b'
    [ -e "$T/h1/var/spec.yaml" ] || fail "destroy --check removed h1's spec"

    # destroy.yml removes it all (h1's container by the name applied last); a second run finds nothing
    playbook 0 destroy.yml
    [[ $(recap h1) == *" changed="[1-9]*" failed=0 "* ]] || fail "h1, destroy: $(recap h1)"
    [[ $(recap h2) == *" changed="[1-9]*" failed=0 "* ]] || fail "h2, destroy: $(recap h2)"
    printf '%s\n' "$output" | sed -n '/^PLAY RECAP/,$p' >"$T/recap-destroy.txt"
    for n in 1 2 3; do
        run_ok on_host "$n" '"$JGH" status'
        assert_output 'no containers'
        [ ! -e "$T/h$n/var" ] || fail "h$n: $T/h$n/var is left"
        [ -z "$(ls -d /sys/fs/cgroup/bfleet_cg$n /sys/fs/cgroup/*/bfleet_cg$n 2>/dev/null)" ] || fail "cgroup bfleet_cg$n is left"
    done
    playbook 0 destroy.yml
    for n in 1 2 3; do
        [[ $(recap h$n) == *" changed=0 unreachable=0 failed=0 "* ]] || fail "h$n, second destroy: $(recap h$n)"
    done
    # --check of apply.yml on hosts with jconshgen but nothing else: what it would do, no failure
    playbook 0 apply.yml --check --limit h1,h2
    assert_output --partial 'would apply bfleet-c1'
    [ ! -e "$T/h1/var" ] || fail "apply --check made $T/h1/var"

    # a jconshgen_dir that is not the playbook's is refused, and left as it was
    mkdir -p "$T/foreign" && echo mine >"$T/foreign/data" && chmod 0755 "$T/foreign"
    playbook 2 apply.yml --limit h2 -e jconshgen_dir="$T/foreign"
    assert_output --partial "has no .jconshgen-fleet in it: it is not this"
    [ "$(stat -c %a "$T/foreign")" = 755 ] && [ "$(ls -A "$T/foreign")" = data ] || fail "the foreign directory was changed"
    playbook 0 destroy.yml --limit h2 -e jconshgen_dir="$T/foreign"
    [ "$(cat "$T/foreign/data")" = mine ] || fail "destroy removed a directory that is not the playbook's"

    # for the record (make fleet-test prints them): the recaps and the reports
    if [ -n "${FLEET_RECORD:-}" ]; then
        mkdir -p "$FLEET_RECORD" && cp "$T"/recap-*.txt "$FLEET_RECORD"/ && cp -r "$T/reports-1" "$FLEET_RECORD/reports"
    fi
}

@test "a lab on two hosts: each its own lab name, bridge, members and addresses, verified with every pair; destroyed" {
    cat >"$T/bflab.yaml" <<'YAML'
apiVersion: jconshgen/v1
kind: Lab
name: bflab
network: {bridge: bflbr0, address: 10.231.210.1/24}
containers:
  - name: bfl-a
    cgroup: {name: bfl_a}
  - name: bfl-b
    cgroup: {name: bfl_b}
YAML
    # the spec's own cgroup names too: were the per-host values lost, the hosts would make these
    requires_free_cgroup bfl_a bfl_b
    track_cgroup bfl_a bfl_b
    run_ok "$JG" export ansible "$T/bflab.yaml" -o "$EXPORT"
    fleet_host_start h1 "$T"
    fleet_host_start h2 "$T"
    local i m
    {
        inventory_head
        for i in 1 2; do
            inventory_host "$i"
            printf '      consh_lab_name: bflab%s\n      consh_bridge: bflbr%s\n' "$i" "$i"
            printf '      consh_bridge_address: 10.231.21%s.1/24\n' "$i"
            for m in a b; do
                printf '      consh_bfl_%s_name: bfl-%s%s\n      consh_bfl_%s_cgroup: bfl_%s%s\n' "$m" "$m" "$i" "$m" "$m" "$i"
                printf '      consh_bfl_%s_netns: bfl-%s%s\n      consh_bfl_%s_hostname: bfl-%s%s-host\n' "$m" "$m" "$i" "$m" "$m" "$i"
            done
            printf '      consh_bfl_a_address: 10.231.21%s.2/24\n      consh_bfl_b_address: 10.231.21%s.3/24\n' "$i" "$i"
        done
    } >"$T/inventory.yml"

    playbook 0 apply.yml
    local played=$output
    for i in 1 2; do
        [[ $(recap h$i "$played") == *" changed="[1-9]*" unreachable=0 failed=0 "* ]] || fail "h$i: $(recap h$i "$played")"
        run_ok grep -F "<testsuite name=\"jconshgen verify bflab$i\"" "$EXPORT/reports/h$i/verify.xml"
        assert_output --partial 'failures="0" errors="0"'
        run_ok grep -c '<testcase ' "$EXPORT/reports/h$i/verify.xml"
        [ "$output" -ge 30 ] || fail "h$i: only $output checks"
        run_ok on_host "$i" '"$JGH" exec bfl-b'"$i"' hostname'
        assert_output "bfl-b$i-host"
        run_ok on_host "$i" 'ip -br addr show bflbr'"$i"
        assert_output --partial "10.231.21$i.1/24"
    done
    ! ip link show bflbr1 >/dev/null 2>&1 || fail "the lab's bridge is on this machine"
    playbook 0 apply.yml
    for i in 1 2; do
        [[ $(recap h$i) == *" changed=0 unreachable=0 failed=0 "* ]] || fail "h$i, second run: $(recap h$i)"
    done
    playbook 0 destroy.yml
    for i in 1 2; do
        run_ok on_host "$i" '"$JGH" status'
        assert_output 'no containers'
        run_ok on_host "$i" 'ip -br link'
        refute_output --partial bflbr
        for m in a b; do
            [ -z "$(ls -d /sys/fs/cgroup/bfl_$m$i /sys/fs/cgroup/*/bfl_$m$i 2>/dev/null)" ] || fail "cgroup bfl_$m$i is left"
        done
    done
}

# render_spec EXPORT OUT [ARGS...]: the role's spec task on this machine (connection local): the
# spec a host would get, written to OUT/spec.yaml.
render_spec() {
    local export=$1 out=$2
    shift 2
    printf '%s\n' '- hosts: localhost' '  connection: local' '  gather_facts: false' '  tasks:' \
        '    - ansible.builtin.import_role: {name: jconshgen, tasks_from: spec}' >"$T/render.yml"
    (cd "$export" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$HOME" ANSIBLE_HOME="$ANSIBLE_HOME" \
        ansible-playbook -i localhost, "$T/render.yml" -e jconshgen_dir="$out" -e ansible_remote_tmp="$T/tmp" "$@")
}

@test "the spec a host gets is the spec: every example exported and rendered by Ansible generates the same scripts" {
    local spec name count=0
    for spec in "$REPO"/examples/*.yaml; do
        name=$(basename "$spec" .yaml)
        # refused: image and directory layers (the hosts lack their files), a bridged container (a lab's)
        if grep -qE '^ *- (image|directory):' "$spec" || { grep -q '^kind: Container' "$spec" && grep -q 'bridge:' "$spec"; }; then
            run_expect 2 "$JG" export ansible "$spec" -o "$T/x-$name"
            assert_output --regexp '(image|directory) layers are not exported yet|a bridged container is applied only as a member of a lab'
            [ ! -e "$T/x-$name" ] || fail "a refused export left $T/x-$name"
            continue
        fi
        run_ok "$JG" export ansible "$spec" -o "$T/x-$name"
        run_ok render_spec "$T/x-$name" "$T/r-$name"
        run_ok "$JG" generate "$spec" -o "$T/g1/$name"
        run_ok "$JG" generate "$T/r-$name/spec.yaml" -o "$T/g2/$name"
        count=$((count + 1))
    done
    [ "$count" -ge 6 ] || fail "only $count examples"
    run_ok diff -r "$T/g1" "$T/g2"
}

@test "per-host values are data: a value or a spec string that reads as Jinja is written as it is, and runs nothing" {
    cat >"$T/tricky.yaml" <<'YAML'
apiVersion: jconshgen/v1
kind: Container
name: bfleet-j
workdir: demo
rootfs: {layers: [{busybox: {}}], overlay: ovly}
namespaces: [user, pid, mount, uts]
user: {mapRootUser: true}
command: [sh, -c, "echo '{{ lookup(\"pipe\", \"touch /tmp/bfleet-pwned\") }}' > /x; sleep 1000", "0755", "on", "no", "~", "=",
          "1_000", "10:30", "2024-01-01", ".inf", "<<", "True", "null", "-", "0x1F"]
probes:
  - exec: {command: [cat, /x], expect: "{{ 7 * 7 }}"}
YAML
    run_ok "$JG" export ansible "$T/tricky.yaml" -o "$T/x"
    run_ok grep -F '!unsafe' "$T/x/roles/jconshgen/vars/main.yml"
    # a per-host value with YAML markup in it stays one string
    run_ok render_spec "$T/x" "$T/r" -e '{"consh_name": "bfleet-j\nkind: Lab"}'
    [ ! -e /tmp/bfleet-pwned ] || { rm -f /tmp/bfleet-pwned; fail "the spec's Jinja ran"; }
    run_ok grep -c '^kind:' "$T/r/spec.yaml"
    assert_output 1
    run_ok grep -F 'kind: Container' "$T/r/spec.yaml"
    run_expect 2 "$JG" validate "$T/r/spec.yaml"
    assert_output --partial "name: 'bfleet-j\\x0akind: Lab' is not a valid name"
    run_ok render_spec "$T/x" "$T/r2"
    run_ok "$JG" generate "$T/tricky.yaml" -o "$T/g1"
    run_ok "$JG" generate "$T/r2/spec.yaml" -o "$T/g2"
    run_ok diff -r "$T/g1" "$T/g2"
    run_ok grep -F 'expect: '"'"'{{ 7 * 7 }}'"'" "$T/r2/spec.yaml"
}
