package dev.jconshgen.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** The documented exit codes of every jconshgen command, and their one description for --help. */
public final class ExitCode {
    public static final int OK = 0;
    /** The command ran and something failed (a script, a check, the host). */
    public static final int FAILURE = 1;
    /** The input was wrong (spec, options); nothing was changed. */
    public static final int INVALID_INPUT = 2;
    /**
     * apply's preflight found something on this host that would stop the container (a missing
     * tool, a restricted user namespace, no writable cgroup, ...); nothing was changed. Separate
     * from {@link #FAILURE} so that scripts and CI can tell "fix the host" from "it broke".
     */
    public static final int HOST_NOT_READY = 3;
    /**
     * apply was interrupted by SIGINT (130) or SIGTERM (143): the JVM's own status for the
     * signal, after apply undid everything it had made.
     */
    public static final int INTERRUPTED_BY_SIGINT = 130;
    public static final int INTERRUPTED_BY_SIGTERM = 143;

    private ExitCode() {
    }

    /** Code to description, in order: what every command's --help lists under "Exit codes". */
    public static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "success");
        codes.put(Integer.toString(FAILURE), "failure (a script, a check or the host failed)");
        codes.put(Integer.toString(INVALID_INPUT), "invalid input (spec or options); nothing was changed");
        codes.put(Integer.toString(HOST_NOT_READY), "host not ready (apply's preflight: each blocker is listed with its remedy); nothing was changed");
        codes.put(INTERRUPTED_BY_SIGINT + "/" + INTERRUPTED_BY_SIGTERM,
                "interrupted by SIGINT/SIGTERM (Ctrl-C, kill); apply first undoes everything it made");
        return codes;
    }
}
