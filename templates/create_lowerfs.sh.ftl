<#import "lib/common.ftl" as c>
#!/bin/sh
# create_lowerfs.sh: build the read-only lower layer of the container's root (step 1 of 5).
<@c.generatedBy/>
#
<@lesson>
# Usage: create_lowerfs.sh [DIR]   (as yourself, in the work directory; DIR defaults below)
#   A directory tree with a static busybox and one link per applet: everything the container runs.
set -e
lower_dir=${1:-[=lowerDir]}
</@lesson>
<@robust>
# Usage: create_lowerfs.sh [-v] [DIR]
#   Makes DIR with the directories a root file system needs, copies a static busybox into
#   DIR/bin and has busybox put one link per applet (sh, ls, mount, ...) beside it. Run it as
#   yourself (no root needed) from the work directory; DIR defaults to the spec's layer.
#   BUSYBOX=/path/to/busybox chooses the binary (default: busybox on PATH). It must be the
#   static build: the container has no shared libraries.
<@c.sourceLib/>
# rollback: a half-built layer (a full disk, an interrupt) is removed again, but only when this
# run created its directory: an existing one may hold the user's files.
created_dir=''
# set by path_of (consh_lib.sh)
found=''
rollback() {
    [ -z "$created_dir" ] || rm -rf -- "$lower_dir"
}

lower_dir=[=lowerDir]
case ${1:-} in -h | --help) show_usage; exit 0 ;; esac
while getopts 'v' opt; do
    case $opt in
        v) verbose=1 ;;
        *) show_usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "$#" -le 1 ] || die "too many arguments (usage: create_lowerfs.sh [-v] [DIR])"
