package dev.jconshgen.core;

/** The one exception type that reaches the CLI: a message for the user and an exit code. */
public class JconshgenException extends RuntimeException {
    private final int exitCode;

    public JconshgenException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public JconshgenException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
