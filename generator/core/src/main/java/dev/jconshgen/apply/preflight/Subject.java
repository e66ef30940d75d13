package dev.jconshgen.apply.preflight;

import dev.jconshgen.apply.Resources;
import dev.jconshgen.model.Namespace;

import java.nio.file.Path;

/** What preflight looks at: the spec file (remedies name it) and the resources it resolves to. */
public record Subject(Path specFile, Resources resources) {

    public boolean has(Namespace namespace) {
        return resources.spec().has(namespace);
    }

    /** The apply command line a remedy suggests running again. */
    public String applyCommand() {
        return "jconshgen apply " + Remedy.quote(specFile);
    }
}
