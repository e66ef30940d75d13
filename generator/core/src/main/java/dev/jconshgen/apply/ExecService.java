package dev.jconshgen.apply;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.Nsenter;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ProcessRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * exec: run a command in a container as runc exec does: first join the container's cgroups (so
 * its limits apply to what runs), then enter all its namespaces and its root with nsenter.
 */
public final class ExecService {
    /** The default command: busybox's shell, interactive. */
    public static final List<String> DEFAULT_COMMAND = List.of("/bin/sh");
    /** The container's environment, not the caller's. */
    static final List<String> ENVIRONMENT = List.of("env", "-i", "HOME=/root", "PATH=/bin:/sbin:/usr/bin:/usr/sbin");

    private final ProcessRunner runner;
    private final ProcFs proc;

    public ExecService(ProcessRunner runner, ProcFs proc) {
        this.runner = runner;
        this.proc = proc;
    }

    /** The full command line: a small sh that joins the cgroups, then nsenter. */
    public List<String> commandLine(RunningContainer container, List<String> command) {
        if (!container.alive(proc)) {
            throw new JconshgenException(ExitCode.FAILURE, "container " + container.state().name() + " is not running (PID "
                    + container.state().pid() + " is gone); 'jconshgen destroy " + container.state().name() + "' cleans up");
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "while [ \"$1\" != -- ]; do echo $$ >\"$1/cgroup.procs\" || exit 125; shift; done; shift; exec \"$@\"",
                "jconshgen-exec"));
        for (Path dir : container.state().cgroupDirs()) {
            argv.add(dir.toString());
        }
        argv.add("--");
        argv.addAll(Nsenter.into(proc, container.state().pid()));
        argv.addAll(ENVIRONMENT);
        String term = System.getenv("TERM");
        argv.add("TERM=" + (term == null ? "dumb" : term));
        argv.addAll(command.isEmpty() ? DEFAULT_COMMAND : command);
        return argv;
    }

    public int exec(RunningContainer container, List<String> command, Duration timeout) {
        return runner.runInteractive(Command.of(timeout, commandLine(container, command)));
    }
}
