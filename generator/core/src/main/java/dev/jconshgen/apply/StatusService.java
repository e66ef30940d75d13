package dev.jconshgen.apply;

import dev.jconshgen.host.ProcFs;
import dev.jconshgen.model.NetworkSpec;
import dev.jconshgen.state.StateStore;

import java.nio.file.Path;
import java.util.List;

/** status: what jconshgen knows of the containers it applied, and whether each still runs. */
public final class StatusService {
    private final StateStore store;
    private final ProcFs proc;

    public StatusService(StateStore store, ProcFs proc) {
        this.store = store;
        this.proc = proc;
    }

    /** One container as status shows it. */
    public record Status(String name, long pid, String state, List<Path> cgroups, String hostAddress,
                         String containerAddress, Path workdir) {
    }

    /** @param name one container, or {@code null} for all of them */
    public List<Status> status(String name) {
        List<String> names = name != null ? List.of(name) : store.names();
        return names.stream().map(each -> status(RunningContainer.find(each, store))).toList();
    }

    private Status status(RunningContainer container) {
        var network = container.spec().network();
        return new Status(container.state().name(), container.state().pid(), container.alive(proc) ? "running" : "stopped",
                container.state().cgroupDirs(), network.map(NetworkSpec::hostAddress).orElse(""),
                network.map(NetworkSpec::containerAddress).orElse(""), container.state().workdir());
    }
}
