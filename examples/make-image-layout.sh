#!/bin/sh
# make-image-layout.sh DIR: write the OCI image layout that examples/image.yaml uses into DIR
# (which must not exist): one image, ref v1, with two gzip-compressed layers.
#   layer 1: etc/motd, etc/issue, www/index.html, www/old.html
#   layer 2: deletes etc/issue (the whiteout etc/.wh.issue), makes www/ opaque (www/.wh..wh..opq:
#            the lower www/ is hidden) with a new index.html, and adds the symlink etc/welcome
# Reproducible: the same bytes every run (sorted names, owner 0:0, times 0, gzip without a name
# or time), so the committed examples/image-layout is what this script writes; lint.bats checks
# that. Needs GNU tar, gzip and sha256sum (Debian: tar, gzip, coreutils).
set -eu
[ "$#" -eq 1 ] || { echo "usage: make-image-layout.sh DIR" >&2; exit 2; }
out=$1
[ ! -e "$out" ] || { echo "make-image-layout.sh: $out exists already" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# layer_blob DIR: a gzip-compressed tar of DIR's content as a blob; prints its digest (hex)
layer_blob() {
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=pax \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$1" -cf "$work/layer.tar" .
    gzip -n -9 <"$work/layer.tar" >"$work/layer.tar.gz"
    blob "$work/layer.tar.gz"
}

# blob FILE: store FILE under blobs/sha256/ by its digest; print the hex digest
blob() {
    hex=$(sha256sum "$1" | cut -d' ' -f1)
    cp "$1" "$out/blobs/sha256/$hex"
    printf '%s\n' "$hex"
}

# diff_id: the digest of the uncompressed tar the last layer_blob made
diff_id() {
    sha256sum "$work/layer.tar" | cut -d' ' -f1
}

size() {
    wc -c <"$out/blobs/sha256/$1" | tr -d ' '
}

mkdir -p "$out/blobs/sha256" "$work/l1/etc" "$work/l1/www" "$work/l2/etc" "$work/l2/www"
printf 'served from an OCI image\n' >"$work/l1/etc/motd"
printf 'this file is deleted by the second layer\n' >"$work/l1/etc/issue"
printf 'the first layer page\n' >"$work/l1/www/index.html"
printf 'hidden by the second layer\n' >"$work/l1/www/old.html"
: >"$work/l2/etc/.wh.issue"
: >"$work/l2/www/.wh..wh..opq"
printf 'hello from an image layer\n' >"$work/l2/www/index.html"
ln -s motd "$work/l2/etc/welcome"
chmod 0755 "$work/l1" "$work/l1/etc" "$work/l1/www" "$work/l2" "$work/l2/etc" "$work/l2/www"
chmod 0644 "$work/l1/etc/motd" "$work/l1/etc/issue" "$work/l1/www/index.html" "$work/l1/www/old.html" \
    "$work/l2/etc/.wh.issue" "$work/l2/www/.wh..wh..opq" "$work/l2/www/index.html"

layer1=$(layer_blob "$work/l1")
diff1=$(diff_id)
layer2=$(layer_blob "$work/l2")
diff2=$(diff_id)

# amd64, whatever this machine is: the committed layout must be the same everywhere (its files
# hold no program, so only jconshgen's platform check sees it; ARCH=arm64 makes another image).
arch=${ARCH:-amd64}
printf '{"architecture":"%s","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]}}' \
    "$arch" "$diff1" "$diff2" >"$work/config.json"
config=$(blob "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config" "$(size "$config")" "$layer1" "$(size "$layer1")" "$layer2" "$(size "$layer2")" >"$work/manifest.json"
manifest=$(blob "$work/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"v1"}}]}\n' \
    "$manifest" "$(size "$manifest")" >"$out/index.json"
printf '{"imageLayoutVersion":"1.0.0"}\n' >"$out/oci-layout"
