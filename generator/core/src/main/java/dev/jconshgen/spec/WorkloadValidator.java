package dev.jconshgen.spec;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Probe;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks {@code command} and {@code probes}. Their values are data: the command reaches the
 * container as separate environment variables, probes are run by Java, so the limits here are
 * about what the kernel and a log line can carry, not about shell syntax.
 */
final class WorkloadValidator {
    /** Enough for any real argv; the kernel's limit for one argument is 128 KiB. */
    static final int MAX_ARGS = 64;
    static final int MAX_ARG_BYTES = 1024;
    static final int MAX_PROBES = 16;
    static final int MAX_TEXT_BYTES = 1024;

    private WorkloadValidator() {
    }

    static void check(ContainerSpec spec, List<Violation> out) {
        checkArgv("command", spec.command(), true, out);
        List<Probe> probes = spec.probes();
        if (probes.size() > MAX_PROBES) {
            out.add(new Violation("probes", "has " + probes.size() + " probes (at most " + MAX_PROBES + ")"));
        }
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            String path = "probes[" + i + "]." + probe.kind();
            if (probe instanceof Probe.Tcp tcp) {
                checkNetwork(spec, path, out);
                checkPort(path + ".port", tcp.port(), out);
                checkText(path + ".expect", tcp.expect(), out);
            } else if (probe instanceof Probe.Http http) {
                checkNetwork(spec, path, out);
                checkPort(path + ".port", http.port(), out);
                checkHttpPath(path + ".path", http.path(), out);
                if (http.status() < 100 || http.status() > 599) {
                    out.add(new Violation(path + ".status", http.status() + " is not an HTTP status (100 to 599, like 200)"));
                }
                checkText(path + ".contains", http.contains(), out);
            } else if (probe instanceof Probe.Exec exec) {
                checkArgv(path + ".command", exec.command(), false, out);
                checkText(path + ".expect", exec.expect(), out);
            }
        }
    }

    private static void checkArgv(String field, List<String> argv, boolean mayBeEmpty, List<Violation> out) {
        if (argv.isEmpty() && !mayBeEmpty) {
            out.add(new Violation(field, "needs at least the program, as a list like [cat, /etc/hostname]"));
        }
        if (argv.size() > MAX_ARGS) {
            out.add(new Violation(field, "has " + argv.size() + " arguments (at most " + MAX_ARGS + ")"));
            return;
        }
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            String at = field + "[" + i + "]";
            if (arg == null) {
                continue; // the loader already said it is not a string
            }
            if (i == 0 && arg.isEmpty()) {
                out.add(new Violation(at, "the program name is empty (a name on the container's PATH, like 'nc', or an absolute path)"));
            } else if (hasControl(arg)) {
                out.add(new Violation(at, "'" + SpecValidator.printable(arg) + "' contains a control character (a new line or tab cannot be passed as an argument here; use ';' between shell commands in 'sh -c')"));
            } else if (arg.getBytes(StandardCharsets.UTF_8).length > MAX_ARG_BYTES) {
                out.add(new Violation(at, "'" + SpecValidator.printable(arg) + "' is longer than " + MAX_ARG_BYTES + " bytes"));
            }
        }
    }

    private static void checkNetwork(ContainerSpec spec, String field, List<Violation> out) {
        if (spec.network().isEmpty()) {
            out.add(new Violation(field, "needs 'network': the host reaches the container at network.containerAddress (add network, or use an exec probe)"));
        }
    }

    private static void checkPort(String field, Integer port, List<Violation> out) {
        if (port == null) {
            out.add(new Violation(field, "is required (the container's TCP port, 1 to 65535)"));
        } else if (port < 1 || port > 65535) {
            out.add(new Violation(field, port + " is not a TCP port (1 to 65535)"));
        }
    }

    private static void checkHttpPath(String field, String path, List<Violation> out) {
        boolean ok = path != null && path.startsWith("/") && path.length() <= MAX_TEXT_BYTES
                && path.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (ok) {
            try {
                ok = new URI("http", null, "host", 80, null, null, null).resolve(path).getRawPath() != null;
            } catch (IllegalArgumentException | URISyntaxException e) {
                ok = false;
            }
        }
        if (!ok) {
            out.add(new Violation(field, "'" + SpecValidator.printable(path) + "' is not a URL path (starts with '/', printable ASCII without spaces, like /index.html)"));
        }
    }

    private static void checkText(String field, String text, List<Violation> out) {
        if (text == null) {
            return;
        }
        if (text.isEmpty()) {
            out.add(new Violation(field, "is empty (remove it to accept any output)"));
        } else if (hasControl(text)) {
            out.add(new Violation(field, "'" + SpecValidator.printable(text) + "' contains a control character (expect text on one line)"));
        } else if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            out.add(new Violation(field, "'" + SpecValidator.printable(text) + "' is longer than " + MAX_TEXT_BYTES + " bytes"));
        }
    }

    private static boolean hasControl(String value) {
        return value.codePoints().anyMatch(c -> SpecValidator.isControl(c) || SpecValidator.isBidiControl(c));
    }
}
