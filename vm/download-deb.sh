#!/bin/sh
# download-deb.sh PACKAGE[=VERSION] DIR: Debian's package into DIR (a new, empty directory) with
# 'apt-get download' (never installed); prints the .deb's path. fetch-kernel.sh and fetch-java.sh
# use it.
set -eu
package=${1:?usage: download-deb.sh PACKAGE[=VERSION] DIR}
dir=${2:?usage: download-deb.sh PACKAGE[=VERSION] DIR}
# apt's sandbox user must be able to write where it downloads.
chmod 0777 "$dir"
(cd "$dir" && apt-get download -q "$package" >&2) || {
    echo "download-deb.sh: apt-get download $package failed (see above)" >&2
    exit 1
}
for deb in "$dir"/*.deb; do
    [ -f "$deb" ] || { echo "download-deb.sh: apt-get download $package wrote no .deb" >&2; exit 1; }
    echo "$deb"
done
