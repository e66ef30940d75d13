package dev.jconshgen.api;

import dev.jconshgen.core.FileTrees;
import dev.jconshgen.apply.ApplyReport;
import dev.jconshgen.apply.ApplyService;
import dev.jconshgen.apply.Interruption;
import dev.jconshgen.apply.Progress;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.SpecYamlWriter;
import dev.jconshgen.state.StateStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * jconshgen from Java: apply a spec (built with {@link dev.jconshgen.dsl.Container} or loaded),
 * then verify it, run commands in it and destroy it, with the same preflight, rollback, checks and
 * proof of cleanup as the command line.
 *
 * <pre>{@code
 * ContainerSpec web = Container.named("web").busyboxLayer()
 *         .network(n -> n.netns("web").hostAddress("10.9.0.1/24").containerAddress("10.9.0.2/24")).build();
 * try (AppliedContainer c = Jconshgen.onThisHost().apply(web)) {   // close(): destroy, with its proof
 *     c.verify().assertAllPassed();
 *     ExecResult r = c.exec("hostname");
 * }
 * }</pre>
 *
 * Immutable: the {@code with...} methods return a changed copy.
 */
public final class Jconshgen {
    private final StateStore store;
    private final Map<String, String> env;
    private final ProcFs proc;

    private Jconshgen(StateStore store, Map<String, String> env, ProcFs proc) {
        this.store = store;
        this.env = Map.copyOf(env);
        this.proc = proc;
    }

    /** State and layer cache where the command line keeps them for this user (and its environment variables). */
    public static Jconshgen onThisHost() {
        return new Jconshgen(StateStore.fromEnvironment(), System.getenv(), ProcFs.host());
    }

    /** Keeps the containers' state in DIR (the command line's JCONSHGEN_STATE_DIR). */
    public Jconshgen withStateDir(Path dir) {
        return new Jconshgen(new StateStore(dir), env, proc);
    }

    /** Keeps the busybox layer cache in DIR (the command line's JCONSHGEN_CACHE_DIR). */
    public Jconshgen withLayerCache(Path dir) {
        Map<String, String> changed = new HashMap<>(env);
        changed.put(LayerCache.ENV_DIR, dir.toString());
        return new Jconshgen(store, changed, proc);
    }

    StateStore store() {
        return store;
    }

    ProcFs proc() {
        return proc;
    }

    /**
     * Applies SPEC in a new temporary directory (its work directory is made there, and the
     * directory is removed by {@link AppliedContainer#close()}).
     */
    public AppliedContainer apply(ContainerSpec spec) {
        Path directory;
        try {
            directory = Files.createTempDirectory("jconshgen-" + spec.name() + "-");
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot create a temporary directory: " + e.getMessage(), e);
        }
        try {
            return apply(spec, directory, true);
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(directory);
            throw e;
        }
    }

    /**
     * Applies SPEC from DIRECTORY: its YAML is written there as NAME.yaml (the state keeps a copy,
     * as for a spec file) and its relative work directory is resolved against it.
     *
     * @throws dev.jconshgen.apply.preflight.PreflightException this host cannot run it (each blocker with its remedy); nothing was made
     * @throws JconshgenException                                  apply failed; what it made is undone
     */
    public AppliedContainer apply(ContainerSpec spec, Path directory) {
        return apply(spec, directory, false);
    }

    private AppliedContainer apply(ContainerSpec spec, Path directory, boolean ownsDirectory) {
        Path file = directory.resolve(spec.name() + ".yaml");
        try {
            Files.writeString(file, SpecYamlWriter.write(spec), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write " + file + ": " + e.getMessage(), e);
        }
        ProcessRunner runner = new ProcessRunner();
        ApplyReport report;
        // Watched for the call only: no shutdown hook outlives it.
        try (Interruption interruption = Interruption.watch(runner::cancelRunning)) {
            report = new ApplyService(store, runner, proc, env).apply(file, false, Progress.SILENT, interruption);
        }
        if (!report.ok()) {
            throw new JconshgenException(ExitCode.FAILURE, "apply of " + spec.name() + " failed and was undone: "
                    + report.failure().orElse("a check failed"));
        }
        return new AppliedContainer(this, spec, report, ownsDirectory ? Optional.of(directory) : Optional.empty());
    }
}
