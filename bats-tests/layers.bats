#!/usr/bin/env bats
# Layers: busybox plus directory layers stacked in the spec's order (the topmost wins, writes
# land in upper/ only and leave every layer as it was), and apply's busybox layer cache (built
# once per busybox, shared read-only by every container, left alone by destroy). Names bly-*.

load helpers

setup() {
    apply_setup
}

teardown() {
    apply_teardown
}

# apply_ok NAME: apply $T/NAME.yaml, which must succeed with no check failing.
apply_ok() {
    APPLIED+=("$1")
    run_ok jg apply "$T/$1.yaml"
    refute_output --partial FAIL
    assert_output --partial "container $1 is running"
}

# lowerdir NAME: the lowerdir option of the overlay at the root of NAME's container.
lowerdir() {
    local pid
    pid=$(cat "$JCONSHGEN_STATE_DIR/$1/container.pid")
    awk '$5 == "/" { for (i = 1; i <= NF; i++) if ($i == "-") { print $(i + 3); exit } }' "/proc/$pid/mountinfo" \
        | tr ',' '\n' | sed -n 's/^lowerdir=//p'
}

# tree_sum DIR...: every file's and link's path and content hash, to prove a tree unchanged.
tree_sum() {
    find "$@" \( -type f -o -type l \) -print0 | sort -z | xargs -0 sha256sum
}

# The one cached busybox layer (the test fails unless there is exactly one).
cache_entry() {
    local entries
    # Hidden names are the cache's index (LayerIndex), never a layer.
    entries=$(find "$JCONSHGEN_CACHE_DIR" -mindepth 1 -maxdepth 1 ! -name '.*')
    [ "$(printf '%s\n' "$entries" | grep -c .)" -eq 1 ] || { echo "cache holds: $entries" >&2; return 1; }
    case $entries in "$JCONSHGEN_CACHE_DIR"/busybox-*) printf '%s\n' "$entries" ;; *) return 1 ;; esac
}

@test "layers: busybox, base and site stacked in order; the topmost wins, writes go to upper only" {
    local w=$T/bly-stack
    mkdir -p "$w/base/etc" "$w/site/etc"
    echo base >"$w/base/etc/motd"
    echo only in base >"$w/base/only-base"
    echo site >"$w/site/etc/motd"
    write_spec bly-stack "rootfs: {layers: [{busybox: {}}, {directory: {dir: base}}, {directory: {dir: site}}]}"
    apply_ok bly-stack
    local cached layers_before
    cached=$(cache_entry)
    # The overlay's lowerdir is the spec's list, topmost first, with the cached busybox layer.
    run_ok lowerdir bly-stack
    assert_output "$w/site:$w/base:$cached"
    layers_before=$(tree_sum "$w/base" "$w/site" "$cached")

    run_ok jg exec bly-stack -- cat /etc/motd
    assert_output site
    run_ok jg exec bly-stack -- cat /only-base
    assert_output "only in base"
    run_ok jg exec bly-stack -- sh -c 'echo written >/etc/motd && echo new >/new-file && rm /only-base && cat /etc/motd'
    assert_output written

    [ "$(cat "$w/ovly/upper/etc/motd")" = written ]
    [ "$(cat "$w/ovly/upper/new-file")" = new ]
    [ "$(tree_sum "$w/base" "$w/site" "$cached")" = "$layers_before" ]

    run_ok jg destroy bly-stack
    [ ! -e "$w/ovly" ]
    [ "$(tree_sum "$w/base" "$w/site" "$cached")" = "$layers_before" ]
}

@test "cache: two containers share one busybox layer built once; destroy leaves it; verify sees the path" {
    write_spec bly-one
    write_spec bly-two
    apply_ok bly-one
    assert_line --regexp '^lower layer +OK'
    local entry stamp
    entry=$(cache_entry)
    stamp=$(stat -c '%i %Y' "$entry" "$entry/bin/busybox")

    apply_ok bly-two
    assert_line --regexp '^lower layer \(cached\) +OK'
    refute_line --regexp '^lower layer +OK'
    [ "$(cache_entry)" = "$entry" ]
    [ "$(stat -c '%i %Y' "$entry" "$entry/bin/busybox")" = "$stamp" ]
    run_ok lowerdir bly-one
    assert_output "$entry"
    run_ok lowerdir bly-two
    assert_output "$entry"
    # apply made no layer in the work directories
    [ ! -e "$T/bly-one/lower" ] && [ ! -e "$T/bly-two/lower" ]
    run_ok jg verify bly-two
    assert_line --partial "PASS root is the spec's overlay"

    # verify checks the recorded layer: pointed elsewhere, the rootfs check fails
    echo "$T/bly-one" >"$JCONSHGEN_STATE_DIR/bly-two/busybox-layer"
    run_expect 1 jg verify bly-two
    assert_line --partial "FAIL root is the spec's overlay"

    local sum
    sum=$(tree_sum "$entry")
    run_ok jg destroy bly-one
    run_ok jg destroy bly-two
    [ "$(cache_entry)" = "$entry" ]
    [ "$(tree_sum "$entry")" = "$sum" ]
    [ ! -e "$T/bly-one" ] && [ ! -e "$T/bly-two" ]
}

@test "cache: an entry whose busybox is not the one it is named after is refused, with the remedy; nothing is made" {
    write_spec bly-good
    apply_ok bly-good
    run_ok jg destroy bly-good
    local entry
    entry=$(cache_entry)
    # bin/busybox and its applet links are one file: a byte more makes it another binary
    printf x >>"$entry/bin/busybox"
    write_spec bly-bad
    APPLIED+=(bly-bad)
    run_expect 1 jg apply "$T/bly-bad.yaml"
    assert_output --partial "the cached layer $entry does not hold the busybox it is named after"
    assert_output --partial "rm -rf '$entry'"
    assert_output --partial "everything apply made was removed"
    [ ! -e "$T/bly-bad" ] && [ ! -e "$JCONSHGEN_STATE_DIR/bly-bad" ]
}
