package dev.jconshgen.apply;

import dev.jconshgen.host.ProcFs;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.ContainerVerifier;
import dev.jconshgen.verify.Target;

import java.util.List;

/** verify: check a container jconshgen applied against its spec (or against another spec). */
public final class VerifyService {
    private final ProcessRunner runner;
    private final ProcFs proc;

    public VerifyService(ProcessRunner runner, ProcFs proc) {
        this.runner = runner;
        this.proc = proc;
    }

    public List<CheckResult> verify(RunningContainer container) {
        var state = container.state();
        return new ContainerVerifier().verify(new Target(container.spec(), state.workdir(), state.pid(), state.pidStartTime(),
                state.uid(), proc, runner));
    }
}
