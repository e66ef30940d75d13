package dev.jconshgen.fleet;

import dev.jconshgen.apply.preflight.ToolsCheck;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.FileTrees;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.LabSpec;
import dev.jconshgen.model.Layer;
import dev.jconshgen.model.NetworkSpec;
import dev.jconshgen.spec.SpecYamlWriter;
import dev.jconshgen.spec.YamlSpecLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 'jconshgen export ansible': a directory from which Ansible makes the spec's container (or lab) on
 * every host of an inventory, verifies it there and collects each host's reports, and a second
 * playbook that destroys it. The playbooks and the role's tasks are fixed files
 * ({@code templates/ansible/}); what depends on the spec is data, written here: the spec as the
 * role's variables, with its names and addresses as per-host variables ({@link HostVariables}),
 * the packages its scripts need ({@link ToolsCheck}), and jconshgen itself (launcher and jar), which
 * the playbook installs on each host to run preflight, apply, verify and destroy.
 */
public final class AnsibleExporter {
    /** The fixed files, as they are under {@code templates/ansible/} and in the export. */
    static final List<String> FIXED_FILES = List.of(
            "README.md",
            "ansible.cfg",
            "apply.yml",
            "destroy.yml",
            "roles/jconshgen/tasks/apply.yml",
            "roles/jconshgen/tasks/destroy.yml",
            "roles/jconshgen/tasks/spec.yml");
    /** The role's settings, below the generated per-host defaults in defaults/main.yml. */
    static final String SETTINGS = "settings.yml";
    static final String RESOURCES = "/templates/ansible/";
    /** The launcher, packaged from bin/jconshgen: installed on each host beside the jar, as 'make install' lays them out. */
    static final String LAUNCHER = "/launcher/jconshgen";

    private final GeneratorService generator = new GeneratorService();

