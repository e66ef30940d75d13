#!/bin/sh
# run.sh: 'make vm-test'. Boots a Debian kernel in qemu on a pure cgroup v2 hierarchy
# (cgroup_no_v1=all) and runs the robust scripts of every example there (generated/NAME/robust/,
# with their consh_lib.sh), then the handout's flow with the lab's lesson scripts
# (generated/lab/*.sh) (vm/guest/), each container checked by 'jconshgen verify SPEC --pid' with
# this jar on Debian's Java runtime (fetch-java.sh), then powers the VM off. Prints the VM's
# result lines; exits 1 when a check failed or the VM did not finish, 2 when the VM cannot run
# here (no qemu, no kernel, no Java runtime package).
#   VM_KVM=1          use KVM (default: software emulation, TCG, which needs no /dev/kvm)
#   VM_CACHE=DIR      where the kernel is kept (default: vm/.cache)
#   VM_GENERATED=DIR  the scripts to test (default: generated/); the tests use a broken copy
#   VM_TIMEOUT=SECS   the whole run, boot included (default 900)
#   VM_EXAMPLES="a b" only these examples (default: every examples/*.yaml)
#   VM_JAR=FILE       the jar the VM verifies with (default: the one this host uses, JCONSHGEN_JAR
#                     or generator/cli/target/jconshgen.jar); the tests use a broken one
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P)
top=$(dirname -- "$here")
cache=${VM_CACHE:-$here/.cache}
generated=${VM_GENERATED:-$top/generated}
jar=${JCONSHGEN_JAR:-$top/generator/cli/target/jconshgen.jar}
timeout=${VM_TIMEOUT:-900}

for tool in qemu-system-x86_64 cpio gzip apt-get dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "vm-test: $tool is missing (make deps installs qemu-system-x86 and cpio)" >&2; exit 2; }
done
[ -f "$jar" ] || { echo "vm-test: $jar is missing: run 'make' first" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/jconshgen-vm.XXXXXX")
trap 'rm -rf "$work"' EXIT

kernel=$("$here/fetch-kernel.sh" "$cache") || exit 2
jre=$("$here/fetch-java.sh" "$cache") || exit 2

# One directory per example: its robust scripts (consh_lib.sh included), its facts, and the
# directories its spec uses beside them (a directory layer's content).
for spec in "$top"/examples/*.yaml; do
    name=$(basename "$spec" .yaml)
    robust=$generated/$name/robust
    [ -d "$robust" ] || continue
    case " ${VM_EXAMPLES:-$name} " in *" $name "*) ;; *) continue ;; esac
    mkdir -p "$work/tests/$name"
    cp "$robust"/*.sh "$work/tests/$name/"
    # The spec, for 'jconshgen verify spec.yaml --pid': its work directory is the one beside it.
    cp "$spec" "$work/tests/$name/spec.yaml"
    java -jar "$jar" vm-facts "$spec" >"$work/tests/$name/facts.env"
    # A lab: each member's scripts and facts in a directory of its own.
    members=$(sed -n "s/^members='\(.*\)'$/\1/p" "$work/tests/$name/facts.env")
    for member in $members; do
        mkdir -p "$work/tests/$name/$member"
        cp "$robust/$member"/*.sh "$work/tests/$name/$member/"
        java -jar "$jar" vm-facts "$spec" --member "$member" >"$work/tests/$name/$member/facts.env"
    done
    workdir=$(sed -n "s/^workdir='\(.*\)'$/\1/p" "$work/tests/$name/facts.env")
    if [ -n "$workdir" ] && [ -d "$top/examples/$workdir" ]; then
        mkdir -p "$work/tests/$name/$workdir"
        cp -R "$top/examples/$workdir"/. "$work/tests/$name/$workdir/"
    fi
    # The images the spec's layers come from, beside the spec as in examples/ (relative paths).
    images=$(sed -n "s/^images='\(.*\)'$/\1/p" "$work/tests/$name/facts.env")
    for image in $images; do
        cp -R "$top/examples/$image" "$work/tests/$name/$image"
    done
    # The lab's lesson scripts (the handout's, with set -e), for the handout's own flow.
    if [ "$name" = lab ]; then
        mkdir -p "$work/tests/lab-lesson"
        cp "$generated/lab"/*.sh "$work/tests/lab-lesson/"
    fi
done
"$here/build-initramfs.sh" "$kernel" "$work/tests" "$jre" "${VM_JAR:-$jar}" "$work/initramfs.cpio.gz"

accel=tcg
[ "${VM_KVM:-0}" = 1 ] && accel=kvm
echo "vm-test: booting $(basename "$kernel") with $accel, pure cgroup v2 (cgroup_no_v1=all)"
status=0
timeout "$timeout" qemu-system-x86_64 -machine q35,accel="$accel" -cpu max -smp 2 -m 2048 -nographic -no-reboot \
    -kernel "$kernel/vmlinuz" -initrd "$work/initramfs.cpio.gz" \
    -append "console=ttyS0 panic=-1 quiet loglevel=3 cgroup_no_v1=all" \
    -nic none </dev/null >"$work/console.log" 2>&1 || status=$?
tr -d '\r' <"$work/console.log" | grep -E '^(RESULT|VM-TEST|    \| )' || true
if [ "$status" -ne 0 ]; then
    echo "vm-test: qemu exited with status $status (124: timed out after ${timeout}s); the console said:" >&2
    tail -n 40 "$work/console.log" >&2
    exit 1
fi
if ! grep -q '^VM-TEST DONE' "$work/console.log"; then
    echo "vm-test: the VM did not finish its tests; the console said:" >&2
    tail -n 40 "$work/console.log" >&2
    exit 1
fi
passed=$(grep -c '^RESULT PASS' "$work/console.log" || true)
failed=$(grep -c '^RESULT FAIL' "$work/console.log" || true)
echo "vm-test: $passed checks passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
