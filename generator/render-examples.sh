#!/bin/sh
# render-examples.sh JAR OUTDIR: render every example into OUTDIR as generated/ holds it:
#   OUTDIR/NAME/           the lesson scripts (what a student opens first), EXPLAIN.md, topology.dot
#   OUTDIR/NAME/robust/    the robust scripts that apply runs, with consh_lib.sh
# 'make generate' writes generated/ with it, 'make check-generated' compares against it.
set -eu
jar=$1
out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
for spec in "$top"/examples/*.yaml; do
    name=$(basename "$spec" .yaml)
    java -jar "$jar" generate --style lesson "$spec" -o "$out/$name" >/dev/null
    java -jar "$jar" generate --style robust "$spec" -o "$out/$name/robust" >/dev/null
    java -jar "$jar" explain --style lesson "$spec" -o "$out/$name/EXPLAIN.md" >/dev/null
    java -jar "$jar" diagram "$spec" -o "$out/$name/topology.dot" >/dev/null
    echo "rendered $name from examples/$name.yaml"
done
