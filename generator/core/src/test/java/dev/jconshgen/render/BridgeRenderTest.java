package dev.jconshgen.render;

import dev.jconshgen.dsl.Container;
import dev.jconshgen.model.ContainerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A bridged spec gets the two bridge scripts and its values as quoted defaults; others do not. */
class BridgeRenderTest {
    private final ScriptRenderer renderer = new ScriptRenderer();

    private static ContainerSpec bridged() {
        return Container.named("bbr-a").workdir("bbr-a")
                .network(n -> n.bridge("bbr0").hostAddress("10.231.150.1/24").containerAddress("10.231.150.11/24").defaultRoute(true))
                .build();
    }

    private static String script(List<GeneratedScript> scripts, String name) {
        return scripts.stream().filter(s -> s.fileName().equals(name)).findFirst().orElseThrow().content();
    }

    @Test
    void aBridgedSpecHasTheBridgeScriptsInTheOrderTheyRun() {
        List<String> names = renderer.render(bridged()).stream().map(GeneratedScript::fileName).toList();

        assertThat(names).containsExactly("consh_lib.sh", "create_lowerfs.sh", "consh_setup.sh", "consh_post_setup.sh", "consh_bridge_setup.sh",
                "consh_nw_setup.sh", "consh_nw_cleanup.sh", "consh_cleanup.sh", "consh_bridge_cleanup.sh");
    }

    @Test
    void theValuesAreQuotedDefaults() {
        List<GeneratedScript> scripts = renderer.render(bridged());

        assertThat(script(scripts, "consh_bridge_setup.sh")).contains("\nbridge='bbr0'\naddress='10.231.150.1/24'\n");
        assertThat(script(scripts, "consh_bridge_cleanup.sh")).contains("\nbridge='bbr0'\n");
        assertThat(script(scripts, "consh_nw_setup.sh")).contains("\nbridge='bbr0'\ndefault_route='yes'\n");
    }

    @Test
    void aSpecWithoutABridgeKeepsItsSixScriptsAndAPlainVethPair() {
        List<GeneratedScript> scripts = renderer.render(Container.named("box").workdir("box").network(n -> n).build());

        assertThat(scripts).hasSize(7).noneMatch(s -> s.fileName().startsWith("consh_bridge_"));
        assertThat(script(scripts, "consh_nw_setup.sh")).contains("\nbridge=''\ndefault_route=''\n");
    }

    @Test
    void thePlanMakesTheBridgeFirstJoinsItAndRemovesItLast() {
        ContainerSpec spec = bridged();
        Plan plan = Plan.of(spec, renderer.render(spec));

        assertThat(plan.entries()).extracting(Plan.Entry::command).containsExactly(
                "../create_lowerfs.sh lower",
                "../consh_setup.sh -h bbr-a lower ovly",
                "consh_post_setup.sh (automatic)",
                "./consh_bridge_setup.sh bbr0 10.231.150.1/24",
                "./consh_nw_setup.sh -b bbr0 -g PID bbr-a 10.231.150.1/24 10.231.150.11/24",
                "./consh_cleanup.sh -c '' -n bbr-a bbr-a",
                "./consh_bridge_cleanup.sh bbr0");
        assertThat(plan.entries().get(3).steps()).containsExactly("check the arguments", "check the address", "create the bridge");
        assertThat(plan.entries().get(6).steps()).containsExactly("remove the bridge");
    }
}
