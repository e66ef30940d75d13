#!/bin/sh
# cds-archive.sh JAR ARCHIVE: the class-data archive (AppCDS) that bin/jconshgen starts the JVM
# with, made by 'make' for the built jar and by 'make install' for the installed one.
#
# Training runs of the commands people call most (all in a scratch directory, creating nothing
# else) list the classes they load; one static dump then stores those classes parsed and verified,
# so the JVM maps them instead of reading them from the jar. A static archive, not a dynamic one
# (-XX:ArchiveClassesAtExit): Java 17's dynamic archive skips classes compiled for Java 5, which
# is all of picocli. The archive names the jar by its absolute path, so the JVM uses it from any
# directory, and only with that jar: bin/jconshgen passes it while it is newer than the jar.
set -eu
jar=$(readlink -f -- "$1")
archive=$2
top=$(dirname -- "$(dirname -- "$(readlink -f -- "$0")")")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export JCONSHGEN_STATE_DIR="$scratch/state" JCONSHGEN_CACHE_DIR="$scratch/cache"

runs=0
# train ARGS...: one jconshgen run that appends what it loads to the class list. Its exit status
# does not matter ('destroy' of a missing container fails): only what it loaded does.
train() {
    runs=$((runs + 1))
    java -XX:DumpLoadedClassList="$scratch/$runs.loaded" -jar "$jar" "$@" >/dev/null 2>&1 || true
}
train generate "$top/examples/lab.yaml" -o "$scratch/lab"
train generate "$top/examples/trio.yaml" -o "$scratch/trio"
train validate "$top/examples/lab.yaml"
train plan "$top/examples/lab.yaml"
train plan --json "$top/examples/lab.yaml"
# A state file to read, so that the JSON binding of the state (what apply, verify, exec and
# destroy read and write) is in the archive; status finds its container gone, which is fine.
mkdir -p "$scratch/state/trained"
printf '{"name": "trained", "specFile": "/nonexistent/trained.yaml", "workdir": "/nonexistent", "createdWorkdir": false, "createdLayer": false, "createdOverlay": false, "uid": 0, "pid": 0, "pidStartTime": 0, "cgroupDirs": [], "netnsInode": 0}\n' \
    >"$scratch/state/trained/state.json"
train status
train status --json
train verify no-such-container
train destroy no-such-container

# One list, each class once, in the order first loaded. A JVM that exits while another thread
# still loads classes (the template thread of 'plan' parses the bridge's templates, which a spec
# without a bridge never waits for) can leave its last line cut short: a line without its
# newline is dropped, since the dump refuses the whole list for one broken line.
for list in "$scratch"/*.loaded; do
    if [ -n "$(tail -c 1 "$list")" ]; then
        sed '$d' "$list"
    else
        cat "$list"
    fi
done >"$scratch/trained.classes"
# What no training run can reach without making a container ('apply' needs root and makes one):
# every class of jconshgen and of zt-exec and SLF4J (apply's process runner), and the JDK's own
# list for its default archive, which this archive replaces.
# (jar(1) comes with the JDK that built the jar; unzip where only a JRE is left)
{ jar tf "$jar" 2>/dev/null || unzip -Z1 "$jar" 2>/dev/null || true; } | sed -n 's/^\(\(dev\/jconshgen\|org\/zeroturnaround\|org\/slf4j\)\/.*\)\.class$/\1/p' >"$scratch/jar.classes"
jdk_list=$(dirname -- "$(dirname -- "$(readlink -f -- "$(command -v java)")")")/lib/classlist
[ -r "$jdk_list" ] || jdk_list=/dev/null
cat "$scratch/trained.classes" "$scratch/jar.classes" "$jdk_list" | awk '!/^#/ && !seen[$0]++' >"$scratch/all.classes"
rm -f "$archive"
java -Xshare:dump -XX:SharedClassListFile="$scratch/all.classes" -XX:SharedArchiveFile="$archive" \
    -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$jar" >"$scratch/dump.log" 2>&1 || {
    cat "$scratch/dump.log" >&2
    echo "cds-archive.sh: the class-data dump failed (above); jconshgen runs without it, only slower" >&2
    exit 1
}
