package dev.jconshgen.cli;

import dev.jconshgen.apply.CacheService;
import dev.jconshgen.core.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove the layers no container uses (and builds an interrupted apply left); it waits while an apply is taking layers.")
final class CachePruneCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        CacheService cache = CacheCli.service(command);
        CacheService.Pruned pruned = cache.prune();
        if (!Main.of(command).quiet) {
            PrintWriter out = command.commandLine().getOut();
            long freed = 0;
            for (CacheService.Entry e : pruned.removed()) {
                out.printf("removed %-7s %10s  %s%n", CacheCli.kind(e), CacheCli.size(e.bytes()), e.name());
                freed += e.bytes();
            }
            for (CacheService.Entry e : pruned.kept()) {
                out.printf("kept    %-7s %10s  %s  %s%n", CacheCli.kind(e), CacheCli.size(e.bytes()), e.name(),
                        e.used() ? "used by " + String.join(", ", e.users()) : "not a layer of the cache");
            }
            out.printf("%d removed (%s), %d kept, in %s%n", pruned.removed().size(), CacheCli.size(freed), pruned.kept().size(), cache.root());
        }
        return ExitCode.OK;
    }
}
