package dev.jconshgen.lab;

import dev.jconshgen.apply.RunningContainer;
import dev.jconshgen.apply.VerifyService;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.apply.InnerContainers;
import dev.jconshgen.state.AppliedImages;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.LabReachability;
import dev.jconshgen.verify.Target;
import dev.jconshgen.verify.ContainerByPid;
import dev.jconshgen.verify.ContainerVerifier;
import java.nio.file.Path;
import java.util.Map;

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
            return AppliedImages.loader(labs.imagesFile(labName)).parseLab(labs.specCopy(labName).toString(), Files.readString(labs.specCopy(labName)));
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
            if (lab.isInner(member.name())) {
                new InnerContainers(labs.containers(), runner, proc).verify(member.name(), member)
                        .forEach(c -> results.add(MemberProgress.named(member.name(), c)));
                continue;
            }
            RunningContainer container = RunningContainer.find(member.name(), labs.containers());
            verify.verify(container, VerifyService.cachedLayers(labs.containers(), member.name()))
                    .forEach(c -> results.add(MemberProgress.named(member.name(), c)));
        }
        results.addAll(reachability(lab));
        return results;
    }

    /**
     * verify --pid of a lab: every member found by the PID of its first process (made by anybody,
     * no state read), each checked against its part of the lab, then the pairs' reachability.
     *
     * @param pids    member name to PID; every member must have one
     * @param workdir where each member's relative directories are: its own resolution of the lab file
     */
    public List<CheckResult> verifyByPid(LabSpec lab, Map<String, Long> pids, java.util.function.Function<ContainerSpec, Path> workdir) {
        // A member inside another is checked through its outer container's state: 'verify LAB' of an applied lab.
        List<String> missing = lab.networked().stream().map(ContainerSpec::name).filter(name -> !pids.containsKey(name)).toList();
        List<String> unknown = pids.keySet().stream().filter(name -> lab.member(name).isEmpty() || lab.isInner(name)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "lab " + lab.name() + " has the members "
                    + String.join(", ", lab.networked().stream().map(ContainerSpec::name).toList()) + (lab.inside().isEmpty() ? ""
                    : " (and " + String.join(", ", lab.inside().keySet()) + " inside them, which --pid does not check)")
                    + "; give each one's PID as --pid MEMBER=PID"
                    + (missing.isEmpty() ? "" : " (missing: " + String.join(", ", missing) + ")")
                    + (unknown.isEmpty() ? "" : " (not members: " + String.join(", ", unknown) + ")") + "; nothing was checked");
        }
        ContainerByPid attach = new ContainerByPid(proc);
        long caller = proc.selfUid();
        // Every PID is proven to be a container's before any check runs.
        List<Target> targets = new ArrayList<>();
        for (ContainerSpec member : lab.networked()) {
            targets.add(attach.attach(member, workdir.apply(member), pids.get(member.name()), caller, runner));
        }
        List<CheckResult> results = new ArrayList<>();
        for (Target target : targets) {
            new ContainerVerifier().verify(target).forEach(c -> results.add(MemberProgress.named(target.spec().name(), c)));
        }
        for (String inner : lab.inside().keySet()) {
            results.add(MemberProgress.named(inner, CheckResult.skip("inside " + lab.outerOf(inner).orElse(""),
                    "--pid does not check a container inside another; 'jconshgen verify " + lab.name() + "' of an applied lab does")));
        }
        results.addAll(new LabReachability().check(targets));
        return results;
    }

    /** Ping and TCP between every ordered pair of the lab's members that have state. */
    public List<CheckResult> reachability(LabSpec lab) {
        List<Target> targets = new ArrayList<>();
        // the members with a network of their own: one inside another has only loopback
        for (ContainerSpec member : lab.networked()) {
            labs.containers().load(member.name()).ifPresent(state -> targets.add(new Target(member, state.workdir(), state.pid(),
                    state.pidStartTime(), state.uid(), proc, runner, dev.jconshgen.layers.CachedLayers.NONE)));
        }
        return new LabReachability().check(targets);
    }
}
