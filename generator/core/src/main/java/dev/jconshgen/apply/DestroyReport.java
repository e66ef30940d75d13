package dev.jconshgen.apply;

import java.util.List;

/**
 * What destroy did and what it found afterwards.
 *
 * @param found     false when there was no such container (destroy then does nothing)
 * @param leftovers what is still on the host after the cleanup; empty means proven clean
 */
public record DestroyReport(String name, boolean found, List<StepResult> steps, List<String> leftovers) {

    public boolean ok() {
        return leftovers.isEmpty() && steps.stream().allMatch(StepResult::ok);
    }
}
