package dev.jconshgen.verify;

import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.layers.CachedLayers;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Namespace;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of a container inside another (a lab member with 'inside'), from the host: its PID 1
 * runs, each of its namespaces is its own, its user and PID namespaces are children of the outer
 * container's (lsns's parent column, NS_GET_PARENT), its root is an overlay whose upper directory
 * is on the tmpfs the outer container mounted, /proc is its own, the old root is gone, its host
 * name, its exec probes.
 */
public final class NestedChecks {

    /**
     * @param innerWorkdir the inner container's work directory inside the outer (its tmpfs)
     * @param outerPid     the outer container's PID 1 (host PID)
     */
    public List<CheckResult> verify(ContainerSpec inner, long pid, long startTime, long uid, long outerPid, String innerWorkdir,
                                    ProcFs proc, ProcessRunner runner) {
        List<CheckResult> results = new ArrayList<>();
        boolean alive = proc.isAlive(pid, startTime);
        results.add(CheckResult.of("init process alive", alive, "running, started at tick " + startTime,
                alive ? "running" : "gone (PID " + pid + ")"));
        if (!alive) {
            return results;
        }
        for (Namespace namespace : Namespace.values()) {
            if (!inner.has(namespace)) {
                continue;
            }
            Optional<String> mine = proc.namespace(pid, namespace.procName());
            Optional<String> outer = proc.namespace(outerPid, namespace.procName());
            results.add(CheckResult.of("namespace " + namespace.specName() + " is its own", mine.isPresent() && !mine.equals(outer)
                    && !mine.equals(proc.selfNamespace(namespace.procName())), "not the outer container's " + outer.orElse("?")
                    + " nor the host's", mine.orElse("unreadable")));
        }
        for (String type : List.of("user", "pid")) {
            String outerNs = proc.namespace(outerPid, type).map(NestedChecks::inode).orElse("?");
            String parent = parentNamespace(runner, pid, type);
            results.add(CheckResult.of(type + " namespace is a child of the outer container's", parent.equals(outerNs),
                    "parent " + outerNs, "parent " + parent));
        }
        List<String> nspid = nspid(proc, pid);
        List<String> outerNspid = nspid(proc, outerPid);
        results.add(CheckResult.of("init is PID 1 inside, one level below the outer's", !nspid.isEmpty()
                        && nspid.get(nspid.size() - 1).equals("1") && nspid.size() == outerNspid.size() + 1,
                "NSpid one level longer than the outer's (" + String.join(" ", outerNspid) + "), ending in 1", String.join(" ", nspid)));

        String upper = innerWorkdir + "/ovly/upper";
        MountInfo mine = MountInfo.parse(proc.read(pid, "mountinfo").orElse(""));
        String root = mine.at("/").map(m -> m.fsType() + " upperdir=" + m.option("upperdir").orElse("?")).orElse("no mount at /");
        results.add(CheckResult.of("root is an overlay with its upper directory in its work directory", root.equals("overlay upperdir=" + upper),
                "overlay upperdir=" + upper, root));
        String tmpfs = MountInfo.parse(proc.read(outerPid, "mountinfo").orElse("")).at(innerWorkdir).map(MountInfo.Mount::fsType)
                .orElse("nothing mounted");
        results.add(CheckResult.of("work directory is a tmpfs in the outer container", tmpfs.equals("tmpfs"),
                "tmpfs at " + innerWorkdir, tmpfs));
        results.add(CheckResult.of("/proc mounted", mine.at("/proc").map(MountInfo.Mount::fsType).orElse("").equals("proc"), "proc",
                mine.at("/proc").map(MountInfo.Mount::fsType).orElse("not mounted")));

        Target target = new Target(inner, Path.of(innerWorkdir), pid, startTime, uid, proc, runner, CachedLayers.NONE);
        Map<String, String> snippets = new LinkedHashMap<>();
        snippets.put("oldroot", "if [ -e /oldrootfs ]; then echo present; else echo absent; fi");
        snippets.put("hostname", "hostname");
        snippets.put("manifest", "cat /MANIFEST");
        Map<String, InsideLook.Answer> inside = target.look(snippets);
        results.add(CheckResult.of("old root not visible", inside.get("oldroot").output().strip().equals("absent"), "absent",
                inside.get("oldroot").output().strip()));
        if (inner.hostname() != null) {
            results.add(CheckResult.of("hostname", inside.get("hostname").output().strip().equals(inner.hostname()), inner.hostname(),
                    inside.get("hostname").output().strip()));
        }
        List<String> manifest = inside.get("manifest").ok() ? inside.get("manifest").output().lines().toList() : List.of();
        results.add(CheckResult.of("/MANIFEST in the container", manifest.contains("creator uid: 0") && manifest.contains("creator pid: 1"),
                "creator uid 0, creator pid 1", String.join("; ", manifest)));
        results.addAll(new ProbeChecks().run(target));
        return results;
    }

    /** "user:[4026532173]" as 4026532173. */
    private static String inode(String link) {
        return link.replaceAll("[^0-9]", "");
    }

    /** The parent namespace of PID's namespace of TYPE, as lsns reads it (NS_GET_PARENT). */
    private static String parentNamespace(ProcessRunner runner, long pid, String type) {
        ExecResult result = runner.run(Command.of(Target.TIMEOUT, "lsns", "-p", Long.toString(pid), "-t", type, "-o", "NS,PNS", "-n", "-r"));
        if (!result.ok()) {
            return "unknown (lsns: " + result.describe().strip() + ")";
        }
        String[] fields = result.stdout().strip().split("\\s+");
        return fields.length == 2 ? fields[1] : "unknown (lsns printed '" + result.stdout().strip() + "')";
    }

    /** The NSpid line of /proc/PID/status: the PID in each PID namespace, the host's first. */
    public static List<String> nspid(ProcFs proc, long pid) {
        return proc.read(pid, "status").flatMap(status -> status.lines().filter(l -> l.startsWith("NSpid:")).findFirst())
                .map(line -> Arrays.asList(line.substring("NSpid:".length()).strip().split("\\s+"))).orElse(List.of());
    }
}
