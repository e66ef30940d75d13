package dev.jconshgen.cli;

import dev.jconshgen.host.ProcFs;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.state.StateStore;

import java.io.PrintWriter;

/** The host-facing services the run-time commands share, wired once per command. */
final class Services {
    final StateStore store = StateStore.fromEnvironment();
    final ProcFs proc = ProcFs.host();
    final ProcessRunner runner;

    /** @param log where failed commands are described; shown with --verbose */
    Services(PrintWriter log, boolean verbose) {
        runner = new ProcessRunner(message -> {
            if (verbose) {
                log.println("[command failed] " + message.stripTrailing());
                log.flush();
            }
        });
    }
}
