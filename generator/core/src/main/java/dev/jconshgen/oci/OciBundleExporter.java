package dev.jconshgen.oci;

import dev.jconshgen.core.FileTrees;
import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.Json;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.host.CgroupLayout;
import dev.jconshgen.host.CgroupPlacement;
import dev.jconshgen.host.MountInfo;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.Layer;
import dev.jconshgen.render.ScriptKind;
import dev.jconshgen.render.Style;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * export oci: a spec's container as an OCI runtime bundle, BUNDLE/config.json and BUNDLE/rootfs.
 * The root file system is the spec's layers copied lowest first (a later layer's files replace an
 * earlier one's, as in the overlay); the busybox layer is built with the generated
 * create_lowerfs.sh, as a student builds it. The bundle is made in a temporary directory beside
 * BUNDLE and renamed at the end: a failure leaves nothing.
 */
public final class OciBundleExporter {
    /** In the staging directory: what building the layers needs, removed before the rename. */
    static final String WORK = ".work";
    static final Duration LAYER_TIMEOUT = Duration.ofSeconds(120);

    private final ProcessRunner runner;
    private final ProcFs proc;

    public OciBundleExporter(ProcessRunner runner, ProcFs proc) {
        this.runner = runner;
        this.proc = proc;
    }

    /** The options this host and user give: the caller owns the container, the cgroup is where the scripts put it. */
    public OciConfig.Options hostOptions(LoadedSpec loaded, boolean joinNetns) {
        long uid = proc.selfUid();
        Optional<String> cgroupsPath = loaded.spec().cgroup().flatMap(cgroup -> CgroupLayout
                .detect(MountInfo.parse(proc.readSelf("mountinfo").orElse("")))
                .map(layout -> CgroupPlacement.of(layout, cgroup, uid).relativePath()));
        return new OciConfig.Options(uid, proc.selfGid(), cgroupsPath, joinNetns);
    }

    /** Writes the bundle; returns its config.json text. */
    public String export(LoadedSpec loaded, Path bundle, OciConfig.Options options) {
        Path target = bundle.toAbsolutePath().normalize();
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, bundle + " exists: give a new directory for the bundle (nothing there was changed)");
        }
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "the directory " + parent + " of the bundle does not exist: create it first");
        }
        if (loaded.spec().rootfs().layers().stream().anyMatch(l -> l instanceof Layer.Image)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "rootfs.layers: a bundle cannot be exported with image layers yet"
                    + " (nothing was written)");
        }
        List<String> missing = new ArrayList<>();
        for (Layer layer : loaded.spec().rootfs().layers()) {
            if (layer instanceof Layer.Directory && !Files.isDirectory(loaded.workdir().resolve(layer.dir()))) {
                missing.add(loaded.workdir().resolve(layer.dir()).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, "the spec's directory layer(s) " + String.join(", ", missing)
                    + " do not exist: create them (or run the spec's scripts once); nothing was made");
        }
        String config = Json.pretty(OciConfig.of(loaded.spec(), options));
        Path staging;
        try {
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write in " + parent + ": " + e.getMessage());
        }
        boolean done = false;
        try {
            Path rootfs = Files.createDirectory(staging.resolve("rootfs"));
            for (Layer layer : loaded.spec().rootfs().layers()) {
                Path source = layer instanceof Layer.Busybox ? buildBusyboxLayer(loaded, staging) : loaded.workdir().resolve(layer.dir());
                // cp -a keeps modes, owners, symbolic and hard links (busybox's applets are links to one file).
                run(Command.of(LAYER_TIMEOUT, "cp", "-a", "--", source + "/.", rootfs.toString()), "copy layer " + layer.dir());
            }
            // The scripts and the busybox layer were only the means to the root file system.
            FileTrees.deleteQuietly(staging.resolve(WORK));
            Files.writeString(staging.resolve("config.json"), config, StandardCharsets.UTF_8);
            Files.move(staging, target);
            done = true;
            return config;
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write the bundle " + bundle + ": " + e.getMessage());
        } finally {
            if (!done) {
                FileTrees.deleteQuietly(staging);
            }
        }
    }

    /** The busybox layer, made by the spec's own robust create_lowerfs.sh in the staging directory. */
    private Path buildBusyboxLayer(LoadedSpec loaded, Path staging) throws IOException {
        Path work = Files.createDirectories(staging.resolve(WORK));
        Path scripts = Files.createDirectory(work.resolve("scripts"));
        GeneratorService generator = new GeneratorService();
        generator.write(generator.render(loaded.spec(), Style.ROBUST), scripts);
        Path layer = work.resolve("busybox-layer");
        run(Command.of(LAYER_TIMEOUT, "sh", scripts.resolve(ScriptKind.CREATE_LOWERFS.fileName()).toString(), layer.toString()).in(staging),
                "create_lowerfs.sh (the busybox layer)");
        return layer;
    }

    private void run(Command command, String what) {
        ExecResult result = runner.run(command);
        if (!result.ok()) {
            throw new JconshgenException(ExitCode.FAILURE, what + " failed: " + (result.stdout() + result.stderr()).strip());
        }
    }
}
