package dev.jconshgen.apply;

import dev.jconshgen.verify.CheckResult;

/** Receives progress as it happens, so that the CLI can show each step when it ends. */
public interface Progress {
    default void stepStarted(String name) {
    }

    default void stepFinished(StepResult step) {
    }

    default void check(CheckResult check) {
    }

    default void note(String message) {
    }

    Progress SILENT = new Progress() {
    };
}
