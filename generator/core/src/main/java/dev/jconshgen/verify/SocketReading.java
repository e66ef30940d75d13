package dev.jconshgen.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Reading what a probed server sends, bounded in time and size (a probe must always end). */
final class SocketReading {
    private SocketReading() {
    }

    /**
     * What the server sent until {@code stopAt} appeared in it (null: never), the server closed
     * the connection, {@code limit} bytes arrived, or {@code deadline} (System.nanoTime) passed.
     */
    static String read(Socket socket, long deadline, int limit, String stopAt) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (received.size() < limit) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            received.write(buffer, 0, n);
            if (stopAt != null && received.toString(StandardCharsets.UTF_8).contains(stopAt)) {
                break;
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
