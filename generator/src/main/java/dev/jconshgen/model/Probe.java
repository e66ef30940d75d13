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
}
