package dev.jconshgen.apply;

import dev.jconshgen.layers.BusyboxLayerKey;
import dev.jconshgen.layers.LayerCache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * apply's busybox layer: taken from the layer cache, built there with the generated
 * create_lowerfs.sh when the cache has none for this busybox. The generated scripts stay as
 * students run them (create_lowerfs.sh builds 'lower' in the work directory); apply only hands
 * consh_setup.sh the cached directory in place of that one.
 */
final class BusyboxLayerStep {
    static final String NAME = "lower layer";

    /** The step did not give a layer; the message is apply's failure. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private BusyboxLayerStep() {
    }

    /** The cached layer's directory, built now if needed (reported as step 'lower layer'). */
    static Path run(ScriptSteps steps, LayerCache cache, Map<String, String> env, Path script, Path workdir, Duration timeout) {
        return run(steps, cache, env, script, workdir, timeout, Optional.empty());
    }

    /** @param asUser apply --user: the layer is built as that user, in a build directory handed to it */
    static Path run(ScriptSteps steps, LayerCache cache, Map<String, String> env, Path script, Path workdir, Duration timeout,
                    Optional<UserSetup> asUser) {
        Path busybox = BusyboxLayerKey.busyboxFor(env).orElseThrow(() ->
                new Failed("busybox not found ($BUSYBOX or PATH): apt-get install busybox-static"));
        long start = System.nanoTime();
        LayerCache.Entry entry;
        try {
            entry = cache.busyboxLayerOf(busybox, dir -> {
                asUser.ifPresent(u -> u.buildDirFor(dir));
                StepResult built = steps.run(NAME, script, workdir, timeout,
                        asUser.map(UserSetup::asWho).orElse(UnaryOperator.identity()), dir.toString());
                if (!built.ok()) {
                    throw new Failed("step '" + NAME + "' failed:\n" + built.output().stripTrailing());
                }
            });
        } catch (LayerCache.CacheException | java.io.UncheckedIOException e) {
            throw new Failed("step '" + NAME + "' failed: " + e.getMessage());
        }
        if (!entry.built()) {
            // Nothing ran: say so, as the step that would have built it.
            steps.record(new StepResult(NAME + " (cached)", Duration.ofNanos(System.nanoTime() - start), true,
                    "reused " + entry.dir()));
        }
        return entry.dir();
    }
}
