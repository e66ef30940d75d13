package dev.jconshgen.lab;

import dev.jconshgen.apply.StepResult;
import dev.jconshgen.verify.CheckResult;

import java.util.List;
import java.util.Optional;

/** What apply or destroy of a lab did: every step (members' prefixed with their name), checks, and the failure if any. */
public record LabReport(String name, boolean found, List<StepResult> steps, List<CheckResult> checks, List<String> leftovers,
                        Optional<String> failure) {
    public LabReport {
        steps = List.copyOf(steps);
        checks = List.copyOf(checks);
        leftovers = List.copyOf(leftovers);
    }

    public boolean ok() {
        return failure.isEmpty() && leftovers.isEmpty() && steps.stream().allMatch(StepResult::ok);
    }
}
