#!/bin/sh
# fetch-kernel.sh CACHE_DIR: a Debian kernel for the VM test, never installed on this host.
# Downloads the package that Debian's linux-image-amd64 currently points to (apt-get download,
# no installation) and extracts only vmlinuz and the modules the tests load (overlay and veth,
# and bridge with its dependencies llc and stp) into CACHE_DIR/<package>/. A second call finds
# them there and downloads nothing. Prints the directory.
set -eu
cache=${1:?usage: fetch-kernel.sh CACHE_DIR}
package=${VM_KERNEL_PACKAGE:-$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n 1)}
if [ -z "$package" ]; then
    echo "fetch-kernel.sh: cannot tell which kernel linux-image-amd64 depends on: run 'apt-get update' (or set VM_KERNEL_PACKAGE)" >&2
    exit 1
fi
dir=$cache/$package
if [ -f "$dir/vmlinuz" ] && [ -f "$dir/modules/bridge.ko" ]; then
    echo "$dir"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jconshgen-kernel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
deb=$("$(dirname -- "$0")/download-deb.sh" "$package" "$tmp")
mkdir "$tmp/x"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards './boot/vmlinuz-*' \
    './lib/modules/*/kernel/fs/overlayfs/overlay.ko*' './lib/modules/*/kernel/drivers/net/veth.ko*' \
    './lib/modules/*/kernel/net/llc/llc.ko*' './lib/modules/*/kernel/net/802/stp.ko*' \
    './lib/modules/*/kernel/net/bridge/bridge.ko*'
mkdir -p "$tmp/out/modules"
cp "$tmp"/x/boot/vmlinuz-* "$tmp/out/vmlinuz"
find "$tmp/x/lib/modules" -name '*.ko*' >"$tmp/modules.list"
while IFS= read -r ko; do
    base=$(basename "$ko")
    case $base in
        *.ko) cp "$ko" "$tmp/out/modules/$base" ;;
        *.ko.xz) xz -dc "$ko" >"$tmp/out/modules/${base%.xz}" ;;
        *.ko.zst) zstd -qdc "$ko" >"$tmp/out/modules/${base%.zst}" ;;
        *) echo "fetch-kernel.sh: cannot unpack $base" >&2; exit 1 ;;
    esac
done <"$tmp/modules.list"
mkdir -p "$cache"
rm -rf "$dir"
mv "$tmp/out" "$dir"
echo "$dir"
