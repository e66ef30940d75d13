package dev.jconshgen.cli;

import dev.jconshgen.apply.CacheService;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.layers.LayerCache;
import dev.jconshgen.state.StateStore;

import java.util.Locale;

/** What the cache commands share: the service for this user's cache, and how an entry is shown. */
final class CacheCli {
    private CacheCli() {
    }

    static CacheService service(picocli.CommandLine.Model.CommandSpec command) {
        return new CacheService(LayerCache.fromEnvironment(System.getenv(), ProcFs.host().selfUid()), StateStore.fromEnvironment());
    }

    static String kind(CacheService.Entry e) {
        return e.kind().name().toLowerCase(Locale.ROOT);
    }

    /** 1536 as "1.5 KiB": sizes people read. */
    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
