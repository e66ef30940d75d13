package dev.jconshgen.verify;

import dev.jconshgen.model.Ipv4Cidr;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Every member of a lab reaches every other one, checked from inside: for each ordered pair
 * (a, b), a ping from a's network namespace to b's address, and a TCP round trip: a busybox nc
 * listener in b sends a random token that a busybox nc client in a's network namespace must
 * receive. Ordered pairs, because a filter or a missing route may cut one direction only.
 */
public final class LabReachability {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long the clients retry while the listener (ended after them) is not yet listening. */
    private static final Duration CLIENT_BUDGET = Duration.ofSeconds(4);

    /** Checks every ordered pair of the running members (each a Target as verify builds it). */
    public List<CheckResult> check(List<Target> members) {
        List<CheckResult> results = new ArrayList<>();
        for (Target from : members) {
            for (Target to : members) {
                if (from != to) {
                    results.add(ping(from, to));
                    results.add(tcp(from, to));
                }
            }
        }
        return results;
    }

    private static String address(Target t) {
        return Ipv4Cidr.parse(t.spec().network().orElseThrow().containerAddress()).addressText();
    }

    private static CheckResult ping(Target from, Target to) {
        String ip = address(to);
        // nsenter -n: the host's ping binary in the member's network namespace only.
        ExecResult ping = from.runner().run(Command.of(TIMEOUT, "nsenter", "-t", Long.toString(from.pid()), "-n",
                "ping", "-c", "1", "-W", "2", ip));
        return CheckResult.of("ping " + from.spec().name() + " -> " + to.spec().name(), ping.ok(), "a reply from " + ip,
                ping.ok() ? "replied" : NetworkChecks.summary(ping));
    }

    private static CheckResult tcp(Target from, Target to) {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String token = "jconshgen-" + HexFormat.of().formatHex(random);
        String ip = address(to);
        int port = NetworkChecks.roundTripPort(to);
        ProcessRunner runner = to.runner();
        // No timeout(1) inside (see NetworkChecks): the listener is ended by its PID below.
        ProcessRunner.Background listener = runner.start(Command.of(Duration.ofSeconds(8),
                "nsenter", "-t", Long.toString(to.pid()), "-a", "nc", "-l", "-p", Integer.toString(port), "-e", "echo", token));
        String received = "";
        long deadline = System.nanoTime() + CLIENT_BUDGET.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            ExecResult client = runner.run(Command.of(Duration.ofSeconds(3), "nsenter", "-t", Long.toString(from.pid()), "-n",
                    "busybox", "nc", "-w", "2", ip, Integer.toString(port)));
            received = client.stdout();
            // Retry only while nothing listens yet; a connection with the wrong data, or none, is the answer.
            if (received.contains(token) || !client.stderr().contains("refused")) {
                break;
            }
            // Nothing announces a listener in another namespace: ask again after a growing pause.
            dev.jconshgen.run.Poll.pause(dev.jconshgen.run.Poll.pauseMillis(attempt));
        }
        listener.stop();
        return CheckResult.of("tcp " + from.spec().name() + " -> " + to.spec().name() + " (nc)", received.contains(token),
                "'" + token + "' from a listener in " + to.spec().name() + " on " + ip + ":" + port,
                received.isBlank() ? "nothing received" : received.strip());
    }
}
