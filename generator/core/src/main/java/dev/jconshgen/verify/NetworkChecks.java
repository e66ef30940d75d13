package dev.jconshgen.verify;

import dev.jconshgen.host.Nsenter;
import dev.jconshgen.model.Ipv4Cidr;
import dev.jconshgen.model.NetworkSpec;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The veth pair carries the spec's addresses, the container answers ping, and a TCP round trip
 * works: a busybox nc listener inside the container sends a random token that a busybox nc
 * client on the host must receive (the handout's nc exercise, automated).
 */
final class NetworkChecks implements Check {
    static final int PORT = 50000;
    /** The client's time to connect and read the token; the listener is ended after it. */
    static final Duration CLIENT_BUDGET = Duration.ofSeconds(5);

    @Override
    public List<CheckResult> run(Target t) {
        if (t.spec().network().isEmpty()) {
            return List.of(CheckResult.skip("network", "the spec has no network"));
        }
        NetworkSpec network = t.spec().network().get();
        List<CheckResult> results = new ArrayList<>();
        String pid = Long.toString(t.pid());

        if (network.hasBridge()) {
            results.addAll(bridgeChecks(t, network));
        } else {
            ExecResult hostSide = t.host("ip", "-o", "-4", "address", "show", "dev", network.hostVeth());
            results.add(CheckResult.of("host veth address", hostSide.stdout().contains(" inet " + network.hostAddress() + " "),
                    network.hostAddress() + " on " + network.hostVeth(), addresses(hostSide, network.hostVeth())));
        }

        // nsenter -n with the host's ip binary: what the container's own namespace holds.
        ExecResult containerSide = t.host("nsenter", "-t", pid, "-n", "ip", "-o", "-4", "address", "show", "dev", network.containerVeth());
        results.add(CheckResult.of("container veth address", containerSide.stdout().contains(" inet " + network.containerAddress() + " "),
                network.containerAddress() + " on " + network.containerVeth() + " inside", addresses(containerSide, network.containerVeth())));

        String containerIp = Ipv4Cidr.parse(network.containerAddress()).addressText();
        ExecResult ping = t.host("ping", "-c", "1", "-W", "2", containerIp);
        results.add(CheckResult.of("ping from host", ping.ok(), "a reply from " + containerIp,
                ping.ok() ? "replied" : summary(ping)));

        results.add(tcpRoundTrip(t, containerIp));
        return results;
    }

    /**
     * A bridged container: the host end of its veth is a port of the bridge (and so carries no
     * address), the bridge has the host address, and with defaultRoute the container's default
     * route goes via that address.
     */
    private static List<CheckResult> bridgeChecks(Target t, NetworkSpec network) {
        List<CheckResult> results = new ArrayList<>();
        ExecResult link = t.host("ip", "-o", "link", "show", "dev", network.hostVeth());
        String master = master(link.stdout());
        results.add(CheckResult.of("host veth on the bridge", link.ok() && network.bridge().equals(master),
                network.hostVeth() + " a port of bridge " + network.bridge(),
                !link.ok() ? summary(link) : master.isEmpty() ? network.hostVeth() + " is on no bridge" : network.hostVeth() + " on " + master));
        ExecResult bridge = t.host("ip", "-o", "-4", "address", "show", "dev", network.bridge());
        results.add(CheckResult.of("bridge address", bridge.stdout().contains(" inet " + network.hostAddress() + " "),
                network.hostAddress() + " on " + network.bridge(), addresses(bridge, network.bridge())));
        if (network.defaultRoute()) {
            String gateway = Ipv4Cidr.parse(network.hostAddress()).addressText();
            ExecResult route = t.host("nsenter", "-t", Long.toString(t.pid()), "-n", "ip", "-4", "route", "show", "default");
            results.add(CheckResult.of("default route", route.stdout().contains("via " + gateway + " "),
                    "default via " + gateway + " inside", route.ok() ? (route.stdout().isBlank() ? "no default route" : route.stdout().strip()) : summary(route)));
        }
        return results;
    }

    /** The bridge an interface is a port of, from 'ip -o link show' ("... master BRIDGE ..."), or "". */
    static String master(String linkLine) {
        String[] words = linkLine.trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("master")) {
                return words[i + 1];
            }
        }
        return "";
    }

    private static CheckResult tcpRoundTrip(Target t, String containerIp) {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String token = "jconshgen-" + HexFormat.of().formatHex(random);
        ProcessRunner runner = t.runner();
        int port = roundTripPort(t);
        // No timeout(1) inside the container: busybox's can signal the container's PID 1 when the
        // command ends before its watchdog starts (the watchdog then takes PID 1 for its parent).
        // The listener is this process's descendant, and is ended by its PID below.
        List<String> listen = new ArrayList<>(Nsenter.into(t.proc(), t.pid()));
        listen.addAll(List.of("nc", "-l", "-p", Integer.toString(port), "-e", "echo", token));
        ProcessRunner.Background listener = runner.start(Command.of(Duration.ofSeconds(8), listen));
        // The client is a socket of this process, not a busybox nc per attempt. Retried only
        // while nothing listens yet (the listener is starting); a connection that brings the
        // wrong data, or none, is the answer.
        String received;
        long deadline = System.nanoTime() + CLIENT_BUDGET.toNanos();
        try (Socket socket = TcpProbe.Retry.connect(InetAddress.getByName(containerIp), port, deadline)) {
            received = socket == null ? "" : SocketReading.read(socket, deadline, TcpProbe.MAX_READ, token);
        } catch (IOException e) {
            received = "";
        }
        // Done, or no client came: the listener is not left behind in the container.
        listener.stop();
        return CheckResult.of("tcp round trip (nc)", received.contains(token),
                "'" + token + "' from a listener in the container on port " + port,
                received.isBlank() ? "nothing received" : received.strip());
    }

    /**
     * The handout's port 50000, unless a probe of the spec names it (the workload serves there):
     * then the next port no probe names. Only the spec counts, not what listens now: a port held
     * by something the spec does not mention is a broken check, and it must show as one.
     */
    static int roundTripPort(Target t) {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (var probe : t.spec().probes()) {
            if (probe instanceof dev.jconshgen.model.Probe.Tcp tcp && tcp.port() != null) {
                taken.add(tcp.port());
            } else if (probe instanceof dev.jconshgen.model.Probe.Http http && http.port() != null) {
                taken.add(http.port());
            }
        }
        int port = PORT;
        while (taken.contains(port)) {
            port++;
        }
        return port;
    }

    /** "10.0.0.1/24 on consh-0" from ip -o output, or what went wrong. */
    private static String addresses(ExecResult result, String device) {
        if (!result.ok()) {
            return summary(result);
        }
        List<String> found = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("inet")) {
                    found.add(words[i + 1]);
                }
            }
        }
        return found.isEmpty() ? "no IPv4 address on " + device : String.join(", ", found) + " on " + device;
    }

    /** A command's output on one line, or its exit code when it printed nothing. */
    static String summary(ExecResult result) {
        String text = (result.stdout() + result.stderr()).strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "exit code " + result.exitCode() : text;
    }
}
