package dev.jconshgen.apply.preflight;

import dev.jconshgen.apply.HostInspector;
import dev.jconshgen.apply.Resources;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;

import java.util.List;

/**
 * The container's kernel names (veth, netns, cgroup) or its work directory in use already.
 * Not a blocker of the host but a name taken, so it fails like one ({@link ExitCode#FAILURE});
 * apply asks after claiming the name, so that two applies of one name see one winner.
 */
public final class ResourceConflicts {
    private final HostInspector inspector;

    public ResourceConflicts(HostInspector inspector) {
        this.inspector = inspector;
    }

    public void check(Resources r) {
        List<String> problems = inspector.kernelResources(r).stream()
                .map(found -> found + " exists already (another container, or a leftover: 'jconshgen destroy "
                        + r.name() + "' or the generated consh_cleanup.sh removes it)")
                .toList();
        if (!problems.isEmpty()) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot apply " + r.name() + ", nothing was changed:\n  - "
                    + String.join("\n  - ", problems));
        }
    }
}
