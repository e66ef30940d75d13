package dev.jconshgen.model;

import java.util.List;

/**
 * A check of the container's workload that {@code apply} and {@code verify} run from the host.
 * Optional texts are {@code null} when the spec does not give them.
 */
public sealed interface Probe {

    /** Connects to the container's address and port; with {@code expect}, the server must send that text. */
    record Tcp(Integer port, String expect) implements Probe {
        @Override
        public String kind() {
            return "tcp";
        }
    }

    /** GETs {@code path} from the container's address and port; the status must match, the body contain {@code contains}. */
    record Http(Integer port, String path, int status, String contains) implements Probe {
        public static final String DEFAULT_PATH = "/";
        public static final int DEFAULT_STATUS = 200;

        @Override
        public String kind() {
            return "http";
        }
    }

    /** Runs {@code command} inside the container; it must exit 0 and, with {@code expect}, print that text. */
    record Exec(List<String> command, String expect) implements Probe {
        public Exec {
            command = command == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(command));
        }

        @Override
        public String kind() {
            return "exec";
        }
    }

    /** The spec's name of the kind: tcp, http or exec. */
    String kind();

    /** Something accepts connections on PORT. */
    static Tcp tcp(int port) {
        return new Tcp(port, null);
    }

    /** The server on PORT sends EXPECT. */
    static Tcp tcp(int port, String expect) {
        return new Tcp(port, expect);
    }

    /** GET PATH on PORT answers 200. */
    static Http http(int port, String path) {
        return new Http(port, path, Http.DEFAULT_STATUS, null);
    }

    /** GET PATH on PORT answers STATUS with a body that contains CONTAINS (null: any body). */
    static Http http(int port, String path, int status, String contains) {
        return new Http(port, path, status, contains);
    }

    /** COMMAND (argv, never parsed by a shell) exits 0 inside the container. */
    static Exec exec(String... command) {
        return new Exec(java.util.List.of(command), null);
    }

    /** COMMAND exits 0 inside the container and prints EXPECT. */
    static Exec exec(java.util.List<String> command, String expect) {
        return new Exec(command, expect);
    }
}
