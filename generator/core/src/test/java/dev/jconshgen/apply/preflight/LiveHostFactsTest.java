package dev.jconshgen.apply.preflight;

import dev.jconshgen.host.ProcFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveHostFactsTest {
    @TempDir
    Path dir;

    private LiveHostFacts facts(Map<String, String> env) {
        return new LiveHostFacts(new ProcFs(dir.resolve("proc")), dir.resolve("proc"), env);
    }

    @Test
    void capSysAdminIsBit21OfCapEff() {
        assertThat(LiveHostFacts.hasCapSysAdmin("Name:\tjava\nCapEff:\t000001ffffffffff\n")).isTrue();
        assertThat(LiveHostFacts.hasCapSysAdmin("CapEff:\t0000000000200000\n")).isTrue();
        assertThat(LiveHostFacts.hasCapSysAdmin("CapEff:\t00000000001fffff\n")).isFalse();
        assertThat(LiveHostFacts.hasCapSysAdmin("CapEff:\t0000000000000000\n")).isFalse();
        assertThat(LiveHostFacts.hasCapSysAdmin("")).isFalse();
    }

    @Test
    void sysctlsAreReadUnderProcSysAndTrimmed() throws IOException {
        Files.createDirectories(dir.resolve("proc/sys/kernel"));
        Files.writeString(dir.resolve("proc/sys/kernel/apparmor_restrict_unprivileged_userns"), "1\n");

        assertThat(facts(Map.of()).sysctl("kernel.apparmor_restrict_unprivileged_userns")).contains("1");
        assertThat(facts(Map.of()).sysctl("kernel.osrelease")).isEmpty();
    }

    @Test
    void commandsAreFoundLikeAShellFindsThem() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.createFile(first.resolve("unshare"));                       // not executable: passed over
        Path unshare = Files.createFile(second.resolve("unshare"));
        Files.setPosixFilePermissions(unshare, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(first.resolve("ip"));                      // a directory is no command

        LiveHostFacts facts = facts(Map.of("PATH", first + ":" + second));
        assertThat(facts.onPath("unshare")).contains(unshare);
        assertThat(facts.onPath("ip")).isEmpty();
        assertThat(facts(Map.of()).onPath("unshare")).isEmpty();
    }

    @Test
    void theNearestExistingAncestorIsResolved() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertThat(facts(Map.of()).nearestExisting(link.resolve("work/ovly"))).isEqualTo(real.toRealPath());
        assertThat(facts(Map.of()).nearestExisting(Path.of("/nonexistent/a/b"))).isEqualTo(Path.of("/"));
    }

    @Test
    void ownCgroup2PathIsTheZeroLineOfProcSelfCgroup() {
        assertThat(LiveHostFacts.ownCgroup2Path("9:name=systemd:/\n8:pids:/a\n0::/jconshgen.users/999/shell\n"))
                .contains("/jconshgen.users/999/shell");
        assertThat(LiveHostFacts.ownCgroup2Path("8:pids:/a\n")).isEmpty();
    }
}
