package dev.jconshgen.apply.preflight;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;

import java.util.List;

/** apply cannot start on this host: every blocker, each with its remedy; nothing was changed. */
public final class PreflightException extends JconshgenException {
    private final transient List<Blocker> blockers;

    public PreflightException(String name, List<Blocker> blockers) {
        super(ExitCode.HOST_NOT_READY, format(name, blockers));
        this.blockers = List.copyOf(blockers);
    }

    public List<Blocker> blockers() {
        return blockers;
    }

    private static String format(String name, List<Blocker> blockers) {
        StringBuilder text = new StringBuilder("cannot apply " + name + ": this host is not ready (" + blockers.size()
                + " blocker" + (blockers.size() == 1 ? "" : "s") + "); nothing was changed");
        for (Blocker blocker : blockers) {
            text.append("\n  - ").append(blocker.problem()).append("\n    remedy: ").append(blocker.remedy());
        }
        return text.toString();
    }
}
