package dev.jconshgen.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** main() builds only the subcommand it runs; what it does and prints is the same. */
class LazyCommandLineTest {

    @Test
    void theSubcommandIsTheFirstArgumentThatIsNotAGlobalOption() {
        assertThat(Main.subcommandOf(new String[] {"validate", "x.yaml"})).isEqualTo("validate");
        assertThat(Main.subcommandOf(new String[] {"--quiet", "--color", "never", "apply", "x.yaml"})).isEqualTo("apply");
        assertThat(Main.subcommandOf(new String[] {"--color=never", "-q", "plan"})).isEqualTo("plan");
        assertThat(Main.subcommandOf(new String[] {"--help"})).isNull();
        assertThat(Main.subcommandOf(new String[] {"nonsense"})).isNull();
        assertThat(Main.subcommandOf(new String[] {})).isNull();
    }

    @Test
    void onlyTheCommandsThatRenderGetTheirTemplatesPreparedEarly() {
        assertThat(Main.rendersScripts(new String[] {"generate", "x.yaml"})).isTrue();
        assertThat(Main.rendersScripts(new String[] {"-q", "apply", "x.yaml"})).isTrue();
        assertThat(Main.rendersScripts(new String[] {"plan", "x.yaml"})).isTrue();
        assertThat(Main.rendersScripts(new String[] {"explain", "x.yaml"})).isTrue();
        assertThat(Main.rendersScripts(new String[] {"destroy", "c1"})).isFalse();
        assertThat(Main.rendersScripts(new String[] {"validate", "x.yaml"})).isFalse();
        // no subcommand at all: no templates, and no NullPointerException from the lookup
        assertThat(Main.rendersScripts(new String[] {"--version"})).isFalse();
        assertThat(Main.rendersScripts(new String[] {})).isFalse();
    }

    @Test
    void oneCommandGetsOnlyItselfAndTheWholeLineCommandsGetEverything() {
        assertThat(Main.newCommandLine(new String[] {"validate", "x.yaml"}).getSubcommands()).containsOnlyKeys("validate");
        assertThat(Main.newCommandLine(new String[] {"completion"}).getSubcommands()).containsKeys("apply", "destroy", "completion");
        assertThat(Main.newCommandLine(new String[] {"help", "apply"}).getSubcommands()).containsKeys("apply", "help");
        assertThat(Main.newCommandLine(new String[] {"--help"}).getSubcommands()).hasSize(Main.newCommandLine().getSubcommands().size());
    }

    @Test
    void aCommandsHelpIsTheSameBuiltAloneOrWithAllTheOthers() {
        assertThat(help(Main.newCommandLine(new String[] {"apply", "--help"}), "apply", "--help"))
                .isEqualTo(help(Main.newCommandLine(), "apply", "--help"))
                .contains("Exit codes:").contains("host not ready");
    }

    private static String help(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.execute(args);
        return out.toString();
    }
}
