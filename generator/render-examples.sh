#!/bin/sh
# render-examples.sh JAR OUTDIR: render every example into OUTDIR as generated/ holds it:
#   OUTDIR/NAME/           the lesson scripts (what a student opens first), EXPLAIN.md, topology.dot
#   OUTDIR/NAME/robust/    the robust scripts that apply runs, with consh_lib.sh
# 'make generate' writes generated/ with it, 'make check-generated' compares against it.
# The commands are the ones a user types, run by the launcher in one JVM ('jconshgen batch'):
# one JVM per command made check-generated take 30 s instead of 2.
set -eu
jar=$1
out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
tab=$(printf '\t')
case $top$out in *"$tab"* | *'
'*) echo "render-examples.sh: a path with a tab or a newline cannot go into a batch: $top, $out" >&2; exit 2 ;; esac
for spec in "$top"/examples/*.yaml; do
    name=$(basename "$spec" .yaml)
    printf 'generate\t--style\tlesson\t%s\t-o\t%s\n' "$spec" "$out/$name"
    printf 'generate\t--style\trobust\t%s\t-o\t%s\n' "$spec" "$out/$name/robust"
    printf 'explain\t--style\tlesson\t%s\t-o\t%s\n' "$spec" "$out/$name/EXPLAIN.md"
    printf 'diagram\t%s\t-o\t%s\n' "$spec" "$out/$name/topology.dot"
done | JCONSHGEN_JAR=$jar "$top/bin/jconshgen" batch - >/dev/null
for spec in "$top"/examples/*.yaml; do
    name=$(basename "$spec" .yaml)
    echo "rendered $name from examples/$name.yaml"
done
