package dev.jconshgen.lab;

import dev.jconshgen.apply.Progress;
import dev.jconshgen.apply.StepResult;
import dev.jconshgen.verify.CheckResult;

/** A member's progress lines, each with the member's name in front, so a lab's output says whose step it is. */
final class MemberProgress {
    private MemberProgress() {
    }

    static Progress of(String member, Progress progress) {
        String prefix = member + ": ";
        return new Progress() {
            @Override
            public void stepStarted(String name) {
                progress.stepStarted(prefix + name);
            }

            @Override
            public void stepFinished(StepResult step) {
                progress.stepFinished(new StepResult(prefix + step.name(), step.duration(), step.ok(), step.output()));
            }

            @Override
            public void check(CheckResult check) {
                progress.check(named(member, check));
            }

            @Override
            public void note(String message) {
                progress.note(prefix + message);
            }
        };
    }

    static CheckResult named(String member, CheckResult check) {
        return new CheckResult(member + ": " + check.name(), check.status(), check.expected(), check.actual());
    }
}
