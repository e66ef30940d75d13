#!/usr/bin/env bats
# The hostile corpus (generator/core/src/test/resources/hostile-values.txt, shared with the JUnit
# HostileCorpus* tests) through the commands jconshgen itself runs: every value the validator
# accepts for a path goes, nine at a time, into the work directory, six directory layers, the
# busybox layer and the overlay of a real container, which is applied, verified, entered with exec,
# shown by status and destroyed. A value that tries to run a command would touch a file in
# $T/canary: that directory must stay empty, and nothing may leak.
#
# Names of this file: containers and netns bq1..bq5 (bq6..bq9 reserved), cgroups bq<N>_cg, subnets
# 10.231.(220+N).0/24.

load helpers

CORPUS=$REPO/generator/core/src/test/resources/hostile-values.txt

setup() {
    common_setup
    requires jar
    export JCONSHGEN_STATE_DIR=$T/state
    CANARY=$T/canary
    mkdir "$CANARY"
    APPLIED=()
}

teardown() {
    local name result=0
    # also after a failed step: whatever failed, no value may have run
    canary_silent || result=1
    for name in "${APPLIED[@]}"; do
        "$JG" destroy "$name" >/dev/null 2>&1 || true
    done
    common_teardown || result=1
    return "$result"
}

jg() {
    "$JG" "$@"
}

# corpus_values KIND: the decoded values the corpus says KIND accepts, NUL-terminated, with
# @CANARY@ replaced by $CANARY (the notation is the file's header: printf %b escapes, @repeat).
corpus_values() {
    local id kinds raw value text count
    while IFS=' ' read -r id kinds raw || [ -n "$id" ]; do
        case $id in '' | '#'*) continue ;; esac
        case ",$kinds," in *",$1,"*) ;; *) continue ;; esac
        if [[ $raw == '@repeat '* ]]; then
            read -r _ count text <<<"$raw"
            printf -v text '%b' "$text"
            value=''
            while [ "$count" -gt 0 ]; do value+=$text; count=$((count - 1)); done
        else
            printf -v value '%b' "$raw"
        fi
        printf '%s\0' "${value//@CANARY@/$CANARY}"
    done <"$CORPUS"
}

