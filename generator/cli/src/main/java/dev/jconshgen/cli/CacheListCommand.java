package dev.jconshgen.cli;

import dev.jconshgen.apply.CacheService;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List the layer cache: each layer (busybox-…, sha256-… for an image layer), its size, and the containers using it.")
final class CacheListCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        CacheService cache = CacheCli.service(command);
        List<CacheService.Entry> entries = cache.list();
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(Json.write(entries.stream().map(CacheListCommand::json).toList()));
            return ExitCode.OK;
        }
        if (entries.isEmpty()) {
            out.println("the layer cache " + cache.root() + " is empty");
        }
        for (CacheService.Entry e : entries) {
            out.printf("%-7s %10s  %s  %s%n", CacheCli.kind(e), CacheCli.size(e.bytes()), e.name(),
                    e.used() ? "used by " + String.join(", ", e.users()) : "unused");
        }
        return ExitCode.OK;
    }

    private static Map<String, Object> json(CacheService.Entry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", e.name());
        row.put("kind", CacheCli.kind(e));
        row.put("dir", e.dir().toString());
        row.put("bytes", e.bytes());
        row.put("users", e.users());
        return row;
    }
}
