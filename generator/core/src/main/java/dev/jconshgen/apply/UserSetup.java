package dev.jconshgen.apply;

import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.rootless.RunAsUser;
import dev.jconshgen.state.StateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What root does before 'apply --user U' runs the lower-layer and setup steps as U: hands U the
 * overlay directory that apply claimed (and its marker, which setup rewrites) and the pid and log
 * files in root's state directory, which stays root's (destroy trusts it); gives U a layer cache
 * of its own; finds the cgroup the setup starts in. U's busybox layer must be U's: the
 * container's root is U, and a layer owned by the real root gives it no right to make
 * directories in it (setup's mkdir /dev/mqueue fails). So it is not shared with root's
 * containers, and no other user can write it.
 *
 * @param asWho the command line of a step as U
 * @param cache U's layer cache: uid-U below root's, owned by U
 */
record UserSetup(RunAsUser user, UnaryOperator<List<String>> asWho, LayerCache cache) {

    static UserSetup prepare(RunAsUser user, Resources r, StateStore store, Map<String, String> env) throws IOException {
        user.handOver(r.overlayDir());
        user.handOver(r.overlayDir().resolve(WorkdirClaim.OVERLAY_MARKER));
        user.fileFor(store.pidFile(r.name()));
        user.fileFor(store.logFile(r.name()));
        Path cache = LayerCache.fromEnvironment(env, 0).root().resolve("uid-" + user.uid());
        if (!Files.isDirectory(cache)) {
            Files.createDirectories(cache);
            user.handOver(cache);
        }
        Optional<Path> start = user.startCgroup(r.cgroup());
        String path = Optional.ofNullable(env.get("PATH")).orElse("/usr/sbin:/usr/bin:/sbin:/bin");
        return new UserSetup(user, argv -> user.wrap(argv, start, path), new LayerCache(cache));
    }

    /** The cache makes each build directory as root; U builds the layer in it. */
    void buildDirFor(Path layer) {
        try {
            user.handOver(layer.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
