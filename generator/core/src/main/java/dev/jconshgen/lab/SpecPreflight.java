package dev.jconshgen.lab;

import dev.jconshgen.apply.ApplyService;
import dev.jconshgen.apply.Resources;
import dev.jconshgen.apply.preflight.Blocker;
import dev.jconshgen.apply.preflight.Preflight;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.YamlSpecLoader;

import java.nio.file.Path;
import java.util.List;

/**
 * The preflight of a spec of either kind, on its own ('jconshgen preflight'): the blockers that
 * apply would report before it creates anything, for a container or for every member of a lab
 * and the lab itself, found the same way and creating nothing. It lives beside the labs because
 * it needs both them and the containers' checks. Resource conflicts (a name or a bridge in use)
 * are not here: those belong to apply, which claims its names first.
 */
public final class SpecPreflight {
    /** What was checked (a container's NAME, or "lab NAME", as apply names them) and every blocker, in preflight's order. */
    public record Outcome(String subject, List<Blocker> blockers) {
        public Outcome {
            blockers = List.copyOf(blockers);
        }

        public boolean ready() {
            return blockers.isEmpty();
        }
    }

    private final ProcessRunner runner;
    private final ProcFs proc;
    private final GeneratorService generator = new GeneratorService();

    public SpecPreflight(ProcessRunner runner, ProcFs proc) {
        this.runner = runner;
        this.proc = proc;
    }

    /** Loads and validates the spec (an invalid one throws with every error), then checks this host for it. */
    public Outcome check(Path specFile) {
        YamlSpecLoader.Loaded loaded = generator.loadEither(specFile);
        if (loaded instanceof YamlSpecLoader.LoadedLab lab) {
            return new Outcome("lab " + lab.lab().name(), LabApplyService.blockers(specFile, lab, runner, proc));
        }
        YamlSpecLoader.LoadedSpec container = (YamlSpecLoader.LoadedSpec) loaded;
        ApplyService.refuseBridged(specFile, container.spec());
        Resources resources = Resources.of(container.spec(), container.workdir(), proc, proc.selfUid());
        return new Outcome(container.spec().name(), Preflight.onThisHost(proc).blockers(specFile, resources));
    }
}
