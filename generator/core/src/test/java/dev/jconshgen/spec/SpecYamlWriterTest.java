package dev.jconshgen.spec;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.model.Probe;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** spec -> YAML -> spec gives the same spec, for every spec the project has, and the same text again. */
class SpecYamlWriterTest {

    /** Every valid spec of the examples and the bats suites (the invalid ones are bad-spec test input). */
    static List<Path> everySpec() throws IOException {
        try (Stream<Path> examples = Files.list(Repo.examples()); Stream<Path> bats = Files.list(Repo.root().resolve("bats-tests/specs"))) {
            List<Path> specs = Stream.concat(examples, bats).filter(p -> p.toString().endsWith(".yaml")).filter(SpecYamlWriterTest::valid)
                    .sorted().toList();
            assertThat(specs).as("the examples and the bats suites' valid specs").hasSizeGreaterThan(15);
            return specs;
        }
    }

    private static boolean valid(Path file) {
        try {
            new YamlSpecLoader().loadEither(file);
            return true;
        } catch (InvalidSpecException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("everySpec")
    void everySpecRoundTrips(Path file) {
        YamlSpecLoader loader = new YamlSpecLoader();
        YamlSpecLoader.Loaded loaded = loader.loadEither(file);
        // beside the file: an image's path is relative to the spec file, written or not
        String written = file.resolveSibling("written.yaml").toString();
        if (loaded instanceof YamlSpecLoader.LoadedLab lab) {
            String text = SpecYamlWriter.write(lab.lab());
            var again = loader.parseLab(written, text);
            assertThat(again).as(text).isEqualTo(lab.lab());
            assertThat(SpecYamlWriter.write(again)).isEqualTo(text);
        } else {
            ContainerSpec spec = ((YamlSpecLoader.LoadedSpec) loaded).spec();
            String text = SpecYamlWriter.write(spec);
            ContainerSpec again = loader.parse(written, text);
            assertThat(again).as(text).isEqualTo(spec);
            assertThat(SpecYamlWriter.write(again)).isEqualTo(text);
        }
    }

    @Test
    void aSpecBuiltInJavaIsWrittenAsTheYamlThatLoadsIt() {
        ContainerSpec spec = Container.named("web").hostname("web-host").workdir("w").busyboxLayer()
                .cgroup(c -> c.name("web-cg").pidsMax(32).memoryMax(64L << 20).cpu(new BigDecimal("0.25")))
                .network(n -> n.netns("web").hostAddress("10.9.0.1/24").containerAddress("10.9.0.2/24"))
                .command("nc", "-ll", "-p", "80", "-e", "echo", "hi")
                .probe(new Probe.Tcp(80, "hi")).probe(new Probe.Exec(List.of("hostname"), "web-host")).build();
        String text = SpecYamlWriter.write(spec);
        assertThat(text).startsWith("apiVersion: jconshgen/v1\nkind: Container\nname: web\n")
                .contains("    cpu: 0.25\n").contains("- '80'\n");
        assertThat(new YamlSpecLoader().parse("written.yaml", text)).isEqualTo(spec);
    }

    @Test
    void valuesThatLookLikeYamlStayText() {
        ContainerSpec spec = Container.named("t").hostname("t").workdir("- yes {no} # 'x' \"y\" &a *b ! %").busyboxLayer().build();
        String text = SpecYamlWriter.write(spec);
        assertThat(new YamlSpecLoader().parse("written.yaml", text).workdir()).isEqualTo("- yes {no} # 'x' \"y\" &a *b ! %");
    }
}
