#!/usr/bin/env bats
# explain and diagram from the command line: the documents kept in generated/ are what the jar
# writes now, pictures are drawn by Graphviz where it is installed (and the missing program is
# named where it is not), and bad requests fail with exit 2 and write nothing. No root needed.

load helpers

setup() {
    common_setup
    requires jar
}

teardown() {
    common_teardown
}

@test "explain writes generated/lab/EXPLAIN.md as kept in the repository, to stdout or to -o FILE" {
    run_ok --separate-stderr "$JG" explain --style lesson "$REPO/examples/lab.yaml"
    [ "$output" = "$(cat "$REPO/generated/lab/EXPLAIN.md")" ] || fail "explain's output differs from generated/lab/EXPLAIN.md (run 'make generate')"
    run_ok "$JG" explain --style lesson "$REPO/examples/lab.yaml" -o "$T/EXPLAIN.md"
    assert_output "wrote $T/EXPLAIN.md"
    cmp "$T/EXPLAIN.md" "$REPO/generated/lab/EXPLAIN.md"
}

@test "diagram draws the lab container as DOT, Mermaid, SVG and PNG" {
    requires dot
    run_ok --separate-stderr "$JG" diagram "$REPO/examples/lab.yaml"
    [ "$output" = "$(cat "$REPO/generated/lab/topology.dot")" ] || fail "diagram's DOT differs from generated/lab/topology.dot"
    run_ok --separate-stderr "$JG" diagram -f mermaid "$REPO/examples/lab.yaml"
    assert_line --index 0 'flowchart LR'
    run_ok "$JG" diagram -f svg -o "$T/lab.svg" "$REPO/examples/lab.yaml"
    grep -q '<svg' "$T/lab.svg"
    grep -q '>consh&#45;0<' "$T/lab.svg"  # SVG writes '-' as &#45;
    run_ok "$JG" diagram -f png -o "$T/lab.png" "$REPO/examples/lab.yaml"
    [ "$(head -c 8 "$T/lab.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$T/lab.png is not a PNG"
}

@test "diagram names Graphviz when 'dot' is missing, and writes nothing" {
    # a PATH without dot (java is called by its full path)
    local java
    java=$(readlink -f "$(command -v java)")
    run_expect 1 env PATH="$T/empty" "$java" -jar "$JAR" diagram -f svg -o "$T/lab.svg" "$REPO/examples/lab.yaml"
    assert_output --partial "Graphviz's 'dot' is not installed"
    assert_output --partial 'apt-get install graphviz'
    [ ! -e "$T/lab.svg" ]
    run ls -A "$T"
    refute_output --partial '.lab.svg.tmp'
}

@test "bad requests to explain and diagram exit 2 and write nothing" {
    run_expect 2 "$JG" diagram -f svg "$REPO/examples/lab.yaml"
    assert_output --partial '--format svg needs -o FILE'
    run_expect 2 "$JG" diagram -f jpeg "$REPO/examples/lab.yaml"
    assert_output --partial 'jpeg'
    mkdir "$T/adir"
    run_expect 2 "$JG" explain "$REPO/examples/lab.yaml" -o "$T/adir"
    assert_output --partial 'is a directory: give a file name'
    printf 'name: Bad Name\n' >"$T/bad.yaml"
    run_expect 2 "$JG" explain "$T/bad.yaml" -o "$T/out.md"
    assert_output --partial "$T/bad.yaml:1:7: name:"
    run_expect 2 "$JG" diagram "$T/bad.yaml" -o "$T/out.dot"
    [ ! -e "$T/out.md" ] && [ ! -e "$T/out.dot" ]
    [ -z "$(ls -A "$T/adir")" ]
}
