#!/usr/bin/env bats
# Bad specs on the command line: malformed YAML, wrong types, unknown and duplicate keys, missing
# fields, empty and comment-only files, a directory, a missing, unreadable, binary, non-UTF-8 or
# huge file, an alias bomb, deep nesting. Each gives exit 2 and only lines of the form
# FILE:LINE:COLUMN: ... (or FILE: ... for a problem with the file itself), and creates nothing:
# 'generate -o DIR' leaves DIR absent, 'apply' leaves no state directory and no work directory,
# and leakcheck stays clean.
#
# Names of this file: container bqbad (never created).

load helpers

setup() {
    common_setup
    requires jar
    export JCONSHGEN_STATE_DIR=$T/state
    mkdir "$T/specs"
}

# bad NAME: write $T/specs/NAME.yaml from standard input.
bad() {
    cat >"$T/specs/$1.yaml"
}

# located SPEC TEXT: every line of TEXT is FILE:LINE:COLUMN: ... or FILE: ..., except the one
# summary line generate and apply add.
located() {
    local line
    while IFS= read -r line; do
        [[ $line == "$1:"[0-9]*:[0-9]*": "* || $line == "$1: "* ]] && continue
        [[ $line =~ ^jconshgen:\ [0-9]+\ errors?\ in\ the\ spec\;\ nothing\ was\ written$ ]] && continue
        echo "not FILE:LINE:COLUMN: or FILE: for $1: $line" >&2
        return 1
    done <<<"$2"
}

# refused SPEC: validate, generate and (as root) apply exit 2 with located one-line errors,
# and none of them creates anything. ERRORS is what validate printed.
refused() {
    local spec=$1
    run_expect 2 --separate-stderr "$JG" validate "$spec"
    ERRORS=$stderr
    [ -n "$ERRORS" ] && [ -z "$output" ]
    located "$spec" "$ERRORS"
    run_expect 2 --separate-stderr "$JG" generate "$spec" -o "$T/out"
    located "$spec" "$stderr"
    [ ! -e "$T/out" ] || {
        echo "generate created $T/out for $spec" >&2
        return 1
    }
    if [ "$(id -u)" -eq 0 ]; then
        run_expect 2 --separate-stderr "$JG" apply "$spec"
        located "$spec" "$stderr"
        [ ! -e "$JCONSHGEN_STATE_DIR" ] || {
            echo "apply created $JCONSHGEN_STATE_DIR for $spec" >&2
            return 1
        }
        [ ! -e "$T/specs/bqbad" ] || {
            echo "apply created the work directory for $spec" >&2
            return 1
        }
    fi
}

@test "bad specs: malformed YAML of several kinds" {
    printf 'name: bqbad\nrootfs:\n  overlay: o\n layers: []\n' | bad indentation
    printf 'name: "bqbad\nworkdir: bqbad\n' | bad unclosed-quote
    printf 'name: bqbad\nrootfs:\n\toverlay: o\n' | bad tab-indentation
    printf 'name: bqbad\nhostname: a: b\n' | bad mapping-value
    printf 'name: bqbad\n---\nname: other\n' | bad two-documents
    for spec in indentation unclosed-quote tab-indentation mapping-value two-documents; do
        refused "$T/specs/$spec.yaml"
    done
    refused "$T/specs/indentation.yaml"
    assert_equal "${ERRORS%%: not valid YAML*}" "$T/specs/indentation.yaml:4:2"
}

@test "bad specs: wrong types, unknown keys, duplicate keys, missing name" {
    printf 'name: bqbad\nnamespaces: mount\ncgroup: {limits: {pids: ten}}\n' | bad wrong-types
    printf 'name: bqbad\nimage: alpine\nnetwork: {netns: bqbad, gateway: 10.231.170.254}\n' | bad unknown-keys
    printf 'name: bqbad\nworkdir: a\nworkdir: b\n' | bad duplicate-key
    printf 'workdir: bqbad\nhostname: bqbad\n' | bad missing-name
    for spec in wrong-types unknown-keys duplicate-key missing-name; do
        refused "$T/specs/$spec.yaml"
    done
    refused "$T/specs/unknown-keys.yaml"
    # one line per problem: two unknown keys, two lines
    assert_equal "$(grep -c 'unknown key' <<<"$ERRORS")" 2
    refused "$T/specs/wrong-types.yaml"
    [[ $ERRORS == *"$T/specs/wrong-types.yaml:2:13: namespaces: expected a list"* ]]
    [[ $ERRORS == *"$T/specs/wrong-types.yaml:3:25: cgroup.limits.pids: expected a whole number"* ]]
}

