package dev.jconshgen.apply.preflight;

import java.util.List;

/**
 * With br_netfilter loaded and {@code net.bridge.bridge-nf-call-iptables} at 1, frames that a
 * bridge forwards between its ports go through iptables' FORWARD chain; with that chain's policy
 * DROP (Docker sets it), containers on one bridge cannot reach each other. apply changes neither
 * (they are the host's): it names the two ways out.
 */
public final class BridgeNetfilterCheck implements PreflightCheck {
    static final String SYSCTL = "net.bridge.bridge-nf-call-iptables";

    @Override
    public List<Blocker> check(Subject subject, HostFacts host) {
        var network = subject.resources().network();
        if (network.isEmpty() || !network.get().hasBridge()) {
            return List.of();
        }
        if (!host.sysctl(SYSCTL).map("1"::equals).orElse(false)) {
            return List.of();
        }
        String policy = host.iptablesForwardPolicy().orElse("");
        if (!policy.equals("DROP")) {
            return List.of();
        }
        String bridge = Remedy.quote(network.get().bridge());
        return List.of(new Blocker(
                "br_netfilter passes bridged traffic through iptables (" + SYSCTL + " = 1) and the FORWARD policy is DROP:"
                        + " the containers on bridge " + network.get().bridge() + " could not reach each other",
                "let the bridge forward: iptables -I FORWARD -i " + bridge + " -o " + bridge + " -j ACCEPT"
                        + " (or, if nothing on this host needs it, sysctl -w " + SYSCTL + "=0), then " + subject.applyCommand()));
    }
}
