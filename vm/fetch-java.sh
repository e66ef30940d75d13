#!/bin/sh
# fetch-java.sh CACHE_DIR: a Java runtime for the VM test, never installed on this host: the
# package Debian's openjdk-17-jre-headless currently is (apt-get download, no installation),
# unpacked, without what a headless 'java -jar' never reads (documentation, man pages, the
# compiler's symbol table, the second class-data archive), into CACHE_DIR/<package>_<version>/.
# A second call finds it there and downloads nothing. Prints the runtime's directory (its
# bin/java runs jconshgen's jar in the VM).
set -eu
cache=${1:?usage: fetch-java.sh CACHE_DIR}
package=openjdk-17-jre-headless
version=$(apt-cache show --no-all-versions "$package" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
if [ -z "$version" ]; then
    echo "fetch-java.sh: apt knows no $package: run 'apt-get update'" >&2
    exit 1
fi
dir=$cache/${package}_$(printf '%s' "$version" | tr -c 'A-Za-z0-9.+\n-' '_')
if [ -x "$dir/jre/bin/java" ]; then
    echo "$dir/jre"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jconshgen-java.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
deb=$("$(dirname -- "$0")/download-deb.sh" "$package=$version" "$tmp")
mkdir "$tmp/x"
dpkg-deb -x "$deb" "$tmp/x"
home=$(find "$tmp/x/usr/lib/jvm" -mindepth 1 -maxdepth 1 -type d -name 'java-17-openjdk-*' | head -n 1)
[ -x "$home/bin/java" ] || { echo "fetch-java.sh: no bin/java in $package" >&2; exit 1; }
# Debian links the runtime's configuration to /etc/java-17-openjdk, which the package has: a copy
# replaces each such link. The trust store (/etc/ssl/certs/java, another package's) is not needed.
find "$home" -type l | while IFS= read -r link; do
    target=$(readlink "$link")
    case $target in
        /etc/*)
            rm -f "$link"
            [ ! -e "$tmp/x$target" ] || cp -R "$tmp/x$target" "$link"
            ;;
    esac
done
rm -rf "$home/docs" "$home/man" "$home/lib/ct.sym" "$home/lib/server/classes_nocoops.jsa" "$home/legal"
mkdir -p "$tmp/out"
mv "$home" "$tmp/out/jre"
mkdir -p "$cache"
rm -rf "$dir"
mv "$tmp/out" "$dir"
echo "$dir/jre"
