package dev.jconshgen.apply;

import dev.jconshgen.core.ExitCode;
import dev.jconshgen.core.GeneratorService;
import dev.jconshgen.core.JconshgenException;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.state.ContainerState;
import dev.jconshgen.state.StateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A container found by name or by spec file, with the spec it was applied from. */
public record RunningContainer(ContainerState state, ContainerSpec spec) {

    /**
     * @param nameOrSpec a container name, or a spec file; with a spec file, that spec is the one
     *                   checked against (so a changed spec shows what no longer matches)
     */
    public static RunningContainer find(String nameOrSpec, StateStore store) {
        ContainerSpec spec = null;
        String name = nameOrSpec;
        if (Files.isRegularFile(Path.of(nameOrSpec))) {
            spec = new GeneratorService().load(Path.of(nameOrSpec)).spec();
            name = spec.name();
        }
        ContainerState state = store.load(name).orElseThrow(() -> new JconshgenException(ExitCode.FAILURE,
                "no container " + nameOrSpec + " (none was applied with that name; 'jconshgen status' lists them)"));
        if (spec == null) {
            try {
                spec = new YamlSpecLoader().parse(store.specCopy(state.name()).toString(), Files.readString(store.specCopy(state.name())));
            } catch (IOException e) {
                throw new JconshgenException(ExitCode.FAILURE, "the state of " + name + " has no spec copy: " + e.getMessage(), e);
            }
        }
        return new RunningContainer(state, spec);
    }

    public boolean alive(ProcFs proc) {
        return proc.isAlive(state.pid(), state.pidStartTime());
    }
}
