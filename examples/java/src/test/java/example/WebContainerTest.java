package example;

import dev.jconshgen.api.AppliedContainer;
import dev.jconshgen.api.Jconshgen;
import dev.jconshgen.dsl.Container;
import dev.jconshgen.junit.JconshgenContainer;
import dev.jconshgen.junit.JconshgenExtension;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A throwaway container for a test class: a busybox nc server on port 50000, on its own veth pair.
 * On a host that cannot run it (not root, no static busybox, ...) the tests are skipped with the
 * reason. State and the busybox layer cache stay in target/, so nothing is left on the host.
 */
class WebContainerTest {
    static final String GREETING = "hello from the container";

    @RegisterExtension
    static JconshgenExtension jconshgen = new JconshgenExtension(Jconshgen.onThisHost()
            .withStateDir(Path.of("target", "jconshgen-state").toAbsolutePath())
            .withLayerCache(Path.of("target", "jconshgen-layers").toAbsolutePath()));

    @JconshgenContainer
    static ContainerSpec web = Container.named("jgexample").hostname("jgexample").workdir("jgexample").busyboxLayer()
            .cgroup(c -> c.name("jgexample-cg").pidsMax(32).memoryMax("32M"))
            .network(n -> n.netns("jgexample").hostAddress("10.231.199.1/24").containerAddress("10.231.199.2/24"))
            .command("nc", "-ll", "-p", "50000", "-e", "echo", GREETING)
            .probe(Probe.tcp(50000, GREETING))
            .build();

    @Test
    void everyCheckPasses(AppliedContainer web) {
        web.verify().assertAllPassed();
    }

    @Test
    void aTcpRoundTripFromJava(AppliedContainer web) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("10.231.199.2", 50000), 5000);
            socket.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals(GREETING, line);
        }
    }

    @Test
    void commandsRunInside(AppliedContainer web) {
        assertEquals("jgexample", web.exec("hostname").stdout().strip());
    }
}
