package dev.jconshgen.explain;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.render.GeneratedScript;
import dev.jconshgen.render.Plan;
import dev.jconshgen.render.RenderModel;
import dev.jconshgen.render.ScriptRenderer;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExplainDocumentTest {

    /** Every container of the examples: the Container specs, and each member of a Lab. */
    private static List<ContainerSpec> examples() throws IOException {
        try (Stream<Path> files = Files.list(Repo.examples())) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .flatMap(f -> YamlSpecLoader.isLab(f)
                            ? new YamlSpecLoader().loadLab(f).lab().containers().stream()
                            : Stream.of(new YamlSpecLoader().load(f).spec()))
                    .toList();
        }
    }

    private static ContainerSpec lab() {
        return new YamlSpecLoader().load(Repo.labSpec()).spec();
    }

    private static String script(List<GeneratedScript> scripts, String name) {
        return scripts.stream().filter(s -> s.fileName().equals(name)).findFirst().orElseThrow().content();
    }

    private static int lineOf(String content, String line) {
        List<String> lines = content.lines().toList();
        int index = lines.indexOf(line);
        assertThat(index).as("line %s in the script", line).isNotNegative();
        return index + 1;
    }

    @Test
    void everyStepTheExamplesRunIsExplained() throws IOException {
        List<String> unexplained = new ArrayList<>();
        for (ContainerSpec spec : examples()) {
            for (Plan.Entry entry : Plan.of(spec, new ScriptRenderer().render(spec)).entries()) {
                entry.steps().stream().filter(s -> !StepGuide.knows(s)).forEach(s -> unexplained.add(entry.script() + ": " + s));
            }
        }
        assertThat(unexplained).as("steps without an explanation in StepGuide").isEmpty();
    }

    @Test
    void aStepWithoutAnExplanationStopsTheDocumentWithItsName() {
        ContainerSpec spec = lab();
        List<GeneratedScript> scripts = new ArrayList<>(new ScriptRenderer().render(spec));
        scripts.replaceAll(s -> s.fileName().equals("create_lowerfs.sh")
                ? new GeneratedScript(s.fileName(), s.content() + "step='juggle the layers'\n:\n") : s);

        assertThatThrownBy(() -> ExplainDocument.write("lab.yaml", spec, scripts))
                .hasMessageContaining("no explanation for step 'juggle the layers' of create_lowerfs.sh");
    }

    @Test
    void everyCarrierOfASpecFieldIsFoundInTheExamplesScripts() throws IOException {
        List<ContainerSpec> specs = examples();
        List<String> unmatched = new ArrayList<>();
        for (FieldTrace.Carrier carrier : FieldTrace.carriers()) {
            boolean found = specs.stream().flatMap(s -> new ScriptRenderer().render(s).stream())
                    .filter(s -> s.fileName().equals(carrier.script()))
                    .anyMatch(s -> !FieldTrace.matchingLines(s.content(), carrier.pattern()).isEmpty());
            if (!found) {
                unmatched.add(carrier.field() + " in " + carrier.script() + " (" + carrier.pattern() + ")");
            }
        }
        assertThat(unmatched).as("carriers that no example's script has (a template renamed a variable?)").isEmpty();
    }

    @Test
    void theTraceNamesTheLineThatSetsAFieldAndTheLinesThatUseIt() {
        ContainerSpec spec = lab();
        List<GeneratedScript> scripts = new ScriptRenderer().render(spec);
        String setup = script(scripts, "consh_setup.sh");

        FieldTrace.Row hostname = FieldTrace.rows(RenderModel.from(spec), scripts).stream()
                .filter(r -> r.field().equals("hostname")).findFirst().orElseThrow();

        assertThat(hostname.value()).isEqualTo("consh-host");
        assertThat(hostname.lines().get("consh_setup.sh")).contains(lineOf(setup, "hostname='consh-host'"))
                .contains(lineOf(setup, "case $hostname in -* | *[!A-Za-z0-9.-]*) die \"host name '$hostname' is not an RFC 1123 host name\" ;; esac"));
        assertThat(hostname.lines()).containsKey("consh_post_setup.sh");
        assertThat(ExplainDocument.write("lab.yaml", spec, scripts))
                .contains("| `hostname` | consh-host | consh_setup.sh: ");
    }

    @Test
    void aFieldTheSpecLeavesOutHasNoRow() {
        ContainerSpec spec = Container.named("bare").build();
        List<GeneratedScript> scripts = new ScriptRenderer().render(spec);

        assertThat(FieldTrace.rows(RenderModel.from(spec), scripts)).extracting(FieldTrace.Row::field)
                .doesNotContain("cgroup.name", "cgroup.limits.pids", "network.netns", "network.bridge", "command")
                .contains("workdir", "rootfs.overlay");
    }

    @Test
    void eachStepShowsItsOwnLinesWithTheFilesLineNumbers() {
        ContainerSpec spec = lab();
        List<GeneratedScript> scripts = new ScriptRenderer().render(spec);
        String post = script(scripts, "consh_post_setup.sh");
        int first = lineOf(post, "step='mount /proc'");
        int command = lineOf(post, "mount -t proc proc /proc || die \"cannot mount proc\"");

        String document = ExplainDocument.write("lab.yaml", spec, scripts);

        assertThat(document).contains("### mount /proc (lines " + first + "-" + command + ")\n");
        ScriptSteps steps = ScriptSteps.of(post);
        assertThat(steps.text(steps.block("mount /proc").orElseThrow())).startsWith("step='mount /proc'")
                .endsWith("mount -t proc proc /proc || die \"cannot mount proc\"");
    }

    @Test
    void aLabExplainsItsBridgeOnceTheFirstMemberStepByStepAndEveryMembersValues() {
        var lab = new YamlSpecLoader().loadLab(Repo.examples().resolve("trio.yaml")).lab();

        String document = ExplainDocument.write("trio.yaml", lab, new dev.jconshgen.render.LabRenderer().render(lab));

        assertThat(document).startsWith("# Lab `trio`: what its scripts do and why")
                .contains("## 1. consh_bridge_setup.sh").contains("### create the bridge (lines ")
                .contains("# Member `web`, step by step (in web/)")
                .contains("# Member `client`: its values (in client/)").contains("# Member `spare`: its values (in spare/)")
                .contains("| `network.containerAddress` | 10.0.10.20/24 | consh_nw_setup.sh: ");
        assertThat(document.split("### mount /proc ", -1)).as("the container steps are explained once").hasSize(2);
    }

    @Test
    void theDocumentIsTheSameOnEveryRunAndNamesNoMachinePath() {
        ContainerSpec spec = lab();
        List<GeneratedScript> scripts = new ScriptRenderer().render(spec);

        String once = ExplainDocument.write("lab.yaml", spec, scripts);

        assertThat(ExplainDocument.write("lab.yaml", spec, scripts)).isEqualTo(once);
        assertThat(once).doesNotContain(Repo.root().toString()).doesNotContain("/tmp/");
    }

    @Test
    void valuesCannotBreakTheTablesOrTheCodeBlocks() {
        assertThat(ExplainDocument.cell("a|b\nc <script> `x` *y* _z_")).isEqualTo("a\\|b c &lt;script> \\`x\\` \\*y\\* \\_z\\_");
        assertThat(ExplainDocument.fence("echo ```; echo ``")).isEqualTo("````");
        assertThat(ExplainDocument.fence("plain")).isEqualTo("```");

        ContainerSpec hostile = Container.named("hostile").workdir("w|ork ```x``` $(touch M)").hostname("h").build();
        String document = ExplainDocument.write("hostile.yaml", hostile, new ScriptRenderer().render(hostile));
        assertThat(document).contains("| work directory | w\\|ork \\`\\`\\`x\\`\\`\\` $(touch M) |");
        assertThat(document.lines().filter(l -> l.startsWith("```")).count() % 2).as("code fences come in pairs").isZero();
    }
}
