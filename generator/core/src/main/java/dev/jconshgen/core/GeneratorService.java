package dev.jconshgen.core;

import dev.jconshgen.render.GeneratedScript;
import dev.jconshgen.render.LabRenderer;
import dev.jconshgen.render.ScriptRenderer;
import dev.jconshgen.render.Style;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.spec.YamlSpecLoader.LoadedSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Validates specs and writes their scripts; the CLI's generate, validate and plan use it. */
public final class GeneratorService {
    private final YamlSpecLoader loader = new YamlSpecLoader();
    private final ScriptRenderer renderer = new ScriptRenderer();
    private final LabRenderer labRenderer = new LabRenderer();

    /** Loads and validates; throws {@link dev.jconshgen.spec.InvalidSpecException} with every error. */
    public LoadedSpec load(Path specFile) {
        return loader.load(specFile);
    }

    /** Whether the file is a kind: Lab spec (see {@link YamlSpecLoader#isLab(Path)}). */
    public boolean isLab(Path specFile) {
        return YamlSpecLoader.isLab(specFile);
    }

    public YamlSpecLoader.LoadedLab loadLab(Path specFile) {
        return loader.loadLab(specFile);
    }

    /** Loads and validates a spec of either kind, reading it once; throws with every error. */
    public YamlSpecLoader.Loaded loadEither(Path specFile) {
        return loader.loadEither(specFile);
    }

    /** Loads and validates a spec of either kind; throws with every error. */
    public void validate(Path specFile) {
        loadEither(specFile);
    }

    public LabRenderer.LabScripts renderLab(dev.jconshgen.model.LabSpec lab) {
        return labRenderer.render(lab);
    }

    public LabRenderer.LabScripts renderLab(dev.jconshgen.model.LabSpec lab, Style style) {
        return labRenderer.render(lab, style);
    }

    /** A lab's scripts: the bridge's in {@code outputDir}, each member's in a directory of its name. */
    public List<Path> writeLab(LabRenderer.LabScripts scripts, Path outputDir) {
        List<Path> written = new java.util.ArrayList<>(write(scripts.bridge(), outputDir));
        scripts.members().forEach((member, memberScripts) -> written.addAll(write(memberScripts, outputDir.resolve(member))));
        return written;
    }

    public List<GeneratedScript> render(LoadedSpec spec) {
        return render(spec.spec());
    }

    public List<GeneratedScript> render(dev.jconshgen.model.ContainerSpec spec) {
        return renderer.render(spec);
    }

    public List<GeneratedScript> render(dev.jconshgen.model.ContainerSpec spec, Style style) {
        return renderer.render(spec, style);
    }

    /**
     * Writes the scripts into {@code outputDir}, executable. Each file is written beside its
     * destination and then moved, so a failure never leaves a half-written script.
     */
    public List<Path> generate(Path specFile, Path outputDir) {
        return generate(specFile, outputDir, Style.ROBUST);
    }

    /** Writes the scripts of {@code style} into {@code outputDir}, executable (consh_lib.sh too, in the robust style). */
    public List<Path> generate(Path specFile, Path outputDir, Style style) {
        YamlSpecLoader.Loaded loaded = loader.loadEither(specFile);
        if (loaded instanceof YamlSpecLoader.LoadedLab lab) {
            return writeLab(renderLab(lab.lab(), style), outputDir);
        }
        return write(render(((LoadedSpec) loaded).spec(), style), outputDir);
    }

    public List<Path> write(List<GeneratedScript> scripts, Path outputDir) {
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new JconshgenException(ExitCode.INVALID_INPUT, outputDir + " exists and is not a directory (give a directory for the scripts)");
        }
        try {
            Files.createDirectories(outputDir);
            List<Path> written = new java.util.ArrayList<>();
            for (GeneratedScript script : scripts) {
                Path target = outputDir.resolve(script.fileName());
                AtomicWrite.write(target, script.content().getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rwxr-xr-x"));
                written.add(target);
            }
            return written;
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "cannot write the scripts to " + outputDir + ": " + e.getMessage(), e);
        }
    }
}
