package dev.jconshgen.api;

import dev.jconshgen.verify.CheckResult;

import java.util.List;
import java.util.stream.Collectors;

/** The checks of one verify: each PASS, FAIL or SKIP with what was expected and seen. */
public record Verification(List<CheckResult> checks) {

    public Verification {
        checks = List.copyOf(checks);
    }

    public List<CheckResult> failed() {
        return checks.stream().filter(CheckResult::failed).toList();
    }

    public boolean ok() {
        return failed().isEmpty();
    }

    /** Throws an AssertionError (a test failure) that lists every failed check with both sides. */
    public void assertAllPassed() {
        if (!ok()) {
            throw new AssertionError(failed().size() + " check(s) FAILED:\n" + failed().stream()
                    .map(c -> "  " + c.name() + ": expected " + c.expected() + "; saw " + c.actual()).collect(Collectors.joining("\n")));
        }
    }
}
