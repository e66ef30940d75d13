package dev.jconshgen.apply;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.state.AppliedImages;
import dev.jconshgen.state.ContainerState;
import dev.jconshgen.state.StateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A container jconshgen applied (running or not), found by name or by spec file, with its spec. */
public record RunningContainer(ContainerState state, ContainerSpec spec) {

    /**
     * @param nameOrSpec a container name, or a spec file; with a spec file, that spec is the one
     *                   checked against (so a changed spec shows what no longer matches)
     */
    public static RunningContainer find(String nameOrSpec, StateStore store) {
        ContainerRef ref = ContainerRef.parse(nameOrSpec);
        ContainerState state = store.load(ref.name()).orElseThrow(() -> new JconshgenException(ExitCode.FAILURE,
                "no container " + ref.name() + " (none was applied with that name; 'jconshgen status' lists them)"));
        ContainerSpec spec = ref.spec().map(loaded -> loaded.spec()).orElseGet(() -> appliedSpec(state, store));
        return new RunningContainer(state, spec);
    }

    /** The spec as it was applied: the copy in the state directory. */
    static ContainerSpec appliedSpec(ContainerState state, StateStore store) {
        Path copy = store.specCopy(state.name());
        try {
            String text = Files.readString(copy);
            if (YamlSpecLoader.isLab(text)) {
                // A lab's member keeps a copy of the lab's spec: its own part is the member of its name.
                return AppliedImages.loader(store.imagesFile(state.name())).parseLab(copy.toString(), text).member(state.name()).orElseThrow(() -> new JconshgenException(
                        ExitCode.FAILURE, "the lab spec copied into " + store.dir(state.name()) + " has no member " + state.name()));
            }
            return AppliedImages.loader(store.imagesFile(state.name())).parse(copy.toString(), text);
        } catch (IOException e) {
            throw new JconshgenException(ExitCode.FAILURE, "the state of " + state.name() + " has no spec copy (" + copy
                    + "): remove " + store.dir(state.name()) + " by hand, then 'jconshgen destroy --force SPEC'", e);
        }
    }

    public boolean alive(ProcFs proc) {
        return proc.isAlive(state.pid(), state.pidStartTime());
    }
}
