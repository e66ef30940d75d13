package dev.jconshgen.verify;

import dev.jconshgen.model.Probe;
import dev.jconshgen.run.Poll;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Connects from the host to the container's port and, when the spec expects a banner, reads it. */
final class TcpProbe {
    /** Read no more than this while waiting for the banner: a server that talks on is not the answer. */
    static final int MAX_READ = 64 * 1024;

    private TcpProbe() {
    }

    static CheckResult check(String name, InetAddress address, Probe.Tcp probe, Duration budget) {
        String target = address.getHostAddress() + ":" + probe.port();
        String expected = probe.expect() == null ? "a connection to " + target : "'" + probe.expect() + "' from " + target;
        long deadline = System.nanoTime() + budget.toNanos();
        try (Socket socket = Retry.connect(address, probe.port(), deadline)) {
            if (socket == null) {
                return CheckResult.of(name + " " + target, false, expected, "connection refused until the timeout (" + budget.toSeconds() + " s): nothing listens");
            }
            if (probe.expect() == null) {
                return CheckResult.of(name + " " + target, true, expected, "connected");
            }
            String received = SocketReading.read(socket, deadline, MAX_READ, probe.expect());
            return CheckResult.of(name + " " + target, received.contains(probe.expect()), expected,
                    received.isEmpty() ? "nothing received" : "'" + ProbeText.shown(received) + "'");
        } catch (IOException e) {
            return CheckResult.of(name + " " + target, false, expected, e.toString());
        }
    }

    /** Connecting while the workload is still starting: refused means "not yet", anything else is the answer. */
    static final class Retry {
        private Retry() {
        }

        /**
         * A connected socket, or null when the port refused connections until the deadline. A
         * port that nothing listens on refuses at once and nothing announces when a listener
         * comes, so this asks again after a pause that grows from 1 ms ({@link Poll}).
         */
        static Socket connect(InetAddress address, int port, long deadline) throws IOException {
            for (int attempt = 0; ; attempt++) {
                Socket socket = new Socket();
                try {
                    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    socket.connect(new InetSocketAddress(address, port), (int) Math.min(left, 3000));
                    return socket;
                } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
                    socket.close();
                    long pause = Poll.pauseMillis(attempt);
                    if (System.nanoTime() + pause * 1_000_000 >= deadline) {
                        return null;
                    }
                    if (!Poll.pause(pause)) {
                        throw new java.io.InterruptedIOException("interrupted while waiting for the workload");
                    }
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
            }
        }
    }
}
