package dev.jconshgen.lab;

import dev.jconshgen.apply.RunningContainer;
import dev.jconshgen.apply.VerifyService;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.LabReachability;
import dev.jconshgen.verify.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** verify of a lab: each member's own checks (named after it), the bridge, and every pair's reachability. */
public final class LabVerifyService {
    private final LabStore labs;
    private final ProcessRunner runner;
    private final ProcFs proc;

    public LabVerifyService(LabStore labs, ProcessRunner runner, ProcFs proc) {
        this.labs = labs;
        this.runner = runner;
        this.proc = proc;
    }

    /** The lab as it was applied (the spec copy in its state). */
    public LabSpec appliedLab(String labName) {
        try {
            return new YamlSpecLoader().parseLab(labs.specCopy(labName).toString(), Files.readString(labs.specCopy(labName)));
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "no lab " + labName + " (none was applied with that name; 'jconshgen status' lists them)", e);
        }
    }

    public List<CheckResult> verify(String labName) {
        LabSpec lab = appliedLab(labName);
        List<CheckResult> results = new ArrayList<>();
        VerifyService verify = new VerifyService(runner, proc);
        for (ContainerSpec member : lab.containers()) {
            if (labs.containers().load(member.name()).isEmpty()) {
                results.add(CheckResult.of(member.name() + ": applied", false, "container " + member.name() + " of lab " + labName,
                        "no state for it (destroyed or never applied)"));
                continue;
            }
            RunningContainer container = RunningContainer.find(member.name(), labs.containers());
            verify.verify(container, VerifyService.cachedLayer(labs.containers(), member.name()))
                    .forEach(c -> results.add(MemberProgress.named(member.name(), c)));
        }
        results.addAll(reachability(lab));
        return results;
    }

    /** Ping and TCP between every ordered pair of the lab's members that have state. */
    public List<CheckResult> reachability(LabSpec lab) {
        List<Target> targets = new ArrayList<>();
        for (ContainerSpec member : lab.containers()) {
            labs.containers().load(member.name()).ifPresent(state -> targets.add(new Target(member, state.workdir(), state.pid(),
                    state.pidStartTime(), state.uid(), proc, runner, Optional.empty())));
        }
        return new LabReachability().check(targets);
    }
}
