#!/usr/bin/env bats
# Packaging: 'make install PREFIX=...' puts the launcher, the jar, the man pages and the bash
# completion under PREFIX, and 'make uninstall' takes them away again; the launcher works from
# any directory and through a symlink, and says what to do when Java is missing or too old; the
# completion script that 'jconshgen completion' prints loads into bash and completes commands and
# options. Nothing here needs root: everything is installed under $T.

load helpers

setup() {
    common_setup
    requires jar make bash
    PREFIX=$T/prefix
}

teardown() {
    common_teardown
}

# complete_words LINE...: the words bash's completion offers for the command line LINE (the
# last word is the one being completed), with the script from 'jconshgen completion' loaded.
complete_words() {
    "$JG" completion >"$T/completion.bash" || return 1
    bash -c '
        source "$1"
        shift
        fn=$(complete -p jconshgen | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
        [ -n "$fn" ] || { echo "no completion function registered for jconshgen" >&2; exit 1; }
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        # compopt works only inside a real completion; its complaint here is noise
        "$fn" jconshgen "${COMP_WORDS[$COMP_CWORD]}" "${COMP_WORDS[$((COMP_CWORD - 1))]}" 2>/dev/null
        printf "%s\n" "${COMPREPLY[@]}"
    ' complete "$T/completion.bash" "$@"
}

# install_here: 'make install' into $PREFIX from the jar the suite was given (no rebuild).
install_here() {
    run_ok make -s -C "$REPO" -o build install PREFIX="$PREFIX" JAR="$JAR"
}

# One 'make install' for the tests that only look at an installed tree (its man pages and its
# class-data archive make each install take 20 s): into INSTALLED, which they use where it is
# (the archive holds the jar's path, so a copy would not map). Its output and exit code are kept
# for use_installed. Only when man and asciidoctor are there: the tests that need it skip without.
setup_file() {
    export INSTALLED=$BATS_FILE_TMPDIR/installed
    if command -v man >/dev/null && command -v asciidoctor >/dev/null; then
        # not a bare command: setup_file runs under 'set -e', and a failed install must fail only
        # the tests that need it, with make's output (use_installed)
        local rc=0
        make -s -C "$REPO" -o build install PREFIX="$INSTALLED" JAR="$JAR" >"$BATS_FILE_TMPDIR/install.log" 2>&1 || rc=$?
        echo "$rc" >"$BATS_FILE_TMPDIR/install.rc"
    fi
}

# use_installed: PREFIX is the tree setup_file installed; fails with make's output if it could not.
use_installed() {
    requires man asciidoctor
    [ "$(cat "$BATS_FILE_TMPDIR/install.rc")" = 0 ] || fail "make install in setup_file failed: $(cat "$BATS_FILE_TMPDIR/install.log")"
    PREFIX=$INSTALLED
}

@test "make install puts the launcher, jar, man pages and completion under PREFIX; uninstall removes them" {
    requires man asciidoctor
    install_here
    [ -x "$PREFIX/bin/jconshgen" ]
    [ -f "$PREFIX/share/jconshgen/jconshgen.jar" ]
    [ -s "$PREFIX/share/bash-completion/completions/jconshgen" ]
    local cmd
    for cmd in "" -validate -generate -plan -apply -verify -status -exec -destroy -completion; do
        [ -f "$PREFIX/share/man/man1/jconshgen$cmd.1" ] || fail "no man page jconshgen$cmd.1"
    done
    # the hidden build command gets no page
    [ ! -e "$PREFIX/share/man/man1/jconshgen-man-pages.1" ]

    run_ok make -s -C "$REPO" uninstall PREFIX="$PREFIX"
    run find "$PREFIX" -type f
    [ -z "$output" ] || fail "left after uninstall: $output"
}

@test "the class-data archive works from any directory, and picocli's and apply's classes are in it" {
    use_installed
    local share=$PREFIX/share/jconshgen
    [ "$share/jconshgen.jsa" -nt "$share/jconshgen.jar" ] || fail "no archive newer than the installed jar"
    cd "$T"
    # -Xshare:on: a JVM that cannot map the archive (another jar, another directory's relative
    # path, another JVM) stops instead of quietly starting slow.
    run_ok java -Xshare:on -XX:SharedArchiveFile="$share/jconshgen.jsa" -Xlog:class+load \
        -jar "$share/jconshgen.jar" --version
    # picocli is compiled for Java 5: a dynamic archive of Java 17 leaves it out
    assert_line --regexp '^\[.*picocli\.CommandLine source: shared objects file'
    assert_line --regexp '^\[.*dev\.jconshgen\.cli\.Main source: shared objects file'
    # apply's classes too, which no training run loads (it would make a container)
    run_ok java -Xshare:on -XX:SharedArchiveFile="$share/jconshgen.jsa" -XX:+PrintSharedArchiveAndExit \
        -jar "$share/jconshgen.jar"
    assert_line --regexp ' dev\.jconshgen\.apply\.ApplyService app_loader$'
    assert_line --regexp ' org\.zeroturnaround\.exec\.ProcessExecutor app_loader$'
}

@test "the archive is made even when a training run's class list ends in a cut line" {
    # A java that stands in for the JVM: a training run leaves a list whose last line is cut
    # short (as a JVM exiting under a loading thread did once); the dump refuses such a line,
    # as Java 17's does ("class list format error").
    mkdir -p "$T/fakejava"
    cat >"$T/fakejava/java" <<'FAKE'
#!/bin/sh
for arg in "$@"; do
    case $arg in
    -XX:DumpLoadedClassList=*) printf 'java/lang/Object\ndev/jconshgen/cli/Main\n@lambda-form-invok' >"${arg#*=}"; exit 0 ;;
    -XX:SharedClassListFile=*) list=${arg#*=} ;;
    -XX:SharedArchiveFile=*) archive=${arg#*=} ;;
    esac
done
if grep -qx '@lambda-form-invok' "$list"; then echo "class list format error" >&2; exit 1; fi
grep -qx 'dev/jconshgen/cli/Main' "$list" || { echo "the whole lines are missing" >&2; exit 1; }
: >"$archive"
FAKE
    chmod +x "$T/fakejava/java"
    PATH="$T/fakejava:$PATH" run_ok "$REPO/generator/cds-archive.sh" "$JAR" "$T/made.jsa"
    [ -f "$T/made.jsa" ]
}