@test "bad specs: empty, only comments, a directory, a missing file" {
    : | bad empty
    printf '# nothing yet\n\n# still nothing\n' | bad comments
    mkdir "$T/specs/dir.yaml"
    for spec in empty comments dir missing; do
        refused "$T/specs/$spec.yaml"
    done
    refused "$T/specs/dir.yaml"
    assert_equal "$ERRORS" "$T/specs/dir.yaml: cannot read the spec: it is a directory (give the YAML file itself)"
    refused "$T/specs/missing.yaml"
    assert_equal "$ERRORS" "$T/specs/missing.yaml: cannot read the spec: no such file (check the path)"
}

@test "bad specs: binary, non-UTF-8 and NUL bytes are located" {
    head -c 4096 /bin/true >"$T/specs/binary.yaml"
    printf 'name: bqbad\nhostname: caf\xe9\n' >"$T/specs/latin1.yaml"
    printf 'name: bqbad\nhostname: a\000b\n' >"$T/specs/nul.yaml"
    refused "$T/specs/binary.yaml"
    refused "$T/specs/latin1.yaml"
    assert_equal "$ERRORS" "$T/specs/latin1.yaml:2:14: not UTF-8 text: byte 0xE9 is not part of a UTF-8 character (a binary file, or another encoding: save the spec as UTF-8)"
    refused "$T/specs/nul.yaml"
    [[ $ERRORS == "$T/specs/nul.yaml:2:12: not valid YAML: the character U+0000 is not allowed"* ]]
}

@test "bad specs: a 20 MB file fails fast on the 1 MiB limit; an alias bomb and deep nesting are refused" {
    { printf 'name: bqbad\n'; head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' '#'; } >"$T/specs/huge.yaml"
    local start=$SECONDS
    refused "$T/specs/huge.yaml"
    [[ $ERRORS == "$T/specs/huge.yaml: the spec is larger than 1 MiB"* ]]
    [ $((SECONDS - start)) -lt 20 ]
    {
        printf 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n'
        local prev=a l
        for l in b c d e f g h i; do
            printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $l $l $prev $prev $prev $prev $prev $prev $prev $prev $prev
            prev=$l
        done
        printf 'name: bqbad\nnamespaces: *i\n'
    } >"$T/specs/bomb.yaml"
    refused "$T/specs/bomb.yaml"
    [[ $ERRORS == "$T/specs/bomb.yaml:3:12: more than 10 aliases"* ]]
    { printf 'name: bqbad\nnamespaces: '; head -c 20000 /dev/zero | tr '\0' '['; head -c 20000 /dev/zero | tr '\0' ']'; echo; } >"$T/specs/deep.yaml"
    refused "$T/specs/deep.yaml"
    [[ $ERRORS == "$T/specs/deep.yaml:2:"*": nested deeper than 20 levels"* ]]
}

@test "bad specs: an unreadable file (mode 000) is refused for a user; root reads it, as the kernel lets it" {
    requires root setpriv
    printf 'name: bqbad\nnamespaces: [mount]\n' >"$T/specs/secret.yaml"
    chmod 000 "$T/specs/secret.yaml"
    chmod 755 "$T" "$T/specs"
    run_expect 2 --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$JG" validate "$T/specs/secret.yaml"
    assert_equal "$stderr" "$T/specs/secret.yaml: cannot read the spec: permission denied (make it readable for this user)"
    # root: permission bits do not stop it (DAC override), and jconshgen does not second-guess that
    run_ok "$JG" validate "$T/specs/secret.yaml"
}
