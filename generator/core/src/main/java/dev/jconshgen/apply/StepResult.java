package dev.jconshgen.apply;

import java.time.Duration;

/** One step of apply or destroy: its name, how long it took, whether it worked, what it printed. */
public record StepResult(String name, Duration duration, boolean ok, String output) {
}
