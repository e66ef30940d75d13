package dev.jconshgen.cli;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.rootless.Delegation;
import dev.jconshgen.rootless.UserIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

@Command(name = "delegate", mixinStandardHelpOptions = true,
        description = {"As root: give USER a cgroup subtree of its own, jconshgen.users/UID in each cgroup hierarchy that"
                + " containers use, so that USER's containers (cgroup parent 'auto') can have cgroups without root. Not needed"
                + " where systemd delegates user@UID.service. On cgroup2 (pure v2 and hybrid hosts) the user's processes must"
                + " also run inside it: --join moves one there (its shell, say), as systemd does at login.",
                "Again with --undo to remove it (refused while USER's containers run)."})
final class DelegateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @ParentCommand
    Main main;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "User name or UID.")
    String user;

    @Option(names = "--join", paramLabel = "PID", description = "Move this process of USER into the subtree (cgroup2).")
    Long join;

    @Option(names = "--undo", description = "Remove USER's subtree (its shell goes back to the root cgroup).")
    boolean undo;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Services services = new Services(command.commandLine().getErr(), main.verbose);
        if (undo && join != null) {
            throw new dev.jconshgen.core.JconshgenException(ExitCode.INVALID_INPUT, "--join and --undo exclude each other");
        }
        UserIds ids = UserIds.resolve(user, services.runner);
        Delegation delegation = new Delegation(services.proc);
        List<String> done = undo ? delegation.undo(ids) : delegation.delegate(ids, join == null ? OptionalLong.empty() : OptionalLong.of(join));
        done.forEach(out::println);
        if (done.isEmpty()) {
            out.println("nothing to undo: no cgroup is delegated to uid " + ids.uid());
        }
        return ExitCode.OK;
    }
}
