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
 * rootless container too (with --preserve-credentials, see {@link #credentials}).
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
        List<String> options = options(name -> proc.namespace(pid, name), proc::selfNamespace);
        argv.addAll(options);
        argv.addAll(credentials(options, proc.selfUid()));
        argv.addAll(List.of("-r", "-w"));
        return argv;
    }

    /**
     * A user entering its own rootless container keeps its credentials: nsenter would otherwise
     * call setgroups(2), which the kernel refuses in a user namespace whose setgroups is 'deny'
     * (unshare --map-root-user sets that). The user's UID is root inside anyway. Root keeps the
     * default: it becomes root inside, whoever owns the container.
     */
    static List<String> credentials(List<String> options, long uid) {
        return uid != 0 && options.contains("-U") ? List.of("--preserve-credentials") : List.of();
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