[ "$#" -eq 0 ] || lower_dir=$1
[ -n "$lower_dir" ] || die "the layer directory must not be empty"
# A relative name that starts with '-' must not be read as an option by the commands below.
case $lower_dir in /*) ;; *) lower_dir=./$lower_dir ;; esac
</@robust>

<@step name="find busybox" man="busybox(1) ld.so(8)"
    why="the one program of the container; it must be the static build, since the container has no shared libraries. The first busybox on PATH, as a path: 'command -v busybox' answers the bare name in a busybox sh built to prefer its applets (Debian's busybox-static as sh)."
    guards="takes $BUSYBOX when set and names the Debian package when busybox is missing or not executable.">
<@lesson>
busybox=$(IFS=:; for dir in $PATH; do [ -x "$dir/busybox" ] && { echo "$dir/busybox"; break; }; done)
</@lesson>
<@robust>
busybox=${BUSYBOX:-}
if [ -z "$busybox" ]; then
    path_of busybox || die "busybox is not installed (Debian/Ubuntu: apt-get install busybox-static)"
    busybox=$found
fi
[ -x "$busybox" ] || die "'$busybox' is not an executable busybox (Debian/Ubuntu: apt-get install busybox-static)"
</@robust>
</@step>

<@step name="create the directory tree" man="hier(7)"
    why="the directories a root file system needs, and the mount points the post-setup uses."
    guards="marks the layer as made by these scripts first (consh_cleanup.sh removes only what they marked), and a failure removes a layer this run created.">
<@lesson>
for dir in bin dev etc home proc root sys tmp usr var; do mkdir -p "$lower_dir/$dir"; done
</@lesson>
<@robust>
[ -e "$lower_dir" ] || created_dir=1
mkdir -p "$lower_dir" || die "cannot create $lower_dir"
# Marked first: a layer left half-built (this script killed) is still one consh_cleanup.sh may
# remove. consh_cleanup.sh removes only directories these scripts marked as theirs.
echo "made by create_lowerfs.sh for container "[=name] >"$lower_dir/.consh-layer" || die "cannot write $lower_dir/.consh-layer"
# The mount points and directories that the post-setup script and busybox expect.
for dir in bin dev etc home proc root sys tmp usr var; do
    mkdir -p "$lower_dir/$dir" || die "cannot create $lower_dir/$dir"
done
</@robust>
</@step>

<@step name="copy busybox" man="busybox(1)"
    why="the static busybox goes into bin/ of the layer."
    guards="a failed copy names the file and removes the half-built layer.">
<@lesson>
cp "$busybox" "$lower_dir/bin/busybox"
</@lesson>
<@robust>
cp "$busybox" "$lower_dir/bin/busybox" || die "cannot copy $busybox"
</@robust>
</@step>

<@step name="install the applet links" man="busybox(1)"
    why="'busybox --install DIR' makes a hard link per applet in DIR: bin/sh, bin/ls, bin/mount ... are all busybox."
    guards="a failure removes the half-built layer.">
<@lesson>
"$lower_dir/bin/busybox" --install "$lower_dir/bin"
</@lesson>
<@robust>
"$lower_dir/bin/busybox" --install "$lower_dir/bin" || die "busybox --install failed"

say "lower layer ready in $lower_dir"
</@robust>
</@step>
<#list imageLayers as layer>

<@step name="extract image layer " + layer?counter man="tar(1)"
    why="the image's layers are lower layers too, lowest first, each unpacked into a directory named by its digest. jconshgen read this layer before writing the script: its SHA-256 is its digest, and no entry leaves the directory. As root, tar keeps owners and modes; --numeric-owner keeps the image's user numbers (not this host's for the same names), and --xattrs with --xattrs-include='*' keeps every extended attribute (a file capability is one). tar reads the layer on its input: given a file name it would guess a compression itself. images/ is yours alone: the image's set-user-ID files keep their bits."
    guards="a failed extraction names the layer.">
<@lesson>
<#if layer?is_first>
mkdir -p -m 700 images
</#if>
mkdir -p [=layer.dir]
<#if layer.archive?has_content>
tar -xOf - [=layer.blob] <[=layer.archive] | tar --numeric-owner --xattrs --xattrs-include='*' -x<#if layer.gzip>z</#if>f - -C [=layer.dir]
<#else>
tar --numeric-owner --xattrs --xattrs-include='*' -x<#if layer.gzip>z</#if>f - -C [=layer.dir] <[=layer.blob]
</#if>
</@lesson>
<@robust>
<#if layer?is_first>
mkdir -p -m 700 images || die "cannot create images"
</#if>
mkdir -p [=layer.dir] || die "cannot create "[=layer.dir]
<#if layer.archive?has_content>
tar -xOf - [=layer.blob] <[=layer.archive] | tar --numeric-owner --xattrs --xattrs-include='*' -x<#if layer.gzip>z</#if>f - -C [=layer.dir] || die "cannot extract the image layer into "[=layer.dir]
<#else>
tar --numeric-owner --xattrs --xattrs-include='*' -x<#if layer.gzip>z</#if>f - -C [=layer.dir] <[=layer.blob] || die "cannot extract the image layer into "[=layer.dir]
</#if>
</@robust>
</@step>
<#if !layer?has_next>

<@step name="convert the whiteouts" man="mknod(1) setfattr(1)"
    why="an image marks a file its layer deletes with an empty .wh.NAME beside it, and a directory whose lower content it hides with .wh..wh..opq inside it; overlayfs reads a character device 0/0 named NAME and the attribute " + opaqueXattr + "=y instead (" + overlayUserXattr?then("user.*: this container's overlay is mounted inside its user namespace, which cannot read trusted.*", "trusted.*: this container's overlay is mounted by root") + ")."
    guards="a marker that cannot be turned stops the script with its path.">
<@lesson>
find images -name '.wh.*' -type f | while IFS= read -r marker; do
    dir=${marker%/*} name=${marker##*/.wh.}
    rm "$marker"
    if [ "$name" = .wh..opq ]; then setfattr -n [=opaqueXattr] -v y "$dir"; else mknod "$dir/$name" c 0 0; fi
done
</@lesson>
<@robust>
# As another user, tar keeps an image's read-only directories (0555 /usr/bin), where the markers
# could not be removed: the user owns every file and is root in the container anyway.
[ "$(id -u)" = 0 ] || chmod -R u+w images || die "cannot make the image layers writable to their owner"
find images -name '.wh.*' -type f | while IFS= read -r marker; do
    dir=${marker%/*} name=${marker##*/.wh.}
    rm -f -- "$marker" || die "cannot remove $marker"
    if [ "$name" = .wh..opq ]; then
        setfattr -n [=opaqueXattr] -v y -- "$dir" \
            || die "cannot mark $dir opaque (setfattr: apt-get install attr; on tmpfs, user.* attributes need Linux 6.6)"
    else
        mknod -- "$dir/$name" c 0 0 || die "cannot make the whiteout $dir/$name"
    fi
done
</@robust>
</@step>
</#if>
</#list>
