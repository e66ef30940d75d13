package dev.jconshgen.diagram;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DiagramTest {
    /** A path the validator accepts (no control characters) that is DOT and Mermaid syntax. */
    private static final String HOSTILE = "o\"v\" ]; evil [label=x]; \"# <b>{x}</b> | `y`";

    @TempDir
    Path tmp;

    private static ContainerSpec hostile() {
        return Container.named("hostile").workdir("w").overlay(HOSTILE).cgroup(c -> c).network(n -> n).build();
    }

    private static ContainerSpec benign() {
        return Container.named("hostile").workdir("w").overlay("ovly").cgroup(c -> c).network(n -> n).build();
    }

    @Test
    void dotLabelsAreQuotedAndEscaped() {
        assertThat(DotWriter.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
    }

    @Test
    void aHostileValueAddsNoNodeOrEdgeToTheDotGraph() {
        String evil = DotWriter.write(Topology.of(hostile()));
        String plain = DotWriter.write(Topology.of(benign()));

        assertThat(evil.lines().count()).isEqualTo(plain.lines().count());
        assertThat(evil).doesNotContain("\nevil").contains("o\\\"v\\\" ]; evil [label=x]; \\\"# <b>{x}</b>");
    }

    @Test
    void graphvizReadsTheHostileGraphAsOneContainer() throws IOException {
        ProcessRunner runner = new ProcessRunner();
        assumeTrue(runner.run(Command.of(Duration.ofSeconds(10), "dot", "-V")).exitCode() != 127, "Graphviz is not installed");
        Path dot = Files.writeString(tmp.resolve("g.dot"), DotWriter.write(Topology.of(hostile())));

        ExecResult result = runner.run(Command.of(Duration.ofSeconds(30), "dot", "-Tcanon", dot.toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).doesNotContain("\tevil").contains("cluster_c0");
    }

    @Test
    void mermaidLabelsCarryNoMarkupOrQuotes() {
        String label = MermaidWriter.label(HOSTILE + "\nsecond line");

        assertThat(label).startsWith("\"").endsWith("\"");
        assertThat(label.substring(1, label.length() - 1)).doesNotContain("\"", "<b>", "[", "]", "{", "}", "|", "`", "\n")
                .contains("#34;", "#60;b#62;", "<br/>");
        String evil = MermaidWriter.write(Topology.of(hostile()));
        assertThat(evil.lines().count()).isEqualTo(MermaidWriter.write(Topology.of(benign())).lines().count());
    }

    @Test
    void aBridgedSpecDrawsTheBridgeWithTheHostEndAsItsPort() {
        ContainerSpec spec = new YamlSpecLoader().load(Repo.examples().resolve("bridge.yaml")).spec();

        String dot = DotWriter.write(Topology.of(spec));

        assertThat(dot).contains("bridge [shape=hexagon, label=\"bridge conbr0\\n10.0.1.1/24\"];")
                .contains("bridge -> c0_host_end [label=\"port\", dir=none];")
                // the address is the bridge's, not the host end's
                .contains("c0_host_end [shape=cds, label=\"bridged-0\"];");
        assertThat(MermaidWriter.write(Topology.of(spec))).contains("bridge --- c0_host_end");
    }

    @Test
    void aContainerWithoutCgroupOrNetworkHasNeither() {
        String dot = DotWriter.write(Topology.of(Container.named("bare").build()));

        assertThat(dot).doesNotContain("_cgroup", "_host_end", "_ctr_end", "bridge").contains("c0_root", "c0_lower");
    }
}
