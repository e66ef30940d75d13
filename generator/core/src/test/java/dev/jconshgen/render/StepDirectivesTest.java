package dev.jconshgen.render;

import freemarker.template.Template;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The <@step>, <@lesson> and <@robust> directives: what each style writes, and the lines each step is recorded with. */
class StepDirectivesTest {
    private static final String TEMPLATE = """
            #!/bin/sh
            <@lesson>
            set -e
            </@lesson>
            <@robust>
            set -u
            </@robust>

            <@step name="mount /proc" why="a proc of its own." man="proc(5)" guards="says which step failed.">
            <@lesson>
            mount -t proc proc /proc
            </@lesson>
            <@robust>
            mount -t proc proc /proc || die "cannot mount proc"
            </@robust>
            </@step>

            <@step name="wait" why="until ready." guards="the robust scripts only.">
            <@robust>
            read -r ready <pipe
            </@robust>
            </@step>
            """;

    private static GeneratedScript render(String text, Style style) throws Exception {
        Template template = new Template("test.ftl", new StringReader(text), Templates.configuration());
        StringWriter out = new StringWriter();
        StepDirectives directives = new StepDirectives(style, out);
        Map<String, Object> model = new HashMap<>(directives.templateData());
        template.process(model, directives.writer());
        // as ScriptRenderer writes a file: it ends with its last line
        return new GeneratedScript("test.sh", out.toString().stripTrailing() + "\n", directives.steps());
    }

    @Test
    void theLessonShowsAStepAsItsCommentAndCommandsAndLeavesOutARobustOnlyStep() throws Exception {
        GeneratedScript lesson = render(TEMPLATE, Style.LESSON);

        assertThat(lesson.content()).isEqualTo("""
                #!/bin/sh
                set -e

                # Mount /proc: a proc of its own. See proc(5).
                mount -t proc proc /proc
                """);
        assertThat(lesson.steps()).containsExactly(new RenderedStep("mount /proc", "a proc of its own.", List.of("proc(5)"),
                "says which step failed.", 4, 5));
        assertThat(lesson.lines(lesson.steps().get(0))).containsExactly("# Mount /proc: a proc of its own. See proc(5).",
                "mount -t proc proc /proc");
    }

    @Test
    void theRobustScriptStartsEachStepWithItsNameForDie() throws Exception {
        GeneratedScript robust = render(TEMPLATE, Style.ROBUST);

        assertThat(robust.content()).isEqualTo("""
                #!/bin/sh
                set -u

                step='mount /proc'
                mount -t proc proc /proc || die "cannot mount proc"

                step='wait'
                read -r ready <pipe
                """);
        assertThat(robust.steps()).extracting(RenderedStep::name, RenderedStep::firstLine, RenderedStep::lastLine)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mount /proc", 4, 5), org.assertj.core.groups.Tuple.tuple("wait", 7, 8));
    }

    @Test
    void aStepWithoutWhyOrWithAnUnknownParameterStopsTheRenderNamingIt() {
        assertThatThrownBy(() -> render("<@step name=\"mount /proc\"><@lesson>true</@lesson></@step>\n", Style.LESSON))
                .hasMessageContaining("<@step> needs why=");
        assertThatThrownBy(() -> render("<@step name=\"x\" why=\"y\" mans=\"z\">true</@step>\n", Style.ROBUST))
                .hasMessageContaining("<@step> has no parameter 'mans'");
    }
}
