// WarmCycle: apply + destroy of one container spec through jconshgen's Java API, again and again
// in one JVM, as a JUnit suite does (the extension's path). bench/run.sh runs it as a source file:
//   java -cp JAR bench/WarmCycle.java SPEC RUNS STATE_DIR CACHE_DIR
// One warm-up cycle, then RUNS timed ones; prints "MEDIAN_MS PEAK_KIB" (the JVM's peak resident
// memory, VmHWM). The spec's work directory is resolved against the spec file's directory, as
// 'jconshgen apply SPEC' does.

import dev.jconshgen.api.AppliedContainer;
import dev.jconshgen.api.Jconshgen;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.spec.YamlSpecLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public class WarmCycle {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        ContainerSpec spec = new YamlSpecLoader().load(file).spec();
        Jconshgen jconshgen = Jconshgen.onThisHost().withStateDir(Path.of(args[2])).withLayerCache(Path.of(args[3]));
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            try (AppliedContainer container = jconshgen.apply(spec, file.getParent())) {
                container.pid();
            }
            if (i > 0) {
                micros.add((System.nanoTime() - start) / 1000);
            }
        }
        Collections.sort(micros);
        long median = micros.get((micros.size() - 1) / 2);
        String peak = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.replaceAll("[^0-9]", "")).findFirst().orElse("0");
        System.out.printf("%.1f %s%n", median / 1000.0, peak);
    }
}
