package dev.jconshgen.apply.preflight;

import java.util.List;

/**
 * A network needs root: veth pairs and the bind mount under /var/run/netns are root's alone. Root
 * can still run the rest as the user (apply --user), which is the handout's own split.
 */
public final class NetworkRootCheck implements PreflightCheck {
    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        long uid = host.effectiveUid();
        if (subject.resources().network().isEmpty() || uid == 0) {
            return List.of();
        }
        return List.of(new Blocker(
                "the spec has a network, and only root can create its veth pair and /var/run/netns entry (running as uid " + uid + ")",
                "run apply as root: sudo " + subject.applyCommand() + " (or remove 'network:' from the spec); to run all but the"
                        + " network step as yourself: sudo " + subject.applyCommand().replace("jconshgen apply ", "jconshgen apply --user " + uid + " ")));
    }
}
