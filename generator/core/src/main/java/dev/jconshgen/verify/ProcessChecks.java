package dev.jconshgen.verify;

import dev.jconshgen.model.Namespace;

import java.util.ArrayList;
import java.util.List;

/** The init process and its namespaces, as the host sees them in /proc. */
final class ProcessChecks implements Check {

    @Override
    public List<CheckResult> run(Target t) {
        List<CheckResult> results = new ArrayList<>();
        boolean alive = t.proc().isAlive(t.pid(), t.pidStartTime());
        results.add(CheckResult.of("init process alive", alive,
                "PID " + t.pid() + " running, started at tick " + t.pidStartTime(),
                t.proc().state(t.pid()).map(s -> "state " + s + ", started at tick " + t.proc().startTime(t.pid()).orElse(-1)).orElse("no such process")));
        if (!alive) {
            return results;
        }
        for (Namespace namespace : Namespace.values()) {
            var mine = t.proc().namespace(t.pid(), namespace.procName());
            var host = t.proc().selfNamespace(namespace.procName());
            boolean wanted = t.spec().has(namespace);
            // A link that cannot be read proves nothing either way: that is a failure, not a pass.
            boolean readable = mine.isPresent() && host.isPresent();
            results.add(CheckResult.of("namespace " + namespace.specName(),
                    readable && (wanted ? !mine.equals(host) : mine.equals(host)),
                    wanted ? "own (not the host's " + host.orElse("?") + ")" : "the host's " + host.orElse("?"),
                    mine.orElse("unreadable")));
        }
        if (t.spec().has(Namespace.PID)) {
            String nsPid = "";
            for (String line : t.proc().read(t.pid(), "status").orElse("").split("\n")) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring(6).trim().split("\\s+");
                    nsPid = ids[ids.length - 1];
                }
            }
            results.add(CheckResult.of("init is PID 1 inside", nsPid.equals("1"), "1", nsPid.isEmpty() ? "no NSpid" : nsPid));
        }
        String uidMap = t.proc().read(t.pid(), "uid_map").orElse("").trim().replaceAll("\\s+", " ");
        String expectedMap = t.spec().has(Namespace.USER) ? "0 " + t.ownerUid() + " 1" : "0 0 4294967295";
        results.add(CheckResult.of("uid map", uidMap.equals(expectedMap), expectedMap, uidMap));
        return results;
    }
}
