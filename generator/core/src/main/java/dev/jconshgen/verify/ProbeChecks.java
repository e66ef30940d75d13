package dev.jconshgen.verify;

import dev.jconshgen.model.Ipv4Cidr;
import dev.jconshgen.model.Probe;
import dev.jconshgen.run.ExecResult;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec's probes: the workload seen from the host. tcp and http connect to the container's
 * address (a server that is still starting is waited for, within {@link #BUDGET}); exec runs a
 * command inside, the way the other checks look inside (nsenter into all namespaces).
 */
final class ProbeChecks implements Check {
    /** Per probe: time for the workload to start listening, and for the answer. */
    static final Duration BUDGET = Duration.ofSeconds(10);

    @Override
    public List<CheckResult> run(Target t) {
        List<CheckResult> results = new ArrayList<>();
        List<Probe> probes = t.spec().probes();
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            String name = "probe " + (i + 1) + " " + probe.kind();
            if (probe instanceof Probe.Exec exec) {
                results.add(exec(name, t, exec));
            } else if (t.spec().network().isEmpty()) {
                results.add(CheckResult.skip(name, "the spec has no network"));
            } else {
                InetAddress address = containerAddress(t);
                results.add(probe instanceof Probe.Tcp tcp
                        ? TcpProbe.check(name, address, tcp, BUDGET)
                        : HttpProbe.check(name, address, (Probe.Http) probe, BUDGET));
            }
        }
        return results;
    }

    private static InetAddress containerAddress(Target t) {
        String ip = Ipv4Cidr.parse(t.spec().network().orElseThrow().containerAddress()).addressText();
        try {
            return InetAddress.getByName(ip); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IPv4 literal: " + ip, e);
        }
    }

    static CheckResult exec(String name, Target t, Probe.Exec probe) {
        return judge(name, probe, t.inside(probe.command().toArray(String[]::new)));
    }

    /** An exec probe passes when the command exited 0 (not killed by the timeout) and printed the text. */
    static CheckResult judge(String name, Probe.Exec probe, ExecResult result) {
        String expected = "exit 0" + (probe.expect() == null ? "" : " and output containing '" + probe.expect() + "'");
        String seen = (result.timedOut() ? "timed out" : "exit " + result.exitCode()) + ", output '" + ProbeText.shown(result.stdout() + result.stderr()) + "'";
        boolean passed = result.ok() && (probe.expect() == null || result.stdout().contains(probe.expect()));
        return CheckResult.of(name + " " + String.join(" ", probe.command()), passed, expected, seen);
    }
}
