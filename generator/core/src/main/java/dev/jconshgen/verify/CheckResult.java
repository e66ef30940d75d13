package dev.jconshgen.verify;

/** The outcome of one check: what was expected and what was seen. */
public record CheckResult(String name, Status status, String expected, String actual) {

    public enum Status { PASS, FAIL, SKIP }

    public static CheckResult of(String name, boolean passed, String expected, String actual) {
        return new CheckResult(name, passed ? Status.PASS : Status.FAIL, expected, actual);
    }

    public static CheckResult skip(String name, String why) {
        return new CheckResult(name, Status.SKIP, why, "");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
