package dev.jconshgen.render;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan lists the scripts in run order with the steps read from the scripts themselves. */
class PlanTest {
    private static final Pattern STEP_LINE = Pattern.compile("(?m)^\\s*step='([^']*)'$");

    private final ContainerSpec lab = new YamlSpecLoader().load(Repo.labSpec()).spec();
    private final List<GeneratedScript> labScripts = new ScriptRenderer().render(lab);
    private final Plan labPlan = Plan.of(lab, labScripts);

    @Test
    void scriptsInTheOrderTheyAreRun() {
        assertThat(labPlan.container()).isEqualTo("consh");
        assertThat(labPlan.entries()).extracting(Plan.Entry::script).containsExactly(
                "create_lowerfs.sh", "consh_setup.sh", "consh_post_setup.sh", "consh_nw_setup.sh", "consh_cleanup.sh");
    }

    @Test
    void stepsAreStepLinesOfTheScript() {
        // Steps of a function appear where the script calls it, not where it is defined, so only
        // membership is checked here; the order is checked per script below.
        for (Plan.Entry entry : labPlan.entries()) {
            List<String> stepLines = stepLines(HostileValues.script(labScripts, entry.script()).content());
            assertThat(entry.steps()).as(entry.script()).isNotEmpty().doesNotHaveDuplicates().doesNotContain("start");
            assertThat(stepLines).as(entry.script()).containsAll(entry.steps());
        }
    }

    @Test
    void scriptsAreReachedFromANestedWorkDirectory() {
        assertThat(Plan.up("demo")).isEqualTo("../");
        assertThat(Plan.up("labs/a b/demo")).isEqualTo("../../../");
    }

    @Test
    void createLowerfsSteps() {
        assertThat(entry(labPlan, "create_lowerfs.sh").steps()).containsExactly(
                "find busybox", "create the directory tree", "copy busybox", "install the applet links");
    }

    @Test
    void networkSetupStepsExcludeWhatOnlyItsRollbackDoes() {
        List<String> steps = entry(labPlan, "consh_nw_setup.sh").steps();

        assertThat(steps).startsWith("check the arguments", "check the addresses", "name the network namespace", "create the veth pair")
                .endsWith("configure the container end")
                .doesNotContain("remove the veth pair", "remove the netns bind mount");
    }

    @Test
    void cleanupChecksFirstThenRemovesNetworkThenCgroupThenWorkdir() {
        assertThat(entry(labPlan, "consh_cleanup.sh").steps()).containsExactly(
                "check what to remove", "remove the network", "remove the cgroup", "remove the work directory");
    }

    @Test
    void postSetupMountsProcBeforeDroppingTheOldRoot() {
        assertThat(entry(labPlan, "consh_post_setup.sh").steps())
                .containsSubsequence("mount the overlay root", "pivot into the overlay root", "mount /proc", "mount /sys",
                        "bind the host devices", "drop the old root", "set the host name");
    }

    @Test
    void commandsCarryTheSpecsValues() {
        assertThat(entry(labPlan, "create_lowerfs.sh").command()).isEqualTo("../create_lowerfs.sh lower");
        assertThat(entry(labPlan, "consh_setup.sh").command()).isEqualTo("../consh_setup.sh -h consh-host -c consh_cgrp lower ovly");
        assertThat(entry(labPlan, "consh_nw_setup.sh").command()).isEqualTo("./consh_nw_setup.sh PID consh 10.0.0.1/24 10.0.0.2/24");
        assertThat(entry(labPlan, "consh_cleanup.sh").command()).isEqualTo("./consh_cleanup.sh -c consh_cgrp -n consh demo");
    }

    @Test
    void withoutNetworkThereIsNoNetworkEntry() {
        ContainerSpec spec = Container.named("box").cgroup(c -> c).build();
        Plan plan = Plan.of(spec, new ScriptRenderer().render(spec));

        assertThat(plan.entries()).extracting(Plan.Entry::script)
                .containsExactly("create_lowerfs.sh", "consh_setup.sh", "consh_post_setup.sh", "consh_cleanup.sh");
        assertThat(entry(plan, "consh_cleanup.sh").command()).isEqualTo("./consh_cleanup.sh -c box_cgrp -n '' box");
        assertThat(plan.toText()).doesNotContain("consh_nw_setup.sh", "PID");
    }

    @Test
    void withoutHostnameOrCgroupSetupHasNoOptions() {
        ContainerSpec spec = Container.named("box").hostname(null).namespaces(dev.jconshgen.model.Namespace.MOUNT).build();

        assertThat(entry(Plan.of(spec, new ScriptRenderer().render(spec)), "consh_setup.sh").command())
                .isEqualTo("../consh_setup.sh lower ovly");
    }

    @Test
    void withoutBusyboxLayerThereIsNoCreateLowerfsEntry() {
        ContainerSpec spec = Container.named("box").noLayers().directoryLayer("prepared").build();

        assertThat(Plan.of(spec, new ScriptRenderer().render(spec)).entries()).extracting(Plan.Entry::script)
                .doesNotContain("create_lowerfs.sh");
    }

    @Test
    void textNumbersTheEntries() {
        String text = labPlan.toText();

        assertThat(text).startsWith("Plan for container consh:\n1. ../create_lowerfs.sh lower\n");
        assertThat(text).contains("\n5. ./consh_cleanup.sh ").doesNotContain("\n6. ");
        assertThat(text.indexOf("   - find busybox")).isLessThan(text.indexOf("   - install the applet links"));
    }

    @Test
    void hostileValuesAreQuotedSoTheShellReadsThemBack(@TempDir Path tmp) {
        ContainerSpec spec = HostileValues.spec();
        Plan plan = Plan.of(spec, new ScriptRenderer().render(spec));
        String setup = entry(plan, "consh_setup.sh").command();
        String cleanup = entry(plan, "consh_cleanup.sh").command();

        Shell.Result words = Shell.sh(tmp, "set -- " + setup.substring(setup.indexOf(' ')) + "; printf '%s\\0' \"$@\"");
        assertThat(words.nulSeparated()).containsExactly("-h", "hostile", "-c", "hostile_cgrp",
                HostileValues.BUSYBOX_LAYER + ":" + HostileValues.BASE_LAYER, HostileValues.OVERLAY);
        words = Shell.sh(tmp, "set -- " + cleanup.substring(cleanup.indexOf(' ')) + "; printf '%s\\0' \"$@\"");
        assertThat(words.nulSeparated()).containsExactly("-c", "hostile_cgrp", "-n", "hostile", HostileValues.WORKDIR);
        assertThat(Shell.markersUnder(tmp)).isEmpty();
    }

    private static Plan.Entry entry(Plan plan, String script) {
        return plan.entries().stream().filter(e -> e.script().equals(script)).findFirst()
                .orElseThrow(() -> new AssertionError("no plan entry for " + script));
    }

    private static List<String> stepLines(String content) {
        List<String> steps = new ArrayList<>();
        Matcher matcher = STEP_LINE.matcher(content);
        while (matcher.find()) {
            steps.add(matcher.group(1));
        }
        return steps;
    }
}