    /**
     * @param specFile a container or lab spec (validated first: an invalid one throws with every error)
     * @param output   the directory to create; it must not exist
     * @param jar      jconshgen's jar, copied for the hosts
     * @return the files written, relative to {@code output}
     */
    public List<Path> export(Path specFile, Path output, Path jar) {
        YamlSpecLoader.Loaded loaded = generator.loadEither(specFile);
        Export export = loaded instanceof YamlSpecLoader.LoadedLab lab ? of(lab.lab()) : of(((YamlSpecLoader.LoadedSpec) loaded).spec());
        // every text first: what fails here leaves nothing to clean up
        Map<String, String> texts = texts(export);
        if (!Files.isRegularFile(jar)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "export ansible: jconshgen's jar " + jar + " is not a file;"
                    + " run jconshgen from its jar (bin/jconshgen, or 'make install')");
        }
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.createDirectory(output);
        } catch (FileAlreadyExistsException e) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "export ansible: " + output + " exists; give a new directory"
                    + " (or remove it to export again); nothing was written");
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "export ansible: cannot create " + output + ": " + e.getMessage());
        }
        boolean done = false;
        try {
            List<Path> written = write(texts, output, jar);
            done = true;
            return written;
        } catch (IOException | UncheckedIOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "export ansible: cannot write " + output + ": " + e.getMessage()
                    + "; nothing was left");
        } finally {
            if (!done) {
                FileTrees.deleteQuietly(output);
            }
        }
    }

    /** What the spec decides: its variables, its document as data, the packages. */
    record Export(String source, HostVariables.Set variables, Map<String, Object> document, List<String> packages) {
    }

    static Export of(ContainerSpec spec) {
        refuseImages(List.of(spec));
        if (spec.network().map(NetworkSpec::hasBridge).orElse(false)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "export ansible: network.bridge: a bridged container is applied"
                    + " only as a member of a lab: export a 'kind: Lab' spec with it under 'containers:'; nothing was written");
        }
        return new Export("container " + spec.name(), HostVariables.of(spec), SpecYamlWriter.document(spec),
                ToolsCheck.debianPackages(spec.network().isPresent(), false));
    }

    static Export of(LabSpec lab) {
        refuseImages(lab.containers());
        return new Export("lab " + lab.name(), HostVariables.of(lab), SpecYamlWriter.document(lab), ToolsCheck.debianPackages(true, false));
    }

    /**
     * An image layer names an OCI image on this machine, and a directory layer a directory of
     * files: the hosts have neither, and copying them to every host is not done yet, so such a
     * spec is refused before anything is written. Busybox layers are built on each host.
     */
    private static void refuseImages(List<ContainerSpec> specs) {
        for (ContainerSpec spec : specs) {
            for (Layer layer : spec.rootfs().layers()) {
                if (!(layer instanceof Layer.Busybox)) {
                    String kind = layer instanceof Layer.Image ? "image" : "directory";
                    throw new JconshgenException(ExitCode.INVALID_INPUT, "export ansible: " + spec.name() + ": rootfs.layers: "
                            + kind + " layers are not exported yet (the hosts would need the " + kind + "'s files); use busybox"
                            + " layers, or apply the spec on each host yourself; nothing was written");
                }
            }
        }
    }

    static final String LAUNCHER_FILE = "roles/jconshgen/files/bin/jconshgen";
    static final String JAR_FILE = "roles/jconshgen/files/share/jconshgen/jconshgen.jar";

    /** Every text file of the export, by its path in it. */
    static Map<String, String> texts(Export export) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String name : FIXED_FILES) {
            texts.put(name, resource(name));
        }
        texts.put("roles/jconshgen/defaults/main.yml", defaults(export));
        texts.put("roles/jconshgen/vars/main.yml", vars(export));
        texts.put("inventory.example.yml", inventoryExample(export));
        texts.put(LAUNCHER_FILE, launcherText());
        return texts;
    }

    private static List<Path> write(Map<String, String> texts, Path output, Path jar) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> text : texts.entrySet()) {
            written.add(writeText(output, text.getKey(), text.getValue()));
        }
        Files.setPosixFilePermissions(output.resolve(LAUNCHER_FILE), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copied = output.resolve(JAR_FILE);
        Files.createDirectories(copied.getParent());
        // the jar's content, also when it is reached through a (relative) symlink
        Files.copy(jar, copied, StandardCopyOption.COPY_ATTRIBUTES);
        written.add(output.relativize(copied));
        return written;
    }

    /** roles/jconshgen/defaults/main.yml: each per-host variable under its comment, then the settings. */
    static String defaults(Export export) {
        StringBuilder text = new StringBuilder();
        text.append("# Written by 'jconshgen export ansible' from the ").append(export.source()).append(".\n")
                .append("# Per-host values: the spec's names and addresses. Set any of them for a host in the inventory\n")
                .append("# (inventory.example.yml) so that hosts on one network, or one host's containers, do not collide;\n")
                .append("# the defaults are the spec's own values.\n");
        for (HostVariable variable : export.variables().variables()) {
            text.append("\n# ").append(variable.meaning()).append('\n');
            text.append(AnsibleVars.dumpOne(variable.name(), variable.defaultValue()));
        }
        text.append('\n').append(resource(SETTINGS));
        return text.toString();
    }

    /** roles/jconshgen/vars/main.yml: the spec as data, what verify and destroy take, and the packages. */
    static String vars(Export export) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("jconshgen_spec", AnsibleVars.templated(export.document(), export.variables()));
        // the host's spec.yaml as text, once: written by spec.yml, preflighted by --check, compared with applied.yaml
        vars.put("jconshgen_spec_text", new AnsibleVars.Jinja("jconshgen_spec | to_nice_yaml(indent=2, sort_keys=false, width=200)"));
        vars.put("jconshgen_target", new AnsibleVars.Jinja(export.variables().target()));
        vars.put("jconshgen", new AnsibleVars.Jinja("jconshgen_prefix ~ '/bin/jconshgen'"));
        vars.put("jconshgen_packages", export.packages());
        return "# Written by 'jconshgen export ansible' from the " + export.source() + ". Not meant to be edited: export again\n"
                + "# after a change of the spec; per-host values belong in the inventory (see defaults/main.yml).\n"
                + "# jconshgen_spec is the spec as data, written to each host by to_nice_yaml: a value that could read as\n"
                + "# Jinja markup is tagged !unsafe, so that Ansible keeps it as it is.\n"
                + AnsibleVars.dump(vars);
    }

    /** An inventory of two example hosts, each with its own value of every per-host variable shown (commented). */
    static String inventoryExample(Export export) {
        StringBuilder text = new StringBuilder();
        text.append("# An inventory for apply.yml and destroy.yml: copy it to inventory.yml and list the machines.\n")
                .append("# Every host runs the ").append(export.source()).append("; the per-host values below are optional\n")
                .append("# (defaults: roles/jconshgen/defaults/main.yml). jconshgen needs root: connect as root, or add\n")
                .append("# ansible_become: true.\n")
                .append("all:\n  hosts:\n");
        for (int host = 1; host <= 2; host++) {
            text.append("    student0").append(host).append(":\n")
                    .append("      ansible_host: 192.0.2.").append(10 + host).append("    # the machine's address (an example)\n");
            for (HostVariable variable : export.variables().variables()) {
                text.append("      # ").append(AnsibleVars.dumpOne(variable.name(), variable.defaultValue()).strip()).append('\n');
            }
        }
        return text.toString();
    }

    private static Path writeText(Path output, String name, String text) throws IOException {
        Path file = output.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return output.relativize(file);
    }

    static String resource(String name) {
        return read(RESOURCES + name);
    }

    static String launcherText() {
        return read(LAUNCHER);
    }

    private static String read(String name) {
        try (InputStream in = AnsibleExporter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("jconshgen's jar has no " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
