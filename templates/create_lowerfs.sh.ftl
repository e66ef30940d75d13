<#import "lib/common.ftl" as c>
#!/bin/sh
# create_lowerfs.sh: build the read-only lower layer of the container's root (step 1 of 5).
<@c.generatedBy/>
#
# Usage: create_lowerfs.sh [-v] [DIR]
#   Makes DIR with the directories a root file system needs, copies a static busybox into
#   DIR/bin and has busybox put one link per applet (sh, ls, mount, ...) beside it. Run it as
#   yourself (no root needed) from the work directory; DIR defaults to the spec's layer.
#   BUSYBOX=/path/to/busybox chooses the binary (default: busybox on PATH). It must be the
#   static build: the container has no shared libraries.
set -u
<@c.functions script="create_lowerfs.sh"/>
<@c.usageFunction/>
# rollback: a half-built layer (a full disk, an interrupt) is removed again, but only when this
# run created its directory: an existing one may hold the user's files.
created_dir=''
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

step='find busybox'
busybox=${BUSYBOX:-$(command -v busybox)} || die "busybox is not installed (Debian/Ubuntu: apt-get install busybox-static)"
[ -x "$busybox" ] || die "'$busybox' is not an executable busybox (Debian/Ubuntu: apt-get install busybox-static)"

step='create the directory tree'
[ -e "$lower_dir" ] || created_dir=1
mkdir -p "$lower_dir" || die "cannot create $lower_dir"
# Marked first: a layer left half-built (this script killed) is still one consh_cleanup.sh may
# remove. consh_cleanup.sh removes only directories these scripts marked as theirs.
echo "made by create_lowerfs.sh for container "[=name] >"$lower_dir/.consh-layer" || die "cannot write $lower_dir/.consh-layer"
# The mount points and directories that the post-setup script and busybox expect.
for dir in bin dev etc home proc root sys tmp usr var; do
    mkdir -p "$lower_dir/$dir" || die "cannot create $lower_dir/$dir"
done

step='copy busybox'
cp "$busybox" "$lower_dir/bin/busybox" || die "cannot copy $busybox"

step='install the applet links'
# busybox --install DIR makes a hard link per applet in DIR: bin/sh, bin/ls, ... all are busybox.
"$lower_dir/bin/busybox" --install "$lower_dir/bin" || die "busybox --install failed"

say "lower layer ready in $lower_dir"
