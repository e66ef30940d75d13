package dev.jconshgen.apply.preflight;

import java.util.List;

/** One kind of blocker; it only reads the host, through {@link HostFacts}. */
public interface PreflightCheck {
    /** Every blocker of this kind, empty when there is none. */
    List<Blocker> check(Subject subject, HostFacts host);
}
