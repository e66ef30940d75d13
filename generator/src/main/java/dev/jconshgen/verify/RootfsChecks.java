package dev.jconshgen.verify;

import dev.jconshgen.host.MountInfo;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.run.ExecResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The root file system and the names inside the container. */
final class RootfsChecks implements Check {

    @Override
    public List<CheckResult> run(Target t) {
        List<CheckResult> results = new ArrayList<>();
        MountInfo mounts = t.containerMounts();

        List<String> topFirst = new ArrayList<>(t.spec().rootfs().layers().stream().map(Layer::dir).map(t::abs).toList());
        Collections.reverse(topFirst);
        String expectedLower = String.join(":", topFirst);
        String expectedUpper = t.abs(t.spec().rootfs().overlay()) + "/upper";
        String root = mounts.at("/").map(m -> m.fsType() + " lowerdir=" + m.option("lowerdir").orElse("?")
                + " upperdir=" + m.option("upperdir").orElse("?")).orElse("no mount at /");
        results.add(CheckResult.of("root is the spec's overlay",
                root.equals("overlay lowerdir=" + expectedLower + " upperdir=" + expectedUpper),
                "overlay lowerdir=" + expectedLower + " upperdir=" + expectedUpper, root));

        ExecResult manifest = t.inside("cat", "/MANIFEST");
        String creatorPid = t.spec().has(Namespace.PID) ? "creator pid: 1" : "creator pid: ";
        results.add(CheckResult.of("/MANIFEST in the container", manifest.ok() && manifest.stdout().contains(creatorPid),
                "readable, with '" + creatorPid + "'", manifest.ok() ? manifest.stdout().strip().replace('\n', ';') : manifest.stderr().strip()));

        for (String[] pseudo : new String[][] {{"/proc", "proc"}, {"/sys", "sysfs"}}) {
            String seen = mounts.at(pseudo[0]).map(MountInfo.Mount::fsType).orElse("not mounted");
            results.add(CheckResult.of(pseudo[0] + " mounted", seen.equals(pseudo[1]), pseudo[1], seen));
        }

        List<String> oldRootMounts = mounts.below("/oldrootfs");
        ExecResult oldRoot = t.inside("ls", "-d", "/oldrootfs");
        results.add(CheckResult.of("old root not visible", oldRootMounts.isEmpty() && !oldRoot.ok(),
                "no /oldrootfs, nothing mounted there",
                oldRoot.ok() ? "/oldrootfs exists, mounts: " + oldRootMounts : "absent, mounts: " + oldRootMounts));

        ExecResult hostname = t.inside("hostname");
        String expectedHostname = t.spec().hostname() != null ? t.spec().hostname()
                : t.host("hostname").stdout().strip();
        results.add(CheckResult.of("hostname", hostname.ok() && hostname.stdout().strip().equals(expectedHostname),
                expectedHostname, hostname.ok() ? hostname.stdout().strip() : hostname.stderr().strip()));
        return results;
    }
}
