package dev.jconshgen.apply;

import dev.jconshgen.verify.CheckResult;

import java.util.List;
import java.util.Optional;

/** What apply did: its steps, the verification checks, and the failure if there was one. */
public record ApplyReport(String name, long pid, List<StepResult> steps, List<CheckResult> checks, Optional<String> failure) {

    public boolean ok() {
        return failure.isEmpty();
    }
}
