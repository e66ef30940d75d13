package dev.jconshgen.apply;

import dev.jconshgen.apply.preflight.Preflight;
import dev.jconshgen.apply.preflight.ResourceConflicts;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.core.AtomicWrite;
import dev.jconshgen.layers.CachedLayers;
import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.state.AppliedImages;
import dev.jconshgen.render.ScriptKind;
import dev.jconshgen.rootless.RunAsUser;
import dev.jconshgen.rootless.UserIds;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;
import dev.jconshgen.state.ContainerState;
import dev.jconshgen.state.StateStore;
import dev.jconshgen.verify.CheckResult;
import dev.jconshgen.verify.ContainerVerifier;
import dev.jconshgen.verify.Target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * apply: validate, generate the scripts into the state directory, run them in order (lower
 * layer, setup with post-setup, network), verify the running container from the host. Any
 * failure undoes everything (unless asked to keep it) and is reported with its output.
 */
public final class ApplyService {
    static final Duration LOWER_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(30);

    private final StateStore store;
    private final ProcessRunner runner;
    private final ProcFs proc;
    private final GeneratorService generator = new GeneratorService();
    /** The environment apply reads (the layer cache's place, BUSYBOX, HOME): the process's, or a caller's own. */
    private final Map<String, String> env;

    public ApplyService(StateStore store, ProcessRunner runner, ProcFs proc) {
        this(store, runner, proc, System.getenv());
    }

    public ApplyService(StateStore store, ProcessRunner runner, ProcFs proc, Map<String, String> env) {
        this.store = store;
        this.runner = runner;
        this.proc = proc;
        this.env = Map.copyOf(env);
    }

    /**
     * @param interruption watched by the caller around this call and its report; when it
     *                     happens, the running step is stopped and everything is undone
     */
    public ApplyReport apply(Path specFile, boolean keepOnFailure, Progress progress, Interruption interruption) {
        return apply(specFile, Optional.empty(), keepOnFailure, progress, interruption);
    }

