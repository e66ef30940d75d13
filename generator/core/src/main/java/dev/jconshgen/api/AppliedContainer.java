package dev.jconshgen.api;

import dev.jconshgen.core.FileTrees;
import dev.jconshgen.apply.ApplyReport;
import dev.jconshgen.apply.DestroyReport;
import dev.jconshgen.apply.DestroyService;
import dev.jconshgen.apply.ExecService;
import dev.jconshgen.apply.Progress;
import dev.jconshgen.apply.RunningContainer;
import dev.jconshgen.apply.VerifyService;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.verify.CheckResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A container {@link Jconshgen#apply} made and left running; {@link #close()} destroys it and proves nothing is left. */
public final class AppliedContainer implements AutoCloseable {
    /** exec's timeout when none is given. */
    public static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    private final Jconshgen jconshgen;
    private final ContainerSpec spec;
    private final ApplyReport report;
    private final Optional<Path> ownDirectory;
    private final ProcessRunner runner = new ProcessRunner();
    private boolean closed;

    AppliedContainer(Jconshgen jconshgen, ContainerSpec spec, ApplyReport report, Optional<Path> ownDirectory) {
        this.jconshgen = jconshgen;
        this.spec = spec;
        this.report = report;
        this.ownDirectory = ownDirectory;
    }

    public String name() {
        return spec.name();
    }

    public ContainerSpec spec() {
        return spec;
    }

    /** The PID of its first process, as the host sees it. */
    public long pid() {
        return report.pid();
    }

    /** What apply checked before it returned (all passed). */
    public Verification applyChecks() {
        return new Verification(report.checks());
    }

    /** Every check of 'jconshgen verify', now. */
    public Verification verify() {
        RunningContainer container = RunningContainer.find(name(), jconshgen.store());
        List<CheckResult> checks = new VerifyService(runner, jconshgen.proc())
                .verify(container, VerifyService.cachedLayers(jconshgen.store(), name()));
        return new Verification(checks);
    }

    /** Runs COMMAND inside (its cgroups, namespaces and root, as 'jconshgen exec'), with its output. */
    public ExecResult exec(String... command) {
        return exec(EXEC_TIMEOUT, command);
    }

    public ExecResult exec(Duration timeout, String... command) {
        RunningContainer container = RunningContainer.find(name(), jconshgen.store());
        List<String> argv = new ExecService(runner, jconshgen.proc()).commandLine(container, List.of(command));
        return runner.run(Command.of(timeout, argv));
    }

    /** Removes the temporary directory apply made (after destroy nothing is mounted in it). */
    static void deleteOwnDirectory(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Destroys it: stop, cleanup, and the proof that nothing of it is left (else an
     * IllegalStateException naming what is). A temporary directory apply made is removed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DestroyReport destroyed = new DestroyService(jconshgen.store(), runner, jconshgen.proc()).destroy(name(), false, Progress.SILENT);
        if (!destroyed.ok()) {
            throw new IllegalStateException("destroy of " + name() + " left " + String.join(", ", destroyed.leftovers())
                    + "; 'jconshgen destroy " + name() + "' (with JCONSHGEN_STATE_DIR=" + jconshgen.store().root() + ") retries");
        }
        ownDirectory.ifPresent(AppliedContainer::deleteOwnDirectory);
    }
}
