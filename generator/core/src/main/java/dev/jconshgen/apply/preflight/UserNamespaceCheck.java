package dev.jconshgen.apply.preflight;

import dev.jconshgen.model.Namespace;

import java.util.ArrayList;
import java.util.List;

/**
 * The sysctls that stop 'unshare --user' in consh_setup.sh. The user namespace is created by
 * the process that runs the scripts, i.e. by jconshgen's caller, so what counts is that caller's
 * privilege: AppArmor's restriction (Ubuntu 23.10+) and Debian's unprivileged_userns_clone only
 * apply to a process without CAP_SYS_ADMIN in its user namespace, so root in the initial
 * namespace is never held back by them; user.max_user_namespaces = 0 stops everyone.
 */
public final class UserNamespaceCheck implements PreflightCheck {
    static final String APPARMOR = "kernel.apparmor_restrict_unprivileged_userns";
    static final String DEBIAN_CLONE = "kernel.unprivileged_userns_clone";
    static final String MAX_USER_NAMESPACES = "user.max_user_namespaces";

    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        if (!subject.has(Namespace.USER)) {
            return List.of();
        }
        List<Blocker> blockers = new ArrayList<>();
        boolean privileged = host.hasCapSysAdmin();
        String apparmor = host.sysctl(APPARMOR).orElse("0");
        if (!privileged && !apparmor.equals("0")) {
            blockers.add(new Blocker(
                    "AppArmor forbids unprivileged user namespaces (" + APPARMOR + " = " + apparmor
                            + "), and jconshgen runs without CAP_SYS_ADMIN (uid " + host.effectiveUid()
                            + "): 'unshare --user' in consh_setup.sh would fail",
                    "sudo sysctl -w " + APPARMOR + "=0 (until reboot; to keep it: echo '" + APPARMOR
                            + " = 0' | sudo tee /etc/sysctl.d/60-jconshgen-userns.conf), or run apply as root: sudo "
                            + subject.applyCommand()));
        }
        String clone = host.sysctl(DEBIAN_CLONE).orElse("1");
        if (!privileged && clone.equals("0")) {
            blockers.add(new Blocker(
                    "this kernel forbids unprivileged user namespaces (" + DEBIAN_CLONE + " = 0), and jconshgen runs without"
                            + " CAP_SYS_ADMIN (uid " + host.effectiveUid() + ")",
                    "sudo sysctl -w " + DEBIAN_CLONE + "=1 (to keep it: echo '" + DEBIAN_CLONE
                            + " = 1' | sudo tee /etc/sysctl.d/60-jconshgen-userns.conf), or run apply as root: sudo "
                            + subject.applyCommand()));
        }
        if (host.sysctl(MAX_USER_NAMESPACES).orElse("").equals("0")) {
            blockers.add(new Blocker(
                    "user namespaces are switched off for everyone, root included (" + MAX_USER_NAMESPACES + " = 0)",
                    "sudo sysctl -w " + MAX_USER_NAMESPACES + "=15000 (to keep it: echo '" + MAX_USER_NAMESPACES
                            + " = 15000' | sudo tee /etc/sysctl.d/60-jconshgen-userns.conf), or remove 'user' from namespaces"));
        }
        return blockers;
    }
}