@test "the runnable jar holds no man page generator; without it man-pages says how to get one" {
    # picocli-codegen is a build tool: 'make man' puts it beside the jar (man-tools/), users never run it
    if jar tf "$JAR" | grep -q '^picocli/codegen/'; then
        fail "picocli-codegen classes are in $JAR"
    fi
    run_expect 3 "$JG" man-pages -o "$T/pages"
    assert_output --partial "picocli-codegen"
    assert_output --partial "make man"
    [ ! -e "$T/pages" ] || fail "man-pages created $T/pages although it could not write a page"
}

@test "the installed man pages render without warnings and carry the exit codes" {
    use_installed
    local page
    for page in "$PREFIX"/share/man/man1/*.1; do
        run_ok env MANWIDTH=80 man --warnings -l "$page"
        # groff's warnings go to stderr, which 'run' merges into the output
        refute_output --partial 'warning'
        assert_output --partial 'NAME'
    done
    run_ok env MANWIDTH=200 MANPATH="$PREFIX/share/man" man jconshgen-apply
    assert_output --partial 'jconshgen apply'
    assert_output --partial 'host not ready'
    assert_output --partial 'interrupted by SIGINT/SIGTERM'
}

@test "the installed launcher runs from any directory and through a symlink" {
    use_installed
    cd /
    run_ok "$PREFIX/bin/jconshgen" --version
    assert_output --regexp '^jconshgen [0-9]'
    ln -s "$PREFIX/bin/jconshgen" "$T/jg-link"
    cd "$T"
    run_ok ./jg-link validate "$REPO/examples/lab.yaml"
    assert_output "$REPO/examples/lab.yaml: valid"
}

@test "the launcher says what to do when Java is missing or older than 17" {
    # a PATH with the tools the launcher itself uses, and no java
    mkdir "$T/bin"
    local tool
    for tool in readlink dirname sed find head; do
        ln -s "$(command -v "$tool")" "$T/bin/$tool"
    done
    run_expect 1 env -u JAVA_HOME PATH="$T/bin" /bin/sh "$REPO/bin/jconshgen" --version
    assert_output --partial "Java 17 or newer is needed and no 'java' was found"
    assert_output --partial 'apt-get install openjdk-17-jre-headless'

    # a JAVA_HOME whose release file says Java 11 (its 'java' would print a version if run)
    mkdir -p "$T/jdk11/bin"
    printf '#!/bin/sh\necho "should not run"\n' >"$T/jdk11/bin/java"
    chmod +x "$T/jdk11/bin/java"
    echo 'JAVA_VERSION="11.0.22"' >"$T/jdk11/release"
    run_expect 1 env JAVA_HOME="$T/jdk11" "$REPO/bin/jconshgen" --version
    assert_output --partial 'is Java 11; Java 17 or newer is needed'
    refute_output --partial 'should not run'
}

@test "the completion script loads into bash and completes commands and options" {
    run_ok complete_words jconshgen ap
    assert_output 'apply'
    run_ok complete_words jconshgen des
    assert_output 'destroy'
    run_ok complete_words jconshgen apply --k
    assert_output '--keep-on-failure'
    run_ok complete_words jconshgen completion --he
    assert_output '--help'
    # the hidden build command is not offered
    run_ok complete_words jconshgen ma
    refute_output --partial 'man-pages'
}
