package dev.jconshgen.verify;

import com.sun.net.httpserver.HttpServer;
import dev.jconshgen.model.Probe;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each probe against a real server on loopback: passing, and failing for each of its conditions. */
class ProbeChecksTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration SHORT = Duration.ofMillis(1500);
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    /** A server that sends the banner to every client and closes. */
    private int bannerServer(String banner) throws IOException {
        ServerSocket server = new ServerSocket(0, 5, LOOPBACK);
        servers.add(server);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write(banner.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server.getLocalPort();
    }

    /** A port nothing listens on: bound once to learn a free number, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void tcpPassesWithTheBanner() throws IOException {
        int port = bannerServer("hello from consh\n");

        CheckResult result = TcpProbe.check("probe 1 tcp", LOOPBACK, new Probe.Tcp(port, "hello from consh"), SHORT);

        assertThat(result.status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(result.actual()).isEqualTo("'hello from consh'");
    }

    @Test
    void tcpFailsOnAnotherBanner() throws IOException {
        int port = bannerServer("goodbye\n");

        CheckResult result = TcpProbe.check("probe 1 tcp", LOOPBACK, new Probe.Tcp(port, "hello"), SHORT);

        assertThat(result.failed()).isTrue();
        assertThat(result.actual()).isEqualTo("'goodbye'");
    }

    @Test
    void tcpWithoutExpectOnlyNeedsTheConnection() throws IOException {
        int port = bannerServer("");

        assertThat(TcpProbe.check("p", LOOPBACK, new Probe.Tcp(port, null), SHORT).status()).isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void tcpFailsWhenNothingListensWithinTheBudget() throws IOException {
        long start = System.nanoTime();
        CheckResult result = TcpProbe.check("p", LOOPBACK, new Probe.Tcp(closedPort(), null), SHORT);

        assertThat(result.failed()).isTrue();
        assertThat(result.actual()).contains("nothing listens");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.plusSeconds(2));
    }

    @Test
    void tcpWaitsForAServerThatStartsLate() throws Exception {
        int port = closedPort();
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(400);
                ServerSocket server = new ServerSocket(port, 5, LOOPBACK);
                synchronized (servers) {
                    servers.add(server);
                }
                try (Socket client = server.accept()) {
                    client.getOutputStream().write("late\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                // the probe then fails, which the assertion shows
            }
        });
        late.setDaemon(true);
        late.start();

        CheckResult result = TcpProbe.check("p", LOOPBACK, new Probe.Tcp(port, "late"), Duration.ofSeconds(5));
        late.join(5000);

        assertThat(result.status()).isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void tcpFailsWhenTheServerSaysNothingUntilTheDeadline() throws IOException {
        ServerSocket silent = new ServerSocket(0, 5, LOOPBACK); // accepts through the backlog, never writes
        servers.add(silent);

        CheckResult result = TcpProbe.check("p", LOOPBACK, new Probe.Tcp(silent.getLocalPort(), "hello"), Duration.ofMillis(500));

        assertThat(result.failed()).isTrue();
        assertThat(result.actual()).isEqualTo("nothing received");
    }

    private int httpServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 5);
        server.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals("/index.html");
            byte[] body = (found ? "hello from consh httpd\n" : "no such page\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(found ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(() -> server.stop(0));
        return server.getAddress().getPort();
    }

    @Test
    void httpPassesWithStatusAndBody() throws IOException {
        int port = httpServer();

        CheckResult result = HttpProbe.check("p", LOOPBACK, new Probe.Http(port, "/index.html", 200, "hello from consh"), SHORT);

        assertThat(result.status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(result.actual()).isEqualTo("status 200, body 'hello from consh httpd'");
    }

    @Test
    void httpFailsOnAnotherStatus() throws IOException {
        int port = httpServer();

        CheckResult result = HttpProbe.check("p", LOOPBACK, new Probe.Http(port, "/missing.html", 200, null), SHORT);

        assertThat(result.failed()).isTrue();
        assertThat(result.actual()).startsWith("status 404");
    }

    @Test
    void httpExpectsA404WhenTheSpecSaysSo() throws IOException {
        int port = httpServer();

        assertThat(HttpProbe.check("p", LOOPBACK, new Probe.Http(port, "/missing.html", 404, null), SHORT).status())
                .isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void httpFailsWhenTheBodyLacksTheText() throws IOException {
        int port = httpServer();

        CheckResult result = HttpProbe.check("p", LOOPBACK, new Probe.Http(port, "/index.html", 200, "goodbye"), SHORT);

        assertThat(result.failed()).isTrue();
    }

    @Test
    void httpFailsOnSomethingThatIsNotHttp() throws IOException {
        int port = bannerServer("SSH-2.0-OpenSSH\r\n");

        CheckResult result = HttpProbe.check("p", LOOPBACK, new Probe.Http(port, "/", 200, null), SHORT);

        assertThat(result.failed()).isTrue();
        assertThat(result.actual()).startsWith("not an HTTP response");
    }

    @Test
    void httpFailsWhenNothingListens() throws IOException {
        assertThat(HttpProbe.check("p", LOOPBACK, new Probe.Http(closedPort(), "/", 200, null), SHORT).actual())
                .contains("nothing listens");
    }

    private static ExecResult exited(int code, String stdout, boolean timedOut) {
        return new ExecResult(Command.of(Duration.ofSeconds(1), "x"), code, stdout, "", Duration.ZERO, timedOut);
    }

    @Test
    void execJudgesExitCodeOutputAndTimeout() {
        Probe.Exec probe = new Probe.Exec(List.of("hostname"), "bwl");

        assertThat(ProbeChecks.judge("p", probe, exited(0, "bwl-nc\n", false)).status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(ProbeChecks.judge("p", probe, exited(1, "bwl-nc\n", false)).failed()).isTrue();
        assertThat(ProbeChecks.judge("p", probe, exited(0, "other\n", false)).failed()).isTrue();
        assertThat(ProbeChecks.judge("p", probe, exited(0, "bwl\n", true)).failed()).isTrue();
        assertThat(ProbeChecks.judge("p", new Probe.Exec(List.of("true"), null), exited(0, "", false)).status())
                .isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void theNetworkRoundTripMovesOffPortsTheProbesName() {
        var plain = dev.jconshgen.dsl.Container.named("w").network(n -> n).build();
        var server = dev.jconshgen.dsl.Container.named("w").network(n -> n)
                .probe(new Probe.Tcp(50000, null)).probe(new Probe.Http(50001, "/", 200, null)).build();

        assertThat(NetworkChecks.roundTripPort(new Target(plain, null, 0, 0, 0, null, null))).isEqualTo(50000);
        assertThat(NetworkChecks.roundTripPort(new Target(server, null, 0, 0, 0, null, null))).isEqualTo(50002);
    }
}
