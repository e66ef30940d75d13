package dev.jconshgen.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The nsenter command line that enters a container: each namespace of the target that differs
 * from ours, then its root and working directory. Not 'nsenter -a': util-linux 2.38 also tries
 * the namespaces the container shares with the host (time, at least), and joining one owned by
 * the initial user namespace fails for an unprivileged user ("reassociate to namespace 'ns/time'
 * failed"). Entering only what differs is what '-a' means for root, and works for the owner of a
 * rootless container too.
 */
public final class Nsenter {
    /** nsenter option per /proc/PID/ns name, user first (nsenter orders them itself anyway). */
    private static final List<String[]> NAMESPACES = List.of(
            new String[]{"user", "-U"}, new String[]{"mnt", "-m"}, new String[]{"uts", "-u"}, new String[]{"ipc", "-i"},
            new String[]{"net", "-n"}, new String[]{"pid", "-p"}, new String[]{"cgroup", "-C"}, new String[]{"time", "-T"});

    private Nsenter() {
    }

    /** "nsenter -t PID [namespace options] -r -w": the command to which the caller appends its own. */
    public static List<String> into(ProcFs proc, long pid) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid)));
        argv.addAll(options(name -> proc.namespace(pid, name), proc::selfNamespace));
        argv.addAll(List.of("-r", "-w"));
        return argv;
    }

    /**
     * The options for the target's namespaces that are not ours: one the target lacks (an older
     * kernel) is skipped, one we cannot read is entered.
     */
    static List<String> options(Function<String, Optional<String>> theirs, Function<String, Optional<String>> ours) {
        List<String> options = new ArrayList<>();
        for (String[] ns : NAMESPACES) {
            Optional<String> target = theirs.apply(ns[0]);
            if (target.isPresent() && !target.equals(ours.apply(ns[0]))) {
                options.add(ns[1]);
            }
        }
        return options;
    }
}
