package dev.jconshgen.layers;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a JVM of its own by the tests: tries to take FILE's lock (shared or exclusive) without
 * waiting, as another jconshgen process would; exit 0 when it got it, 1 when another holds it.
 * fcntl locks, which LayerCache takes, do not see flock(1)'s, so flock cannot stand in for this.
 */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean shared = args[1].equals("shared");
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            System.exit(lock != null ? 0 : 1);
        }
    }

    /** Runs this probe in another JVM: whether it got the lock. */
    public static boolean otherProcessGets(Path lockFile, boolean shared) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(),
                lockFile.toString(), shared ? "shared" : "exclusive").inheritIO().start();
        return process.waitFor() == 0;
    }
}
