#!/bin/sh
# build-initramfs.sh KERNEL_DIR TESTS_DIR JRE_DIR JAR OUT: the VM test's initramfs (a gzip'd cpio) at OUT.
#   KERNEL_DIR  from fetch-kernel.sh (its modules/ are loaded in the VM)
#   TESTS_DIR   one directory per example: its robust scripts, spec, facts.env, and the files its
#               work directory needs; lab-lesson/: the lab's lesson scripts (prepared by vm/run.sh)
#   JRE_DIR     a Java runtime, from fetch-java.sh (Debian's openjdk-17-jre-headless): /opt/java
#   JAR         jconshgen's jar: /opt/jconshgen/jconshgen.jar, run by /usr/local/bin/jconshgen
# Inside: a static busybox (every applet), dash as /bin/sh (busybox sh prefers its own applets
# to the PATH), this host's util-linux and iproute2 programs and coreutils' env with their shared
# libraries (busybox's unshare has no --cgroup or --map-root-user, its ip no netns or veth), the
# kernel modules, the guest scripts from vm/guest/ and the tests (the robust scripts per example,
# the lab's lesson scripts in lab-lesson/), and the Java runtime with jconshgen's jar: the VM
# checks its containers with the verifier users run. Rebuilt in about ten seconds.
set -eu
kernel=${1:?usage: build-initramfs.sh KERNEL_DIR TESTS_DIR JRE_DIR JAR OUT}
usage='usage: build-initramfs.sh KERNEL_DIR TESTS_DIR JRE_DIR JAR OUT'
tests=${2:?$usage}
jre=${3:?$usage}
jar=${4:?$usage}
out=${5:?$usage}
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P)

busybox=$(command -v busybox) || { echo "build-initramfs.sh: busybox is missing (apt-get install busybox-static)" >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then
    echo "build-initramfs.sh: $busybox is not static (apt-get install busybox-static)" >&2
    exit 1
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/jconshgen-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
for dir in bin sbin usr/bin usr/sbin usr/local/bin etc dev proc sys tmp run newroot modules vm tests root home; do
    mkdir -p "$root/$dir"
done
chmod 1777 "$root/tmp"
mkdir -p "$root/var" && ln -s ../run "$root/var/run"
cp "$busybox" "$root/bin/busybox"
# Hard links: symbolic ones would point at this staging directory.
"$root/bin/busybox" --install "$root/bin"
# The kernel writes to the console before any /dev is mounted.
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3

# copy_libraries FILE: the shared libraries ldd names for FILE (a program or a library), at the
# same paths: this host is Debian as the packages are. A library ldd cannot find is one only a
# part nothing here loads needs (the JRE's sound and printing); one of the JRE's own is already there.
copy_libraries() {
    ldd "$1" 2>/dev/null | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' | while IFS= read -r lib; do
        case $lib in "$jre"/*) continue ;; esac
        mkdir -p "$root$(dirname "$lib")"
        [ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
    done
}

# copy_program PROGRAM: the host's program into /usr/local/bin (first on the guest's PATH), with
# its shared libraries.
copy_program() {
    path=$(command -v "$1") || { echo "build-initramfs.sh: $1 is missing on this host" >&2; exit 1; }
    cp -L "$path" "$root/usr/local/bin/$1"
    copy_libraries "$path"
}
# GNU tar and setfattr extract image layers (busybox tar has no --xattrs or --numeric-owner).
for program in dash unshare nsenter setpriv mount umount ip env tar setfattr; do
    copy_program "$program"
done
# As on a distribution, /bin/env and /bin/unshare are coreutils' and util-linux's: the lesson
# consh_setup.sh runs 'exec env -i PATH=/bin:... unshare --cgroup ...', and busybox's env runs
# its own unshare applet whatever the PATH says (and that one has no --cgroup).
for program in env unshare; do
    rm -f "$root/bin/$program"
    ln -s "/usr/local/bin/$program" "$root/bin/$program"
done
ln -sf /usr/local/bin/dash "$root/bin/sh.dash"
# /bin/sh is dash, for the generated scripts' #!/bin/sh and the driver.
rm -f "$root/bin/sh"
ln -s /usr/local/bin/dash "$root/bin/sh"
printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\n' >"$root/etc/group"

# The Java runtime and the jar; 'jconshgen' runs them as bin/jconshgen does on a host. C1 only
# (TieredStopAtLevel=1): under software emulation the second compiler costs more than it gains.
jre=$(CDPATH='' cd -- "$jre" && pwd -P)
mkdir -p "$root/opt/jconshgen"
cp -R "$jre" "$root/opt/java"
find "$jre" -name '*.so' -o -path '*/bin/*' -type f | while IFS= read -r file; do
    copy_libraries "$file"
done
cp "$jar" "$root/opt/jconshgen/jconshgen.jar"
cat >"$root/usr/local/bin/jconshgen" <<'WRAPPER'
#!/bin/sh
exec /opt/java/bin/java -XX:TieredStopAtLevel=1 -jar /opt/jconshgen/jconshgen.jar "$@"
WRAPPER
chmod +x "$root/usr/local/bin/jconshgen"

cp "$kernel"/modules/*.ko "$root/modules/"
cp "$here"/guest/* "$root/vm/"
chmod +x "$root"/vm/*
cp "$here/guest/init" "$root/init"
chmod +x "$root/init"
cp -R "$tests"/. "$root/tests/"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
