package dev.jconshgen.core;

/** The documented exit codes of every jconshgen command. */
public final class ExitCode {
    public static final int OK = 0;
    /** The command ran and something failed (a script, a check, the host). */
    public static final int FAILURE = 1;
    /** The input was wrong (spec, options); nothing was changed. */
    public static final int INVALID_INPUT = 2;

    private ExitCode() {
    }
}
