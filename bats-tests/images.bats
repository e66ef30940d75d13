#!/usr/bin/env bats
# Image layers (issue 18, first part): an OCI image made offline with umoci in the spec's
# rootfs.layers. generate writes create_lowerfs.sh steps that extract each layer with tar and
# turn the image's whiteouts into overlayfs' own; an overlay of what they extract shows exactly
# what 'umoci unpack' shows, in both styles. apply extracts the same layers into the layer cache
# (identical trees: owners, modes, links, attributes), the container sees the image, and cache
# ls/prune know which container uses which layer. A damaged image is refused by validate and
# generate at its line (exit 2), and nothing is written. Names: bimg (a container with no netns
# or cgroup).

load helpers

setup() {
    apply_setup
    requires umoci setfattr getfattr tar
}

teardown() {
    apply_teardown
}

# image_view WORKDIR CONSH_SETUP: the file list of an overlay of the image's extracted layers
# (the spec's LOWER without the busybox layer), mounted as the container mounts it, as 'find'
# prints it.
image_view() {
    local lower
    # the lesson's "lower=${1:-'A:B'} overlay=...", the robust script's "lower='A:B'"
    lower=$(sed -n -e "s/^lower=\${1:-'\(.*\)'} overlay=.*/\1/p" -e "s/^lower='\(.*\)'$/\1/p" "$2")
    lower=${lower%:lower}
    [ -n "$lower" ] || fail "no LOWER default in $2"
    mkdir -p "$T/view"
    # userxattr, as the container's own mount in its user namespace reads the opaque marker
    (cd "$1" && mount -t overlay bimgview -o "lowerdir=$lower,userxattr" "$T/view") || fail "cannot mount the layers $lower"
    (cd "$T/view" && find . | LC_ALL=C sort)
    umount "$T/view"
}

