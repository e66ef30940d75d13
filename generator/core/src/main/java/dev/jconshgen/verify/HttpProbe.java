package dev.jconshgen.verify;

import dev.jconshgen.model.Probe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * GETs a path from the container with a plain HTTP/1.0 request on a socket: one request, the
 * server closes, no client library deciding about redirects, proxies or HTTP/2 on its own.
 */
final class HttpProbe {
    static final int MAX_RESPONSE = 1024 * 1024;

    private HttpProbe() {
    }

    static CheckResult check(String name, InetAddress address, Probe.Http probe, Duration budget) {
        String url = "http://" + address.getHostAddress() + ":" + probe.port() + probe.path();
        String label = name + " GET " + url;
        String expected = "status " + probe.status() + (probe.contains() == null ? "" : " and a body containing '" + probe.contains() + "'");
        long deadline = System.nanoTime() + budget.toNanos();
        try (Socket socket = TcpProbe.Retry.connect(address, probe.port(), deadline)) {
            if (socket == null) {
                return CheckResult.of(label, false, expected, "connection refused until the timeout (" + budget.toSeconds() + " s): nothing listens");
            }
            OutputStream out = socket.getOutputStream();
            // The path was validated as printable ASCII without spaces: it cannot break the request line.
            out.write(("GET " + probe.path() + " HTTP/1.0\r\nHost: " + address.getHostAddress() + "\r\nUser-Agent: jconshgen\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = SocketReading.read(socket, deadline, MAX_RESPONSE, null);
            int end = response.indexOf("\r\n\r\n");
            String head = end < 0 ? response : response.substring(0, end);
            String body = end < 0 ? "" : response.substring(end + 4);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ", 3);
            int status = statusLine.length >= 2 && statusLine[0].startsWith("HTTP/") && statusLine[1].matches("[0-9]{3}")
                    ? Integer.parseInt(statusLine[1]) : -1;
            if (status < 0) {
                return CheckResult.of(label, false, expected, "not an HTTP response: '" + ProbeText.shown(response) + "'");
            }
            boolean passed = status == probe.status() && (probe.contains() == null || body.contains(probe.contains()));
            return CheckResult.of(label, passed, expected, "status " + status + ", body '" + ProbeText.shown(body) + "'");
        } catch (IOException e) {
            return CheckResult.of(label, false, expected, e.toString());
        }
    }

}
