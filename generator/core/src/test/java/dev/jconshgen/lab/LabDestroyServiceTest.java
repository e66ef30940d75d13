package dev.jconshgen.lab;

import dev.jconshgen.apply.Progress;
import dev.jconshgen.host.ProcFs;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * destroy of a lab on a fake host: the bridge is removed only when the lab's state says the lab
 * made it (or was making it when apply died), and its absence is proven afterwards; the state of
 * the lab and of a member claimed without state goes.
 */
class LabDestroyServiceTest {
    @TempDir
    Path tmp;

    /** Runs nothing; 'removes' the fake bridge when asked to run the bridge cleanup, unless told to fail. */
    final class FakeRunner extends ProcessRunner {
        final List<List<String>> ran = new ArrayList<>();
        boolean cleanupWorks = true;

        @Override
        public ExecResult run(Command command) {
            ran.add(command.argv());
            if (cleanupWorks && command.argv().get(1).endsWith("consh_bridge_cleanup.sh")) {
                try {
                    Files.delete(tmp.resolve("net/labbr0"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new ExecResult(command, cleanupWorks ? 0 : 1, "", cleanupWorks ? "" : "refused", Duration.ZERO, false);
        }
    }

    final FakeRunner runner = new FakeRunner();
    LabStore labs;

    LabReport destroyWith(LabState.Bridge bridge, List<String> members) throws IOException {
        labs = new LabStore(new StateStore(tmp.resolve("state")));
        Files.createDirectories(tmp.resolve("net/labbr0"));
        assertThat(labs.claim("trio")).isTrue();
        assertThat(labs.claim("trio")).as("a second claim of the name").isFalse();
        labs.save(new LabState("trio", tmp.resolve("trio.yaml"), "labbr0", bridge, members));
        Files.createDirectories(labs.scriptsDir("trio"));
        Files.writeString(labs.scriptsDir("trio").resolve("consh_bridge_cleanup.sh"), "exit 0\n");
        return new LabDestroyService(labs, runner, new ProcFs(tmp.resolve("proc")), new BridgeHost(runner, tmp.resolve("net")))
                .destroy("trio", Progress.SILENT);
    }

    @Test
    void aBridgeTheLabMadeIsRemovedAndProvenGoneWithTheLabsState() throws IOException {
        LabReport report = destroyWith(LabState.Bridge.CREATED, List.of());
        assertThat(runner.ran).containsExactly(List.of("sh", labs.scriptsDir("trio").resolve("consh_bridge_cleanup.sh").toString(), "-v", "labbr0"));
        assertThat(report.steps()).extracting(s -> s.name()).containsExactly("remove bridge labbr0", "prove the bridge is gone");
        assertThat(report.ok()).isTrue();
        assertThat(labs.dir("trio")).doesNotExist();
    }

    @Test
    void aBridgeApplyWasCreatingWhenItDiedIsTheLabsToo() throws IOException {
        assertThat(destroyWith(LabState.Bridge.CREATING, List.of()).ok()).isTrue();
        assertThat(runner.ran).hasSize(1);
    }

    @Test
    void aBridgeTheLabNeverMadeIsLeftAlone() throws IOException {
        LabReport report = destroyWith(LabState.Bridge.NONE, List.of());
        assertThat(runner.ran).isEmpty();
        assertThat(tmp.resolve("net/labbr0")).exists();
        assertThat(report.ok()).isTrue();
    }

    @Test
    void aBridgeThatStaysIsALeftoverAndTheStateIsKept() throws IOException {
        runner.cleanupWorks = false;
        LabReport report = destroyWith(LabState.Bridge.CREATED, List.of());
        assertThat(report.ok()).isFalse();
        assertThat(report.leftovers()).containsExactly("bridge labbr0");
        assertThat(labs.load("trio")).isPresent();
    }

    @Test
    void aMemberClaimedBeforeApplyDiedLeavesOnlyItsDirectoryWhichGoes() throws IOException {
        StateStore containers = new StateStore(tmp.resolve("state"));
        assertThat(containers.claim("web")).isTrue();
        new LabStore(containers).markMember("web", "trio");
        assertThat(new LabStore(containers).labOf("web")).contains("trio");
        assertThat(destroyWith(LabState.Bridge.CREATED, List.of("web")).ok()).isTrue();
        assertThat(containers.dir("web")).doesNotExist();
    }

    @Test
    void theStateRoundTrips() throws IOException {
        labs = new LabStore(new StateStore(tmp.resolve("state")));
        assertThat(labs.claim("trio")).isTrue();
        assertThat(labs.claimedWithoutState("trio")).isTrue();
        LabState state = new LabState("trio", Path.of("/x/trio.yaml"), "labbr0", LabState.Bridge.CREATING, List.of()).withMember("web").withMember("db");
        labs.save(state);
        assertThat(labs.load("trio")).contains(state);
        assertThat(labs.names()).containsExactly("trio");
        assertThat(new StateStore(tmp.resolve("state")).names()).as("a lab is no container").isEmpty();
    }
}
