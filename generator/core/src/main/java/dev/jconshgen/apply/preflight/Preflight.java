package dev.jconshgen.apply.preflight;

import dev.jconshgen.apply.Resources;
import dev.jconshgen.host.ProcFs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What apply checks on the host before it creates anything (not even its state directory):
 * every known blocker, all reported at once, each with the command that removes it. Exit code
 * {@link dev.jconshgen.core.ExitCode#HOST_NOT_READY}.
 */
public final class Preflight {
    /** In the order they are reported: privileges first, then what to install, then the file systems. */
    static final List<PreflightCheck> CHECKS = List.of(
            new NetworkRootCheck(),
            new UserNamespaceCheck(),
            new ToolsCheck(),
            new KernelOverlayCheck(),
            new WorkdirFilesystemCheck(),
            new RootlessDirsCheck(),
            new DirectoryLayerCheck(),
            new DelegatedCgroupCheck(),
            new CgroupCheck(),
            new BridgeNetfilterCheck());

    private final HostFacts host;
    private final List<PreflightCheck> checks;

    public Preflight(HostFacts host, List<PreflightCheck> checks) {
        this.host = host;
        this.checks = List.copyOf(checks);
    }

    public static Preflight onThisHost(ProcFs proc) {
        return new Preflight(LiveHostFacts.of(proc), CHECKS);
    }

    /**
     * For root's 'apply --user UID': the checks of the steps that run as UID, judged as UID
     * (see {@link AsUserFacts}); the network is root's, and root makes and hands over the
     * directories UID writes, so neither is checked as UID.
     */
    public static Preflight forUser(ProcFs proc, long uid) {
        List<PreflightCheck> checks = CHECKS.stream()
                .filter(c -> !(c instanceof NetworkRootCheck) && !(c instanceof RootlessDirsCheck)).toList();
        return new Preflight(new AsUserFacts(LiveHostFacts.of(proc), uid), checks);
    }

    /** Every blocker, empty when apply may go ahead. */
    public List<Blocker> blockers(Path specFile, Resources resources) {
        Subject subject = new Subject(specFile, resources);
        List<Blocker> blockers = new ArrayList<>();
        checks.forEach(check -> blockers.addAll(check.check(subject, host)));
        return blockers;
    }

    /** @throws PreflightException listing every blocker, when there is one */
    public void check(Path specFile, Resources resources) {
        List<Blocker> blockers = blockers(specFile, resources);
        if (!blockers.isEmpty()) {
            throw new PreflightException(resources.name(), blockers);
        }
    }
}
