package dev.jconshgen.verify;

import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.CgroupPlacement;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.CgroupSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The init is a member of the spec's cgroup on a real cgroup file system: proven by the kernel's
 * /proc/PID/cgroup, the file system type of the directory and its cgroup.procs, never by the
 * existence of a directory (on a hybrid host a mkdir on the tmpfs makes a fake one).
 */
final class CgroupChecks implements Check {

    @Override
    public List<CheckResult> run(Target t) {
        if (t.spec().cgroup().isEmpty()) {
            return List.of(CheckResult.skip("cgroup", "the spec has no cgroup"));
        }
        CgroupSpec cgroup = t.spec().cgroup().get();
        MountInfo hostMounts = t.hostMounts();
        Optional<CgroupLayout> layout = CgroupLayout.detect(hostMounts);
        if (layout.isEmpty()) {
            return List.of(CheckResult.of("cgroup membership", false, "a cgroup file system at /sys/fs/cgroup", "none"));
        }
        CgroupPlacement placement = CgroupPlacement.of(layout.get(), cgroup, t.ownerUid());
        List<CheckResult> results = new ArrayList<>();

        String controller = layout.get().membershipController();
        String seenPath = t.proc().cgroups(t.pid()).stream()
                .filter(line -> controller.isEmpty() ? line.hierarchyId().equals("0") : List.of(line.controllers().split(",")).contains(controller))
                .map(ProcFs.CgroupLine::path).findFirst().orElse("no line");
        Path dir = placement.membershipDir();
        String fsType = hostMounts.containing(dir.toString()).map(MountInfo.Mount::fsType).orElse("?");
        boolean listed = List.of(t.proc().readPath(dir.resolve("cgroup.procs")).orElse("").split("\n")).contains(Long.toString(t.pid()));
        boolean real = fsType.equals("cgroup2") || fsType.equals("cgroup");
        results.add(CheckResult.of("cgroup membership (" + layout.get().name().toLowerCase(java.util.Locale.ROOT) + " layout)",
                seenPath.equals(placement.relativePath()) && real && listed,
                placement.relativePath() + " in /proc/" + t.pid() + "/cgroup, " + dir + " on a cgroup file system listing the PID",
                seenPath + ", " + dir + " on " + fsType + (listed ? ", PID listed" : ", PID not listed")));

        if (cgroup.pidsMax() != null) {
            results.add(limit("cgroup limit pids", t, placement.limitDir("pids").resolve(placement.pidsLimitFile()), cgroup.pidsMax(), 0));
        }
        if (cgroup.memoryMax() != null) {
            results.add(limit("cgroup limit memory", t, placement.limitDir("memory").resolve(placement.memoryLimitFile()), cgroup.memoryMax(), PAGE_ROUNDING));
        }
        if (cgroup.cpu() != null) {
            results.add(cpuLimit(t, placement, cgroup.cpuQuotaUs()));
        }
        return results;
    }

    /** Memory limits are kept in whole pages (at most 64 KiB): a value rounded down is the same limit. */
    static final long PAGE_ROUNDING = 64 * 1024 - 1;

    static boolean matches(String seen, long expected, long rounding) {
        if (!seen.matches("[0-9]+")) {
            return false;
        }
        long value = Long.parseLong(seen);
        return value <= expected && expected - value <= rounding;
    }

    /** The text the kernel shows for the cpu limit: v2's cpu.max, or v1's quota and period files. */
    static String expectedCpu(CgroupLayout layout, long quotaUs) {
        return layout == CgroupLayout.V2 ? quotaUs + " " + CgroupSpec.CPU_PERIOD_US : quotaUs + " / " + CgroupSpec.CPU_PERIOD_US;
    }

    /** Quota and period both as written (the kernel keeps microseconds exactly), PID listed there. */
    private static CheckResult cpuLimit(Target t, CgroupPlacement placement, long quotaUs) {
        Path dir = placement.limitDir("cpu");
        String seen = t.proc().readPath(dir.resolve(placement.cpuLimitFile())).map(String::strip).orElse("unreadable");
        if (placement.layout() != CgroupLayout.V2) {
            seen += " / " + t.proc().readPath(dir.resolve(placement.cpuPeriodFile())).map(String::strip).orElse("unreadable");
        }
        boolean listed = List.of(t.proc().readPath(dir.resolve("cgroup.procs")).orElse("").split("\n"))
                .contains(Long.toString(t.pid()));
        String expected = expectedCpu(placement.layout(), quotaUs);
        return CheckResult.of("cgroup limit cpu", seen.equals(expected) && listed,
                expected + " in " + dir.resolve(placement.cpuLimitFile()) + (placement.layout() == CgroupLayout.V2 ? "" : " / " + placement.cpuPeriodFile())
                        + ", PID listed there",
                seen + (listed ? ", PID listed" : ", PID not listed"));
    }

    /** The limit is set, and the init is in the cgroup that carries it. */
    private static CheckResult limit(String name, Target t, Path file, long expected, long rounding) {
        String seen = t.proc().readPath(file).map(String::strip).orElse("unreadable");
        boolean listed = List.of(t.proc().readPath(file.resolveSibling("cgroup.procs")).orElse("").split("\n"))
                .contains(Long.toString(t.pid()));
        return CheckResult.of(name, matches(seen, expected, rounding) && listed,
                expected + " in " + file + ", PID listed there", seen + (listed ? ", PID listed" : ", PID not listed"));
    }
}
