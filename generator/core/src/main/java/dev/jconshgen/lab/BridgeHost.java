package dev.jconshgen.lab;

import dev.jconshgen.model.Ipv4Cidr;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the host shows of a lab's bridge: whether the interface exists, its ports, its subnet in use. */
final class BridgeHost {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final ProcessRunner runner;
    private final Path sysClassNet;

    BridgeHost(ProcessRunner runner, Path sysClassNet) {
        this.runner = runner;
        this.sysClassNet = sysClassNet;
    }

    BridgeHost(ProcessRunner runner) {
        this(runner, Path.of("/sys/class/net"));
    }

    boolean exists(String bridge) {
        return Files.exists(sysClassNet.resolve(bridge));
    }

    /** The interfaces joined to the bridge (its ports). */
    List<String> ports(String bridge) {
        List<String> ports = new ArrayList<>();
        try (var entries = Files.list(sysClassNet.resolve(bridge).resolve("brif"))) {
            entries.map(p -> p.getFileName().toString()).sorted().forEach(ports::add);
        } catch (java.io.IOException e) {
            // no bridge, no ports
        }
        return ports;
    }

    /** Why the bridge cannot be made as the spec says: its name or its subnet taken on the host. */
    List<String> conflicts(String bridge, String address) {
        List<String> found = new ArrayList<>();
        if (exists(bridge)) {
            found.add("interface " + bridge + " exists already (another lab's? 'jconshgen status' lists labs)");
        }
        Ipv4Cidr cidr = Ipv4Cidr.parse(address);
        String subnet = new Ipv4Cidr(cidr.network(), cidr.prefix()).toString();
        ExecResult addresses = runner.run(Command.of(TIMEOUT, "ip", "-o", "-4", "address", "show", "to", subnet));
        ExecResult routes = runner.run(Command.of(TIMEOUT, "ip", "-4", "route", "show", "match", cidr.addressText()));
        Optional<String> route = routes.stdout().lines().filter(l -> !l.startsWith("default")).findFirst();
        if (!addresses.stdout().isBlank()) {
            found.add("the subnet " + subnet + " is in use on this host: " + addresses.stdout().strip().replaceAll("\\s+", " "));
        } else if (route.isPresent()) {
            found.add("the host has a route into " + subnet + " already: " + route.get().strip());
        }
        return found;
    }
}
