package dev.jconshgen.init;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.spec.YamlSpecLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The commented starter specs that 'jconshgen init' writes. Each is a resource with @NAME@ where
 * the container's name goes; the filled-in text is validated like any spec before anything is
 * written, so init never writes a spec that 'validate' would refuse.
 */
public enum StarterSpec {
    /** The handout's container: all namespaces, a cgroup, a veth pair. */
    LAB("lab.yaml", "consh"),
    /** Only what has no default. */
    MINIMAL("minimal.yaml", "box"),
    /** busybox httpd as the container's command, with limits and probes. */
    WEB("web.yaml", "web"),
    /** kind: Lab: three members on one bridge. */
    TRIO("trio.yaml", "trio", true);

    private static final Pattern NAME_CHARACTERS = Pattern.compile("[a-z0-9-]+");

    private final String resource;
    private final String defaultName;

    private final boolean lab;

    StarterSpec(String resource, String defaultName) {
        this(resource, defaultName, false);
    }

    StarterSpec(String resource, String defaultName, boolean lab) {
        this.resource = resource;
        this.defaultName = defaultName;
        this.lab = lab;
    }

    public String defaultName() {
        return defaultName;
    }

    /**
     * The starter for a container called {@code name}, validated.
     *
     * @param label what error messages call the file
     * @throws JconshgenException (exit 2) when the name has characters a name cannot have
     * @throws dev.jconshgen.spec.InvalidSpecException when the name makes the spec invalid (too long,
     *                                                 a leading '-', ...), with the validator's errors
     */
    public String text(String name, String label) {
        // The name goes into YAML text: only the characters of a name, so that it cannot be
        // anything but the value of the keys it is put in.
        if (!NAME_CHARACTERS.matcher(name).matches()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "--name: '" + name + "' is not a container name (lower-case"
                    + " letters, digits and inner '-', like 'web1')");
        }
        String text = template().replace("@NAME@", name);
        if (lab) {
            new YamlSpecLoader().parseLab(label, text);
        } else {
            new YamlSpecLoader().parse(label, text);
        }
        return text;
    }

    private String template() {
        try (InputStream in = StarterSpec.class.getResourceAsStream("/dev/jconshgen/init/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("the starter " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
