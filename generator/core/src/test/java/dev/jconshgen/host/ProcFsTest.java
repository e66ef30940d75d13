package dev.jconshgen.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProcFsTest {

    @Test
    void readsStatFieldsEvenWithSpacesAndParenthesesInTheName(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(proc.resolve("42/stat"),
                "42 (my (odd) name) S 7 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 123456 1000 10\n");
        ProcFs fs = new ProcFs(proc);
        assertThat(fs.state(42)).contains("S");
        assertThat(fs.parentPid(42).getAsLong()).isEqualTo(7);
        assertThat(fs.startTime(42).getAsLong()).isEqualTo(123456);
        assertThat(fs.isAlive(42, 123456)).isTrue();
        assertThat(fs.isAlive(42, 999)).as("a reused PID is another process").isFalse();
        assertThat(fs.isAlive(43, 123456)).isFalse();
    }

    @Test
    void aZombieIsNotAlive(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("5"));
        Files.writeString(proc.resolve("5/stat"), "5 (sh) Z 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 77 0 0\n");
        assertThat(new ProcFs(proc).isAlive(5, 77)).isFalse();
    }

    @Test
    void mapsCgroupLinesToHostDirectories() {
        MountInfo mounts = MountInfo.parse(CgroupLayoutTest.HYBRID);
        var lines = ProcFs.parseCgroups("8:pids:/consh_cgrp\n4:memory:/\n0::/consh_cgrp\n");
        assertThat(lines).hasSize(3);
        assertThat(ProcFs.cgroupDir(lines.get(0), mounts)).contains(Path.of("/sys/fs/cgroup/pids/consh_cgrp"));
        assertThat(ProcFs.cgroupDir(lines.get(1), mounts)).contains(Path.of("/sys/fs/cgroup/memory"));
        assertThat(ProcFs.cgroupDir(lines.get(2), mounts)).contains(Path.of("/sys/fs/cgroup/unified/consh_cgrp"));
        assertThat(ProcFs.cgroupDir(new ProcFs.CgroupLine("9", "cpu", "/x"), mounts)).isEmpty();
    }

    @Test
    void readsTheRealSelfProcess() {
        ProcFs fs = ProcFs.host();
        long self = ProcessHandle.current().pid();
        assertThat(fs.isAlive(self, fs.startTime(self).getAsLong())).isTrue();
        assertThat(fs.selfNamespace("net")).hasValueSatisfying(ns -> assertThat(ns).startsWith("net:["));
    }

    @Test
    void networkInterfacesAreTheNamesOfNetDevBeforeTheirColon() {
        String table = "Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
                + "    lo:  123456     789    0    0    0     0          0         0   123456     789    0    0    0     0       0          0\n"
                + "veth-hb1:1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0\n"
                + "  eth0: 99 1 0 0 0 0 0 0 99 1 0 0 0 0 0 0\n";
        assertThat(ProcFs.parseNetDev(table)).containsExactly("lo", "veth-hb1", "eth0");
        assertThat(ProcFs.parseNetDev("")).isEmpty();
    }

    @Test
    void networkInterfacesComeFromThisProcesssNetDev(@TempDir Path proc) throws IOException {
        assertThat(new ProcFs(proc).networkInterfaces()).isEmpty();
        Files.createDirectories(proc.resolve("self/net"));
        Files.writeString(proc.resolve("self/net/dev"), "h1\nh2\n  lo: 0 0\n");
        assertThat(new ProcFs(proc).networkInterfaces()).contains(java.util.List.of("lo"));
    }
}