@test "images: generate extracts each layer with tar and turns the whiteouts; the overlay shows what umoci unpack shows" {
    make_umoci_image "$T"
    tar -C "$T/img" -cf "$T/img.tar" .
    local style expected source
    expected=$(cd "$T/u3/rootfs" && find . | LC_ALL=C sort)
    # what the image must show: etc/gone deleted, data/ opaque
    grep -qx './etc/motd' <<<"$expected" || fail "umoci's view has no etc/motd: $expected"
    if grep -q 'gone\|data/old\|data/new' <<<"$expected"; then fail "umoci's view keeps what the layers delete: $expected"; fi
    # the layout in both styles, and the lesson with a tar of the layout (each layer piped out of it)
    for style in lesson robust lesson-archive; do
        source='layout: img'
        [ "$style" != lesson-archive ] || source='archive: img.tar'
        printf 'name: bimg\nworkdir: w\nrootfs:\n  layers:\n    - busybox: {}\n    - image: {%s, ref: v3}\n' "$source" >"$T/spec.yaml"
        run_ok "$JG" generate --style "${style%-archive}" "$T/spec.yaml" -o "$T/$style"
        rm -rf "$T/w" && mkdir "$T/w"
        (cd "$T/w" && sh "$T/$style/create_lowerfs.sh") >"$T/$style.log" 2>&1 \
            || fail "$style create_lowerfs.sh failed: $(cat "$T/$style.log")"
        run_ok image_view "$T/w" "$T/$style/consh_setup.sh"
        assert_output "$expected"
        # overlayfs' own markers: a 0/0 device for the deleted file, the attribute for data/
        local gone opaque
        gone=$(find "$T/w/images" -path '*/etc/gone' -type c)
        [ -c "$gone" ] && [ "$(stat -c %t:%T "$gone")" = 0:0 ] || fail "$style: etc/gone is no 0/0 whiteout: $(ls -l "$gone")"
        opaque=$(find "$T/w/images" -name fresh)
        # the container's overlay is mounted in its user namespace: user.*, which that one reads
        [ "$(getfattr --only-values -n user.overlay.opaque "${opaque%/*}" 2>/dev/null)" = y ] \
            || fail "$style: ${opaque%/*} is not marked opaque for an overlay in a user namespace"
        [ -z "$(find "$T/w/images" -name '.wh.*')" ] || fail "$style: whiteout markers are left"
    done
}

@test "images: a changed layer is refused by validate and generate at its line; nothing is written" {
    make_umoci_image "$T"
    printf 'name: bimg\nworkdir: w\nrootfs:\n  layers:\n    - busybox: {}\n    - image: {layout: img, ref: v3}\n' >"$T/spec.yaml"
    # every gzip blob is one of v3's layers
    local blob
    blob=$(find "$T/img/blobs/sha256" -type f -size +100c | while IFS= read -r f; do
        gzip -t "$f" 2>/dev/null && { echo "$f"; break; }; done)
    [ -n "$blob" ] || fail "no gzip layer blob found"
    printf 'x' | dd of="$blob" bs=1 seek=20 conv=notrunc 2>/dev/null
    run_expect 2 "$JG" validate "$T/spec.yaml"
    assert_output --partial "$T/spec.yaml:6:23: rootfs.layers[1].image.layout: image layout $T/img (ref v3)"
    assert_output --partial ": layer sha256:"
    assert_output --partial "nothing was extracted"
    run_expect 2 "$JG" generate "$T/spec.yaml" -o "$T/out"
    [ ! -e "$T/out" ] || fail "generate wrote $T/out"
}

# tree_listing DIR: every path below DIR with its type, mode, owner, link count, size, link
# target, content hash and extended attributes (the image's: overlayfs' own opaque marker is
# checked apart, since apply's shared layers carry it for both kinds of mount): two listings are
# equal when the trees are.
tree_listing() {
    (
        cd "$1" || exit 1
        find . -printf '%p %y %m %U:%G %n %s %l\n' | LC_ALL=C sort
        find . -type f -exec md5sum {} + | LC_ALL=C sort -k 2
        find . -exec getfattr -h -d -m - --absolute-names {} + 2>/dev/null | grep -v '^$' | grep -v 'overlay\.opaque=' | LC_ALL=C sort
    )
}

@test "images: apply extracts the layers into the cache as the scripts do; the container sees the image; cache ls and prune" {
    make_umoci_image "$T"
    printf 'name: bimg\nworkdir: w\nrootfs:\n  layers:\n    - busybox: {}\n    - image: {layout: img, ref: v3}\n' >"$T/spec.yaml"
    APPLIED+=(bimg)
    run_ok "$JG" apply "$T/spec.yaml"
    assert_output --partial "image layer sha256:"
    # from the state: its spec copy loads with the recorded blobs, the image is not read again
    mv "$T/img" "$T/img.moved"
    run_ok "$JG" verify bimg
    assert_output --partial "all checks passed"
    run_ok "$JG" status bimg
    assert_output --partial "running"
    mv "$T/img.moved" "$T/img"

    # inside: the image's files, its deletion and its opaque directory, as umoci shows them
    run_ok "$JG" exec bimg -- sh -c 'cat /etc/motd; [ ! -e /etc/gone ] && echo gone-is-gone; ls /data; readlink /etc/link'
    assert_output "$(printf 'base\ngone-is-gone\nfresh\nfresh2\nmotd')"
    local expected
    expected=$(cd "$T/u3/rootfs" && find . | LC_ALL=C sort)
    # every file of the image's directories, as the container sees them, is what umoci unpacks (the
    # busybox layer below has an empty etc/ and no data/)
    run_ok "$JG" exec bimg -- sh -c 'cd / && find ./etc ./data | LC_ALL=C sort'
    assert_output "$(cd "$T/u3/rootfs" && find ./etc ./data | LC_ALL=C sort)"
    local lower
    lower=$(cd "$T/cache/images" && ls -d sha256-* | wc -l)
    [ "$lower" -eq 3 ] || fail "expected 3 image layers in the cache, saw $lower: $(ls "$T/cache/images")"

    # the scripts' extraction (lesson style, by hand) and apply's give identical trees, layer by layer
    run_ok "$JG" generate --style lesson "$T/spec.yaml" -o "$T/lesson"
    mkdir "$T/byhand"
    (cd "$T/byhand" && sh "$T/lesson/create_lowerfs.sh") >"$T/byhand.log" 2>&1 || fail "create_lowerfs.sh: $(cat "$T/byhand.log")"
    local dir name
    for dir in "$T"/byhand/images/sha256-*; do
        name=${dir##*/}
        [ -d "$T/cache/images/$name" ] || fail "apply did not extract $name"
        diff <(tree_listing "$dir") <(tree_listing "$T/cache/images/$name") || fail "$name: the scripts' tree and apply's differ"
    done
    tree_listing "$T/cache/images" | grep -q '1234:5678 2 6' || fail "the image's owner 1234:5678 and hard link were not kept"
    local data
    data=$(find "$T"/cache/images/sha256-* -name fresh)
    data=${data%/fresh}
    [ "$(getfattr --only-values -n trusted.overlay.opaque "$data")" = y ] && [ "$(getfattr --only-values -n user.overlay.opaque "$data")" = y ] \
        || fail "the cached $data is not opaque for both kinds of overlay mount"
    tree_listing "$T/cache/images" | grep -q 'user.note="hi"' || fail "the image's attribute user.note was not kept"
    # an overlay of the cached layers (top first) is what umoci unpack shows
    mkdir "$T/view"
    lower=$(for name in $(grep -o 'sha256-[0-9a-f]*' "$T/lesson/consh_setup.sh" | head -3); do printf '%s:' "$T/cache/images/$name"; done)
    mount -t overlay bimgview -o "lowerdir=${lower%:}" "$T/view" || fail "cannot mount the cached layers"
    local seen
    seen=$(cd "$T/view" && find . | LC_ALL=C sort)
    umount "$T/view"
    [ "$seen" = "$expected" ] || fail "the cached layers show $seen, umoci shows $expected"

    run_ok "$JG" cache ls
    assert_output --partial "used by bimg"
    assert_line --regexp '^image .* sha256-[0-9a-f]{64}  used by bimg$'
    # only root reaches the image layers: they keep the images' set-user-ID files
    [ "$(stat -c %a "$T/cache/images")" = 700 ] || fail "the image layers' directory is $(stat -c %a "$T/cache/images"), not 700"
    run_ok "$JG" cache prune
    assert_line --regexp '^0 removed'
    [ "$(ls -d "$T"/cache/images/sha256-* | wc -l)" -eq 3 ] || fail "prune removed a layer bimg uses"

    run_ok "$JG" destroy bimg
    run_ok "$JG" cache ls
    refute_output --partial "used by"
    run_ok "$JG" cache prune
    assert_line --regexp '^4 removed'
    # nothing of the cache's lock in the cache
    [ -z "$(find "$T/cache" -name '*.lock')" ] || fail "a lock file was left in the cache"
    run_ok "$JG" cache ls
    assert_output --partial "is empty"
}

@test "images: root's apply --user refuses image layers and changes nothing" {
    make_umoci_image "$T"
    printf 'name: bimg\nworkdir: w\nrootfs:\n  layers:\n    - busybox: {}\n    - image: {layout: img, ref: v3}\n' >"$T/spec.yaml"
    run_expect 2 "$JG" apply --user 65534 "$T/spec.yaml"
    assert_output --partial "apply --user does not take image layers yet"
    [ ! -e "$T/w" ] || fail "apply made $T/w"
    [ ! -e "$T/cache" ] || fail "apply made the cache"
}

@test "images: the example image layout is what make-image-layout.sh writes, and umoci reads it" {
    run_ok shellcheck -s sh "$REPO/examples/make-image-layout.sh"
    run_ok "$REPO/examples/make-image-layout.sh" "$T/layout"
    run_ok diff -r "$REPO/examples/image-layout" "$T/layout"
    run_ok umoci unpack --image "$T/layout:v1" "$T/unpacked"
    [ "$(cat "$T/unpacked/rootfs/www/index.html")" = "hello from an image layer" ] || fail "umoci sees another www/index.html"
    [ ! -e "$T/unpacked/rootfs/etc/issue" ] && [ ! -e "$T/unpacked/rootfs/www/old.html" ] || fail "umoci keeps what the second layer deletes"
}
