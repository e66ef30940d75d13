package dev.jconshgen.apply.preflight;

import dev.jconshgen.core.ExitCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PreflightTest {
    private final FakeHost host = new FakeHost();

    private Preflight preflight() {
        return new Preflight(host, Preflight.CHECKS);
    }

    @Test
    void aReadyHostHasNoBlocker() {
        Subject s = FakeHost.subject(FakeHost.labLike());

        assertThat(preflight().blockers(s.specFile(), s.resources())).isEmpty();
        preflight().check(s.specFile(), s.resources());
    }

    @Test
    void everyBlockerIsReportedAtOnceWithItsRemedyAndExitCode3() {
        host.uid = 1000;
        host.capSysAdmin = false;
        host.sysctls.put("kernel.apparmor_restrict_unprivileged_userns", "1");
        host.sysctls.put("kernel.osrelease", "5.10.0");
        host.tools.remove("unshare");
        host.mountinfo = FakeHost.ROOT + "\n7 1 0:40 / /work rw - overlay overlay rw";
        Subject s = FakeHost.subject(FakeHost.labLike());

        PreflightException e = catchThrowableOfType(PreflightException.class, () -> preflight().check(s.specFile(), s.resources()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.HOST_NOT_READY).isEqualTo(3);
        assertThat(e.blockers()).extracting(Blocker::problem).hasSize(6).anySatisfy(p -> assertThat(p).contains("network"))
                .anySatisfy(p -> assertThat(p).contains("AppArmor")).anySatisfy(p -> assertThat(p).contains("unshare"))
                .anySatisfy(p -> assertThat(p).contains("Linux 5.10.0")).anySatisfy(p -> assertThat(p).contains("OverlayFS"))
                .anySatisfy(p -> assertThat(p).contains("no cgroup file system"));
        assertThat(e.getMessage()).startsWith("cannot apply box: this host is not ready (6 blockers); nothing was changed\n  - ");
        for (Blocker b : e.blockers()) {
            assertThat(e.getMessage()).contains("  - " + b.problem() + "\n    remedy: " + b.remedy());
        }
    }
}
