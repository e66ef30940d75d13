package dev.jconshgen.explain;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.render.GeneratedScript;
import dev.jconshgen.render.RenderedStep;
import dev.jconshgen.render.RenderModel;
import dev.jconshgen.render.ScriptRenderer;
import dev.jconshgen.render.Style;
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

class ExplainDocumentTest {

    private static List<ContainerSpec> examples() throws IOException {
        return Repo.exampleContainers();
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

    /** The document of one container, with the scripts of both styles. */
    private static String explain(ContainerSpec spec, Style style) {
        return ExplainDocument.write(spec.name() + ".yaml", spec, style, new ScriptRenderer().render(spec, Style.LESSON),
                new ScriptRenderer().render(spec, Style.ROBUST));
    }

    @Test
    void everyStepOfTheExamplesSaysWhyAndEveryRobustStepWhatItsGuardsAdd() throws IOException {
        List<String> unexplained = new ArrayList<>();
        for (ContainerSpec spec : examples()) {
            for (Style style : Style.values()) {
                for (GeneratedScript script : new ScriptRenderer().render(spec, style)) {
                    for (RenderedStep step : script.steps()) {
                        if (step.why().isBlank() || (style == Style.ROBUST && step.guards().isBlank())) {
                            unexplained.add(style.id() + " " + script.fileName() + ": " + step.name());
                        }
                    }
                }
            }
        }
        assertThat(unexplained).as("steps without why (or, robust, without guards) in their template").isEmpty();
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
        assertThat(explain(spec, Style.ROBUST)).contains("| `hostname` | consh-host | consh_setup.sh: ");
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
    void eachStepShowsItsLessonLinesThenWhereTheRobustLinesAreAndWhatTheirGuardsAdd() {
        ContainerSpec spec = lab();
        String lesson = script(new ScriptRenderer().render(spec, Style.LESSON), "consh_post_setup.sh");
        String robust = script(new ScriptRenderer().render(spec, Style.ROBUST), "consh_post_setup.sh");
        int lessonFirst = lineOf(lesson, "# Mount /proc: a new proc shows only the processes of the container's PID namespace. Inside a user");
        int lessonLast = lineOf(lesson, "mount -t proc proc /proc");
        int robustFirst = lineOf(robust, "step='mount /proc'");
        int robustLast = lineOf(robust, "mount -t proc proc /proc || die \"cannot mount proc\"");

        String document = explain(spec, Style.LESSON);

        assertThat(document).contains("### mount /proc\n\nA new proc shows only the processes of the container's PID namespace.")
                .contains("Lesson, lines " + lessonFirst + "-" + lessonLast + ":\n\n```sh\n# Mount /proc: ")
                .contains("mount -t proc proc /proc\n```\n\nRobust: lines " + robustFirst + "-" + robustLast
                        + " of the robust consh_post_setup.sh. A failure ends the container's shell with the step's name.\n")
                .contains("### write the README\n").contains("Robust only: lines ");
        assertThat(document).as("the robust block is not quoted").doesNotContain("|| die \"cannot mount proc\"");
    }

    @Test
    void aLabExplainsItsBridgeOnceTheFirstMemberStepByStepAndEveryMembersValues() {
        var lab = new YamlSpecLoader().loadLab(Repo.examples().resolve("trio.yaml")).lab();

        String document = ExplainDocument.write("trio.yaml", lab, Style.LESSON, new dev.jconshgen.render.LabRenderer().render(lab, Style.LESSON),
                new dev.jconshgen.render.LabRenderer().render(lab, Style.ROBUST));

        assertThat(document).startsWith("# Lab `trio`: what its scripts do and why")
                .contains("## 1. consh_bridge_setup.sh").contains("### create the bridge\n")
                .contains("# Member `web`, step by step (in web/)")
                .contains("# Member `client`: its values (in client/)").contains("# Member `spare`: its values (in spare/)")
                .contains("| `network.containerAddress` | 10.0.10.20/24 | consh_nw_setup.sh: ");
        assertThat(document.split("### mount /proc\n", -1)).as("the container steps are explained once").hasSize(2);
    }

    @Test
    void theDocumentIsTheSameOnEveryRunAndNamesNoMachinePath() {
        ContainerSpec spec = lab();

        String once = explain(spec, Style.LESSON);

        assertThat(explain(spec, Style.LESSON)).isEqualTo(once);
        assertThat(once).doesNotContain(Repo.root().toString()).doesNotContain("/tmp/");
    }

    @Test
    void valuesCannotBreakTheTablesOrTheCodeBlocks() {
        assertThat(ExplainDocument.cell("a|b\nc <script> `x` *y* _z_")).isEqualTo("a\\|b c &lt;script> \\`x\\` \\*y\\* \\_z\\_");
        assertThat(ExplainDocument.fence("echo ```; echo ``")).isEqualTo("````");
        assertThat(ExplainDocument.fence("plain")).isEqualTo("```");

        ContainerSpec hostile = Container.named("hostile").workdir("w|ork ```x``` $(touch M)").hostname("h").build();
        String document = explain(hostile, Style.ROBUST);
        assertThat(document).contains("| work directory | w\\|ork \\`\\`\\`x\\`\\`\\` $(touch M) |");
        assertThat(document.lines().filter(l -> l.startsWith("```")).count() % 2).as("code fences come in pairs").isZero();
    }
}