# yq VALUE: VALUE as a YAML double-quoted scalar (path values have no control characters).
yq() {
    local v=${1//\\/\\\\}
    printf '"%s"' "${v//\"/\\\"}"
}

# canary_silent: nothing ran: the canary directory is empty.
canary_silent() {
    local found
    found=$(find "$CANARY" -mindepth 1 2>/dev/null)
    if [ -n "$found" ]; then
        printf 'a hostile value ran as a command; it made:\n%s\n' "$found" >&2
        return 1
    fi
}

# Values per container: the work directory, DIR_LAYERS directory layers, the busybox layer and the
# overlay. Nine to a container, not five: every value still goes through every command, with
# fewer JVM starts and containers (5 groups, not 9).
DIR_LAYERS=6
PER_GROUP=$((DIR_LAYERS + 3))

# apply_group N: the Nth group of PER_GROUP accepted path values through apply, verify, exec,
# status and destroy; skipped when the corpus has fewer groups.
apply_group() {
    local n=$1 values=() v
    while IFS= read -r -d '' v; do values+=("$v"); done < <(corpus_values path)
    [ "${#values[@]}" -gt $(((n - 1) * PER_GROUP)) ] || skip "the corpus has fewer than $n groups of path values"
    requires root busybox userns-overlay nsenter ip unshare
    local name=bq$n net=10.231.$((220 + n))
    requires_free_netns "$name"
    requires_free_cgroup "${name}_cg"
    requires_free_subnet "$net"
    track_netns "$name"
    track_cgroup "${name}_cg"
    # PER_GROUP consecutive values, wrapping around at the end of the list
    local i=$(((n - 1) * PER_GROUP)) count=${#values[@]} k dirs=()
    W=${values[i % count]} L=${values[(i + 1) % count]} O=${values[(i + 2) % count]}
    for ((k = 0; k < DIR_LAYERS; k++)); do dirs+=("${values[(i + 3 + k) % count]}"); done
    # directory layers must exist beforehand: prepared inside the (hostile) work directory
    local specdir=$T/spec
    for v in "${dirs[@]}"; do mkdir -p -- "$specdir/$W/$v"; done
    {
        printf 'name: %s\nhostname: hostile-%s\nworkdir: %s\n' "$name" "$n" "$(yq "$W")"
        printf 'rootfs:\n  layers:\n'
        for v in "${dirs[@]}"; do printf '    - directory: {dir: %s}\n' "$(yq "$v")"; done
        printf '    - busybox: {dir: %s}\n  overlay: %s\n' "$(yq "$L")" "$(yq "$O")"
        printf 'cgroup: {name: %s_cg, limits: {pids: 64}}\n' "$name"
        printf 'network: {netns: %s, hostAddress: %s.1/24, containerAddress: %s.2/24}\n' "$name" "$net" "$net"
    } >"$specdir/spec.yaml"

    APPLIED+=("$name")
    run_ok jg apply "$specdir/spec.yaml"
    refute_output --partial FAIL
    assert_output --partial "container $name is running"
    canary_silent

    run_ok jg verify "$name"
    assert_output --partial "all checks passed"
    assert_output --partial "PASS root is the spec's overlay"
    # the real directories carry the exact names; apply takes the busybox layer from its cache
    [ ! -e "$specdir/$W/$L" ]
    assert_output --partial "lowerdir=$JCONSHGEN_CACHE_DIR/busybox-"
    [ -d "$specdir/$W/$O/upper" ] || fail "no upper directory in the overlay"
    [ -f "$specdir/$W/$O/upper/MANIFEST" ] || fail "no MANIFEST in the overlay's upper directory"

    # exec: arguments reach the command inside as they are, however hostile
    run_ok jg exec "$name" -- cat /MANIFEST
    assert_line 'creator pid: 1'
    local args=("$W" "$O" '$(touch /pwned)' '`touch /pwned`' '; touch /pwned' '--' '-n' '')
    run_ok jg exec "$name" -- sh -c 'printf "[%s]\n" "$@"; [ ! -e /pwned ] && echo clean' sh "${args[@]}"
    assert_output -- "$(printf '[%s]\n' "${args[@]}"; echo clean)"

    run_ok jg status "$name"
    assert_output --partial "$specdir/$W"
    run_ok jg status "$name" --json
    assert_output --partial '"state":"running"'
    canary_silent

    run_ok jg destroy "$name"
    assert_output --partial "nothing of it is left"
    # destroy removes what apply made (busybox layer, overlay), not the directory layer it found
    [ ! -e "$specdir/$W/$L" ] || fail "destroy left the busybox layer"
    [ ! -e "$specdir/$W/$O" ] || fail "destroy left the overlay"
    for v in "${dirs[@]}"; do [ -d "$specdir/$W/$v" ]; done
    [ ! -e "$JCONSHGEN_STATE_DIR/$name" ]
    canary_silent
    run_ok no_leaks
}

@test "hostile corpus: the file decodes, and its path values carry commands, quotes, '-', spaces and non-ASCII" {
    values=()
    while IFS= read -r -d '' v; do values+=("$v"); done < <(corpus_values path)
    [ "${#values[@]}" -ge 40 ]
    [ "${#values[@]}" -le $((5 * PER_GROUP)) ] || {
        echo "more path values than the 5 groups below cover ($PER_GROUP each): add a group" >&2
        false
    }
    printf '%s\n' "${values[@]}" >"$T/values"
    grep -qF "\$(touch $CANARY/" "$T/values"
    grep -qF "\`touch $CANARY/" "$T/values"
    grep -qF ";touch $CANARY/" "$T/values"
    grep -q "^-" "$T/values"
    grep -q " " "$T/values"
    grep -q "'" "$T/values"
    grep -q '"' "$T/values"
    grep -qF 'café' "$T/values"
    grep -qxE 'a{255}' "$T/values"
}

@test "hostile corpus: path values, group 1" { apply_group 1; }
@test "hostile corpus: path values, group 2" { apply_group 2; }
@test "hostile corpus: path values, group 3" { apply_group 3; }
@test "hostile corpus: path values, group 4" { apply_group 4; }
@test "hostile corpus: path values, group 5" { apply_group 5; }
