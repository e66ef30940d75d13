package dev.jconshgen.cli;

import picocli.CommandLine.Command;

/** cache ls, cache prune: the layer cache apply takes busybox and image layers from. */
@Command(name = "cache", mixinStandardHelpOptions = true, subcommands = {CacheListCommand.class, CachePruneCommand.class},
        description = "Show or prune the layer cache: the busybox and image layers apply shares between containers"
                + " ($JCONSHGEN_CACHE_DIR; root: /var/cache/jconshgen/layers).")
final class CacheCommand {
}
