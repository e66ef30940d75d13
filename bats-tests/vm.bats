#!/usr/bin/env bats
# make vm-test's own test: a generated script broken on purpose makes it fail, naming the check
# that caught it; the same scripts unbroken pass. The robust scripts (generated/lab/robust/) and
# the handout's flow with the lesson scripts (generated/lab/*.sh) both. Only the lab example, to keep it short (the
# whole run is .ci/run's 'make vm-test'). Needs qemu (software emulation) and Debian's apt to
# download the kernel once into vm/.cache.

load helpers

setup() {
    common_setup
    requires jar qemu-system-x86_64 cpio apt-get dpkg-deb busybox
    cp -R "$REPO/generated" "$T/generated"
}

teardown() {
    common_teardown
}

@test "vm-test: the lab's scripts pass on a pure cgroup v2 kernel" {
    run_ok env VM_GENERATED="$T/generated" VM_EXAMPLES=lab "$REPO/vm/run.sh"
    assert_output --partial 'pure cgroup v2'
    # The checks are jconshgen verify's, run by Java in the VM.
    assert_output --partial 'RESULT PASS consh cgroup membership (v2 layout): /consh_cgrp, /sys/fs/cgroup/consh_cgrp on cgroup2, PID listed'
    assert_output --partial "RESULT PASS consh root is the spec's overlay: overlay lowerdir="
    assert_output --partial 'VM-TEST VERIFY consh score 21/21'
    assert_output --partial 'RESULT PASS consh (uid 1000) cgroup membership (v2 layout): /jconshgen.users/1000/consh_cgrp'
    assert_output --partial 'RESULT PASS consh (uid 1000) uid map: 0 1000 1'
    assert_output --partial 'RESULT PASS lab-lesson nc stream from the container: x xx'
    assert_output --partial 'RESULT PASS lab-lesson (other names) hostname: other-host'
    assert_output --partial 'RESULT PASS lab-lesson (other names) cgroup membership (v2 layout): /other_cg'
    assert_output --partial 'VM-TEST VERIFY lab-lesson (other names) score 21/21'
    refute_output --partial 'RESULT FAIL'
}

@test "vm-test: a verifier that cannot run is a failure, not a pass" {
    : >"$T/broken.jar"
    run_expect 1 env VM_JAR="$T/broken.jar" VM_GENERATED="$T/generated" VM_EXAMPLES=lab "$REPO/vm/run.sh"
    assert_output --partial "RESULT FAIL consh jconshgen verify: exit status 1, score 'none'"
    refute_output --partial 'VM-TEST VERIFY consh score'
}

@test "vm-test: a broken robust post-setup (the wrong host name) fails, naming the check" {
    sed -i 's/^hostname "\$CONSH_HOSTNAME"/hostname broken-on-purpose/' "$T/generated/lab/robust/consh_post_setup.sh"
    grep -q 'hostname broken-on-purpose' "$T/generated/lab/robust/consh_post_setup.sh" || fail "the sed did not break the script"
    run_expect 1 env VM_GENERATED="$T/generated" VM_EXAMPLES=lab "$REPO/vm/run.sh"
    assert_output --partial "RESULT FAIL consh hostname: expected consh-host; saw broken-on-purpose"
    assert_output --regexp 'vm-test: [0-9]+ checks passed, [1-9][0-9]* failed'
}

@test "vm-test: a robust cleanup that leaves the cgroup fails the leak check" {
    # the cleanup's cgroup removal skipped: the VM's leak check must see the cgroup
    sed -i "s/^step='remove the cgroup'$/step='remove the cgroup'; cgroup_dirs=''/" "$T/generated/lab/robust/consh_cleanup.sh"
    grep -q "cgroup_dirs=''$" "$T/generated/lab/robust/consh_cleanup.sh" || fail "the sed did not break the script"
    run_expect 1 env VM_GENERATED="$T/generated" VM_EXAMPLES=lab "$REPO/vm/run.sh"
    assert_output --partial "RESULT FAIL consh nothing left: expected '', saw 'cgroup:consh_cgrp'"
}

@test "vm-test: a lesson cleanup that leaves the cgroup fails the lesson flow's leak check" {
    # the lesson cleanup's rmdir of the cgroup skipped: the handout's flow in the VM must see it
    sed -i 's/^    rmdir "\$parent\/\$cgroup"$/    : rmdir "$parent\/$cgroup"/' "$T/generated/lab/consh_cleanup.sh"
    grep -q '^    : rmdir "\$parent/\$cgroup"$' "$T/generated/lab/consh_cleanup.sh" || fail "the sed did not break the script"
    run_expect 1 env VM_GENERATED="$T/generated" VM_EXAMPLES=lab "$REPO/vm/run.sh"
    assert_output --partial "RESULT FAIL lab-lesson nothing left: expected '', saw 'cgroup:consh_cgrp'"
    # the robust scripts are untouched: their checks still pass
    assert_output --partial "RESULT PASS consh nothing left"
    refute_output --partial "RESULT FAIL consh "
}