    /** @param asUser root's 'apply --user': the lower layer and setup run as this user, the network as root */
    public ApplyReport apply(Path specFile, Optional<UserIds> asUser, boolean keepOnFailure, Progress progress, Interruption interruption) {
        if (asUser.isPresent() && proc.selfUid() != 0) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--user: only root can run steps as another user"
                    + " (run apply without --user to run it all as yourself)");
        }
        Optional<RunAsUser> user = asUser.map(RunAsUser::new);
        PhaseTimer.phase("apply: start");
        LoadedSpec loaded = generator.load(specFile);
        PhaseTimer.phase("apply: load spec");
        String name = loaded.spec().name();
        refuseBridged(specFile, loaded.spec());
        long uid = user.map(RunAsUser::uid).orElse(proc.selfUid());
        refuseImageLayersForUser(loaded, user);
        Resources resources = Resources.of(loaded.spec(), loaded.workdir(), proc, uid);
        Optional<String> unsafe = user.flatMap(u -> u.unsafeToHandOver(resources.overlayDir(), RunAsUser::liveLstat));
        if (unsafe.isPresent()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, specFile + ": workdir: with --user, root hands the overlay directory"
                    + " to the user, which is only safe on a path the user cannot change: " + unsafe.get()
                    + "; keep the spec's workdir in a directory the user cannot write, or run apply as that user");
        }
        // The host's blockers before the name is claimed: a failed preflight leaves no trace.
        (user.isPresent() ? Preflight.forUser(proc, uid) : Preflight.onThisHost(proc)).check(specFile, resources);
        PhaseTimer.phase("apply: preflight");
        if (!store.claim(name)) {
            throw new JconshgenException(ExitCode.FAILURE, "container " + name + " exists already (state in "
                    + store.dir(name) + "): run 'jconshgen destroy " + name + "' first");
        }
        return applyClaimed(specFile, loaded, resources, user, keepOnFailure, progress, interruption);
    }

    /**
     * A bridged container's bridge is shared with other containers: making and removing it
     * belongs to a lab (kind: Lab), which owns the bridge. Refused before anything is claimed or
     * made (apply, and 'jconshgen preflight', which must not call such a spec ready).
     */
    public static void refuseBridged(Path specFile, ContainerSpec spec) {
        if (spec.network().map(n -> n.hasBridge()).orElse(false)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, specFile + ": network.bridge: apply runs bridged containers only as"
                    + " members of a lab: write a 'kind: Lab' spec with this container under 'containers:' (see examples/trio.yaml),"
                    + " or run the generated scripts by hand (consh_bridge_setup.sh, then consh_nw_setup.sh of each container)");
        }
    }

    /**
     * Root's 'apply --user' builds its busybox layer as the user, in a directory root hands over;
     * image layers would be extracted by root into the user's cache, whose entries the user then
     * could not manage. A user's own (rootless) apply extracts them as that user.
     */
    private static void refuseImageLayersForUser(LoadedSpec loaded, Optional<RunAsUser> user) {
        if (user.isPresent() && loaded.spec().rootfs().layers().stream().anyMatch(l -> l instanceof Layer.Image)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "rootfs.layers: apply --user does not take image layers yet;"
                    + " run apply as uid " + user.get().uid() + " itself (rootless), or as root without --user (nothing was changed)");
        }
    }

    /**
     * One member of a lab, whose preflight the lab ran for all members at once. The member's
     * state holds a copy of the lab's spec file ({@link RunningContainer} picks the member).
     *
     * @param claimed run right after the name is claimed, before anything is made: the lab
     *                records its member there, so that its destroy finds it even after a kill -9
     */
    public ApplyReport applyMember(Path labFile, LoadedSpec member, boolean keepOnFailure, Progress progress, Interruption interruption,
                                   Runnable claimed) {
        String name = member.spec().name();
        Resources resources = Resources.of(member.spec(), member.workdir(), proc);
        if (!store.claim(name)) {
            throw new JconshgenException(ExitCode.FAILURE, "container " + name + " exists already (state in "
                    + store.dir(name) + "): destroy it first");
        }
        claimed.run();
        return applyClaimed(labFile, member, resources, Optional.empty(), keepOnFailure, progress, interruption);
    }

    private ApplyReport applyClaimed(Path specFile, LoadedSpec loaded, Resources resources, Optional<RunAsUser> user,
                                     boolean keepOnFailure, Progress progress, Interruption interruption) {
        String name = resources.name();
        Path workdir = resources.workdir();
        try {
            new ResourceConflicts(new HostInspector(proc)).check(resources);
        } catch (RuntimeException e) {
            store.remove(name);
            throw e;
        }

        // The busybox layer comes from the shared cache, never from the work directory: apply
        // makes no layer there, and destroy must leave the cache alone.
        boolean createdLayer = false;
        WorkdirClaim dirs;
        try {
            dirs = WorkdirClaim.take(resources);
        } catch (RuntimeException e) {
            store.remove(name);
            throw e;
        }
        // Recorded before setup makes them (and saved before it runs): a kill during setup still
        // lets destroy find the parents this apply made.
        ContainerState state = new ContainerState(name, specFile.toAbsolutePath().normalize(), workdir,
                dirs.createdWorkdir(), createdLayer, true, user.map(RunAsUser::uid).orElse(proc.selfUid()), 0, 0, List.of())
                .withCreatedCgroupParents(CgroupParents.missing(resources.cgroupDirs()));
        store.save(state);
        Path scripts = store.scriptsDir(name);
        try {
            // the image record first: a spec copy without it could not be loaded (destroy renders from it)
            AtomicWrite.write(store.imagesFile(name), AppliedImages.json(List.of(loaded.spec())).getBytes(StandardCharsets.UTF_8));
            Files.copy(specFile, store.specCopy(name));
        } catch (IOException e) {
            store.remove(name);
            throw new JconshgenException(ExitCode.FAILURE, "cannot copy the spec into " + store.dir(name) + ": " + e.getMessage(), e);
        }
        PhaseTimer.phase("apply: conflicts, claim, state");
        generator.write(generator.render(loaded), scripts);
        PhaseTimer.phase("apply: render and write scripts");

        ScriptSteps steps = new ScriptSteps(runner, progress);
        List<CheckResult> checks = new ArrayList<>();
        String stepsFailure = ApplyEnding.runSteps(() -> run(specFile, resources, state, user, steps, checks, progress, interruption));
        PhaseTimer.phase("apply: verify");
        long pid = store.load(name).map(ContainerState::pid).orElse(0L);
        String failure = ApplyEnding.settle(stepsFailure, interruption.happened(), keepOnFailure, name, progress,
                () -> {
                    DestroyReport undo = new DestroyService(store, runner, proc).destroy(name, false, Progress.SILENT);
                    return ApplyEnding.notUndone(undo.ok(), undo.leftovers(), undo.steps());
                });
        if (failure == null) {
            store.markApplyEnded(name);
        }
        return new ApplyReport(name, pid, steps.results(), checks, Optional.ofNullable(failure));
    }

    /** Runs the steps; returns null when all worked, else what failed. */
    private String run(Path specFile, Resources r, ContainerState state, Optional<RunAsUser> user, ScriptSteps steps, List<CheckResult> checks,
                       Progress progress, Interruption interruption) {
        Path scripts = store.scriptsDir(r.name());
        try {
            Files.createDirectories(r.workdir());
        } catch (IOException e) {
            return "cannot create the work directory " + r.workdir() + ": " + e.getMessage();
        }
        List<String> setupArgs = new ArrayList<>(List.of("-d", "-P", store.pidFile(r.name()).toString(), "-L", store.logFile(r.name()).toString()));
        Optional<UserSetup> asUser = Optional.empty();
        if (user.isPresent()) {
            try {
                asUser = Optional.of(UserSetup.prepare(user.get(), r, store, env));
            } catch (IOException e) {
                return "cannot prepare the steps of uid " + user.get().uid() + ": " + e.getMessage();
            }
        }
        boolean images = r.spec().rootfs().layers().stream().anyMatch(l -> l instanceof Layer.Image);
        if (r.busyboxLayerDir().isPresent() || images) {
            LayerCache cache = asUser.map(UserSetup::cache).orElse(LayerCache.fromEnvironment(env, proc.selfUid()));
            CachedLayers cached;
            // Held until the state names the layers taken: a prune meanwhile waits.
            try (LayerCache.InUse inUse = cache.inUse()) {
                Optional<Path> busybox = Optional.empty();
                if (r.busyboxLayerDir().isPresent()) {
                    busybox = Optional.of(BusyboxLayerStep.run(steps, cache, env,
                            scripts.resolve(ScriptKind.CREATE_LOWERFS.fileName()), r.workdir(), LOWER_TIMEOUT, asUser));
                    Files.writeString(store.cachedLayerFile(r.name()), busybox.get() + "\n");
                }
                if (images) {
                    // recorded first: a prune after a failed build must see the entries this container may use
                    Files.writeString(store.imageCacheFile(r.name()), cache.imagesDir() + "\n");
                    Path specDir = specFile.toAbsolutePath().normalize().getParent();
                    if (!ImageLayerStep.run(steps, runner, cache, r.spec(), specDir, proc.selfUid(), LOWER_TIMEOUT)) {
                        return failed(steps.results().get(steps.results().size() - 1));
                    }
                }
                cached = new CachedLayers(busybox, images ? Optional.of(cache.imagesDir()) : Optional.empty());
            } catch (BusyboxLayerStep.Failed e) {
                return e.getMessage();
            } catch (LayerCache.CacheException e) {
                return "step 'lower layer' failed: " + e.getMessage();
            } catch (IOException e) {
                return "cannot record the cached layers in " + store.dir(r.name()) + ": " + e.getMessage();
            }
            // The spec's layers with the cached ones in place of the work directory's, top first.
            List<String> topFirst = new ArrayList<>(cached.lowerDirs(r.spec().rootfs(), r.workdir()));
            Collections.reverse(topFirst);
            setupArgs.add(String.join(":", topFirst));
            setupArgs.add(r.overlayDir().toString());
        }
        PhaseTimer.phase("apply: lower layer");
        if (interruption.happened()) {
            return "interrupted before setup";
        }
        UnaryOperator<List<String>> asWho = asUser.map(UserSetup::asWho).orElse(UnaryOperator.identity());
        StepResult setup = steps.run("setup + post-setup", scripts.resolve(ScriptKind.SETUP.fileName()), r.workdir(), SETUP_TIMEOUT,
                asWho, setupArgs.toArray(String[]::new));
        PhaseTimer.phase("apply: setup script");
        Optional<Long> pid = readPid(r.name());
        if (pid.isPresent() && user.isPresent() && user.get().refusal(proc, pid.get()).isPresent()) {
            return user.get().refusal(proc, pid.get()).get();
        }
        if (pid.isPresent()) {
            long startTime = proc.startTime(pid.get()).orElse(0);
            // The init's network namespace: a netns file naming it later is this container's own.
            long netns = r.network().isPresent() ? proc.namespace(pid.get(), "net").map(Ownership::namespaceInode).orElse(0L) : 0;
            store.save(state.withProcess(pid.get(), startTime, new HostInspector(proc).cgroupDirsOf(r, pid.get())).withNetnsInode(netns));
        }
        if (!setup.ok() || pid.isEmpty()) {
            return failed(setup);
        }
        if (interruption.happened()) {
            return "interrupted before the network";
        }
        PhaseTimer.phase("apply: record process");
        if (r.network().isPresent()) {
            StepResult network = steps.run("network", scripts.resolve(ScriptKind.NETWORK_SETUP.fileName()), r.workdir(), NETWORK_TIMEOUT,
                    Long.toString(pid.get()));
            if (!network.ok()) {
                return failed(network);
            }
        }
        if (interruption.happened()) {
            return "interrupted before verify";
        }
        PhaseTimer.phase("apply: network script");
        ContainerState current = store.load(r.name()).orElseThrow();
        progress.stepStarted("verify");
        long start = System.nanoTime();
        List<CheckResult> results = new ContainerVerifier().verify(
                new Target(r.spec(), r.workdir(), current.pid(), current.pidStartTime(), current.uid(), proc, runner,
                        VerifyService.cachedLayers(store, r.name())));
        results.forEach(progress::check);
        checks.addAll(results);
        List<String> failedChecks = results.stream().filter(CheckResult::failed)
                .map(c -> c.name() + ": expected " + c.expected() + ", saw " + c.actual()).toList();
        StepResult verify = steps.record(new StepResult("verify", Duration.ofNanos(System.nanoTime() - start),
                failedChecks.isEmpty(), String.join("\n", failedChecks)));
        return verify.ok() ? null : failed(verify);
    }

    private static String failed(StepResult step) {
        return "step '" + step.name() + "' failed:\n" + step.output().stripTrailing();
    }

    private Optional<Long> readPid(String name) {
        try {
            return Optional.of(Long.parseLong(Files.readString(store.pidFile(name)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

}
