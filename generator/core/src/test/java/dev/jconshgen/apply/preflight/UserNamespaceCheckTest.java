package dev.jconshgen.apply.preflight;

import dev.jconshgen.model.Namespace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserNamespaceCheckTest {
    private final FakeHost host = new FakeHost();
    private final UserNamespaceCheck check = new UserNamespaceCheck();

    private void unprivileged() {
        host.uid = 1000;
        host.capSysAdmin = false;
    }

    @Test
    void appArmorRestrictionBlocksACallerWithoutCapSysAdmin() {
        unprivileged();
        host.sysctls.put("kernel.apparmor_restrict_unprivileged_userns", "1");

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("AppArmor", "kernel.apparmor_restrict_unprivileged_userns = 1", "CAP_SYS_ADMIN");
            assertThat(b.remedy()).startsWith("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 ")
                    .contains("/etc/sysctl.d/", "sudo jconshgen apply /work/box.yaml");
        });
    }

    @Test
    void appArmorRestrictionDoesNotHoldBackRoot() {
        host.sysctls.put("kernel.apparmor_restrict_unprivileged_userns", "1");

        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }

    @Test
    void appArmorRestrictionOffOrAbsentIsNoBlocker() {
        unprivileged();
        assertThat(host.run(check, FakeHost.box())).isEmpty();
        host.sysctls.put("kernel.apparmor_restrict_unprivileged_userns", "0");
        assertThat(host.run(check, FakeHost.box())).isEmpty();
    }

    @Test
    void withoutAUserNamespaceNothingIsRestricted() {
        unprivileged();
        host.sysctls.put("kernel.apparmor_restrict_unprivileged_userns", "1");
        host.sysctls.put("user.max_user_namespaces", "0");

        assertThat(host.run(check, FakeHost.box().namespaces(Namespace.MOUNT, Namespace.PID, Namespace.UTS))).isEmpty();
    }

    @Test
    void debianCloneSwitchBlocksOnlyTheUnprivileged() {
        host.sysctls.put("kernel.unprivileged_userns_clone", "0");
        assertThat(host.run(check, FakeHost.box())).isEmpty();

        unprivileged();
        assertThat(host.run(check, FakeHost.box())).singleElement()
                .satisfies(b -> assertThat(b.remedy()).startsWith("sudo sysctl -w kernel.unprivileged_userns_clone=1 "));
    }

    @Test
    void noUserNamespacesAtAllBlocksRootToo() {
        host.sysctls.put("user.max_user_namespaces", "0");

        assertThat(host.run(check, FakeHost.box())).singleElement().satisfies(b -> {
            assertThat(b.problem()).contains("root included");
            assertThat(b.remedy()).startsWith("sudo sysctl -w user.max_user_namespaces=15000 ");
        });
    }
}
