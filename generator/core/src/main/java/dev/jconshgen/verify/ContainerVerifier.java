package dev.jconshgen.verify;

import java.util.ArrayList;
import java.util.List;

/** Checks a running container from the host against its spec; every check reports PASS/FAIL/SKIP. */
public final class ContainerVerifier {
    private final List<Check> checks = List.of(new ProcessChecks(), new RootfsChecks(), new CgroupChecks(), new NetworkChecks(), new ProbeChecks());

    public List<CheckResult> verify(Target target) {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            results.addAll(check.run(target));
            // Nothing else can be looked at once the init is gone.
            if (results.get(0).failed()) {
                break;
            }
        }
        return results;
    }
}
