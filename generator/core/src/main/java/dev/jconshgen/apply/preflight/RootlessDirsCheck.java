package dev.jconshgen.apply.preflight;

import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.state.StateStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Rootless mode: the directories apply writes to must be the user's. Root's state directory
 * (/run/jconshgen) and layer cache are not; the defaults for a user are its own (see
 * {@link StateStore#defaultRoot} and {@link LayerCache#fromEnvironment}), but they can still be
 * unwritable (a home that does not exist, a /tmp/jconshgen-UID made by somebody else), and so can
 * the work directory. Root is not checked here: it may write everywhere it needs to, and a
 * read-only work directory is a step failure it reports (faults.bats).
 */
public final class RootlessDirsCheck implements PreflightCheck {
    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        long uid = host.effectiveUid();
        if (uid == 0) {
            return List.of();
        }
        List<Blocker> blockers = new ArrayList<>();
        Path state = StateStore.defaultRoot(host::env, uid);
        check(host, uid, "state directory", state, "set " + StateStore.ENV_ROOT + " (or XDG_RUNTIME_DIR) to a directory of yours",
                blockers);
        if (subject.resources().busyboxLayerDir().isPresent()) {
            Map<String, String> env = new HashMap<>();
            for (String name : List.of(LayerCache.ENV_DIR, "XDG_CACHE_HOME", "HOME")) {
                host.env(name).ifPresent(value -> env.put(name, value));
            }
            Path cache = LayerCache.fromEnvironment(env, uid).root();
            check(host, uid, "busybox layer cache", cache, "set " + LayerCache.ENV_DIR + " to a directory of yours", blockers);
        }
        Path workdir = subject.resources().workdir();
        check(host, uid, "work directory", workdir, "give the spec a workdir of yours, or: sudo chown " + uid + " "
                + Remedy.quote(host.nearestExisting(workdir)), blockers);
        return blockers;
    }

    /** DIR must be a directory of uid's, or be creatable in a directory uid may write. */
    private static void check(HostFacts host, long uid, String what, Path dir, String remedy, List<Blocker> blockers) {
        Path existing = host.nearestExisting(dir);
        boolean exists = existing.equals(dir.toAbsolutePath().normalize());
        OptionalLong owner = host.ownerUid(existing);
        if (exists && owner.isPresent() && owner.getAsLong() != uid && !host.isWritable(existing)) {
            blockers.add(new Blocker("the " + what + " " + dir + " belongs to uid " + owner.getAsLong() + " and uid " + uid
                    + " may not write to it", remedy));
        } else if (exists && owner.isPresent() && owner.getAsLong() != uid && what.equals("state directory")) {
            // others could read or replace the state that destroy trusts
            blockers.add(new Blocker("the " + what + " " + dir + " belongs to uid " + owner.getAsLong() + ", not to uid " + uid, remedy));
        } else if (!host.isWritable(existing)) {
            blockers.add(new Blocker("the " + what + " " + dir + " cannot be " + (exists ? "written" : "created") + ": uid " + uid
                    + " may not write to " + existing, remedy));
        }
    }
}
