package dev.jconshgen.verify;

import dev.jconshgen.host.MountInfo;
import dev.jconshgen.model.Namespace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The root file system and the names inside the container. */
final class RootfsChecks implements Check {

    @Override
    public List<CheckResult> run(Target t) {
        List<CheckResult> results = new ArrayList<>();
        MountInfo mounts = t.containerMounts();

        List<String> topFirst = new ArrayList<>(t.lowerDirs());
        Collections.reverse(topFirst);
        String expectedLower = String.join(":", topFirst);
        String expectedUpper = t.abs(t.spec().rootfs().overlay()) + "/upper";
        String expectedRoot = "overlay lowerdir=" + expectedLower + " upperdir=" + expectedUpper;
        var rootMount = mounts.at("/");
        boolean overlayRoot = rootMount.map(m -> m.fsType().equals("overlay")).orElse(false);
        String root = rootMount.map(m -> m.fsType() + " lowerdir=" + m.option("lowerdir").orElse("?")
                + " upperdir=" + m.option("upperdir").orElse("?")).orElse("no mount at /");
        if (t.byPid() && !overlayRoot) {
            // Another runtime's root (runc's bundle rootfs is a bind mount of a directory): the
            // layers cannot be read from its mount options.
            results.add(CheckResult.skip("root is the spec's overlay", "the root is not an overlay, so its layers cannot be compared: expected "
                    + expectedRoot + "; saw " + rootMount.map(m -> m.fsType() + " from " + m.source()).orElse("no mount at /")));
        } else if (t.byPid()) {
            // The lesson's setup mounts from the work directory with the paths as the handout
            // types them (lowerdir=lower upperdir=ovly/upper): relative to the work directory.
            List<String> relativeTopFirst = new ArrayList<>(t.spec().rootfs().lowerDirs());
            Collections.reverse(relativeTopFirst);
            String relativeRoot = "overlay lowerdir=" + String.join(":", relativeTopFirst) + " upperdir=" + t.spec().rootfs().overlay() + "/upper";
            results.add(CheckResult.of("root is the spec's overlay", root.equals(expectedRoot) || root.equals(relativeRoot),
                    expectedRoot + " (or, mounted from the work directory, " + relativeRoot + ")", root));
        } else {
            results.add(CheckResult.of("root is the spec's overlay", root.equals(expectedRoot), expectedRoot, root));
        }

        // One nsenter for every look inside; each look keeps its own output and status.
        Map<String, String> snippets = new LinkedHashMap<>();
        snippets.put("manifest", "cat /MANIFEST");
        snippets.put("oldroot", "if [ -e /oldrootfs ]; then echo present; else echo absent; fi");
        snippets.put("hostname", "hostname");
        Map<String, InsideLook.Answer> inside = t.look(snippets);

        InsideLook.Answer manifest = inside.get("manifest");
        List<String> lines = manifest.ok() ? manifest.output().lines().toList() : List.of();
        // With its own PID namespace the setup ran as PID 1; without one, as some host PID.
        boolean creatorOk = t.spec().has(Namespace.PID) ? lines.contains("creator pid: 1")
                : lines.stream().anyMatch(l -> l.matches("creator pid: [0-9]+"));
        // It was written after the overlay was mounted: only the private upper layer has it.
        boolean onlyInUpper = Files.isRegularFile(Path.of(expectedUpper, "MANIFEST"))
                && t.lowerDirs().stream().noneMatch(dir -> Files.exists(Path.of(dir, "MANIFEST")));
        // Without an overlay root (another runtime) there is no upper layer to look in.
        boolean layersApply = overlayRoot || !t.byPid();
        String expectedManifest = "readable, creator uid 0" + (t.spec().has(Namespace.PID) ? ", creator pid 1" : "")
                + (layersApply ? ", only in the upper layer" : "");
        String seenManifest = (manifest.ok() ? String.join("; ", lines) : manifest.output().strip())
                + (layersApply ? (onlyInUpper ? "; only in upper" : "; not only in upper") : "");
        if (t.byPid() && !manifest.ok()) {
            results.add(CheckResult.skip("/MANIFEST in the container", "the generated setup writes /MANIFEST; this container has none"
                    + " (not made by the scripts?): expected " + expectedManifest + "; saw " + seenManifest));
        } else {
            results.add(CheckResult.of("/MANIFEST in the container", creatorOk && lines.contains("creator uid: 0") && (onlyInUpper || !layersApply),
                    expectedManifest, seenManifest));
        }

        for (String[] pseudo : new String[][] {{"/proc", "proc"}, {"/sys", "sysfs"}}) {
            String seen = mounts.at(pseudo[0]).map(MountInfo.Mount::fsType).orElse("not mounted");
            results.add(CheckResult.of(pseudo[0] + " mounted", seen.equals(pseudo[1]), pseudo[1], seen));
        }

        List<String> oldRootMounts = mounts.below("/oldrootfs");
        // The answer must come from inside: a failure to look is not a pass.
        InsideLook.Answer oldRoot = inside.get("oldroot");
        String seen = oldRoot.ok() ? oldRoot.output().strip() : "cannot look: " + oldRoot.output().strip();
        results.add(CheckResult.of("old root not visible", oldRootMounts.isEmpty() && seen.equals("absent"),
                "no /oldrootfs, nothing mounted there", "/oldrootfs " + seen + ", mounts there: " + oldRootMounts));

        InsideLook.Answer hostname = inside.get("hostname");
        // The host's name as hostname(1) prints it: the kernel's, for this process's UTS namespace.
        String expectedHostname = t.spec().hostname() != null ? t.spec().hostname()
                : t.proc().hostname().orElse("unreadable");
        results.add(CheckResult.of("hostname", hostname.ok() && hostname.output().strip().equals(expectedHostname),
                expectedHostname, hostname.output().strip()));
        return results;
    }
}
