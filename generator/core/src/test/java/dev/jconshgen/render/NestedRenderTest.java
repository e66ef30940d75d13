package dev.jconshgen.render;

import dev.jconshgen.diagram.DotWriter;
import dev.jconshgen.diagram.Topology;
import dev.jconshgen.dsl.Container;
import dev.jconshgen.dsl.Lab;
import dev.jconshgen.model.LabSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member inside another: its three scripts (the setup and cleanup run inside the outer container,
 * the usual post-setup), busybox's unshare options, its work directory on a tmpfs, its place in
 * the plan (after its outer, cleaned up before it) and in the diagram.
 */
class NestedRenderTest {
    static final LabSpec LAB = Lab.named("nest").bridge("nestbr0").address("10.0.20.1/24")
            .container(Container.named("outer")).container(Container.named("inner").inside("outer").hostname("inner-host")).build();

    @Test
    void anInnerMemberGetsItsSetupPostSetupAndCleanupInBothStyles() {
        for (Style style : Style.values()) {
            LabRenderer.LabScripts scripts = new LabRenderer().render(LAB, style);
            var inner = scripts.members().get("inner");
            assertThat(inner).extracting(GeneratedScript::fileName).as(style.toString()).containsExactlyElementsOf(style == Style.ROBUST
                    ? java.util.List.of("consh_lib.sh", "consh_inner_setup.sh", "consh_post_setup.sh", "consh_inner_cleanup.sh")
                    : java.util.List.of("consh_inner_setup.sh", "consh_post_setup.sh", "consh_inner_cleanup.sh"));
            String setup = inner.stream().filter(s -> s.fileName().equals("consh_inner_setup.sh")).findFirst().orElseThrow().content();
            // busybox's unshare: -r maps root, -f forks, and there is no cgroup namespace to ask for
            assertThat(setup).contains("unshare --user -r --pid --mount --net --ipc --uts -f").doesNotContain("--cgroup")
                    .contains("workdir='/nested/inner'").contains("mount -t tmpfs").contains("cp /bin/busybox");
            // the outer member keeps a container's scripts
            assertThat(scripts.members().get("outer")).extracting(GeneratedScript::fileName).contains("consh_setup.sh", "consh_nw_setup.sh");
        }
    }

    @Test
    void thePlanRunsTheInnerSetupInsideTheOuterAndItsCleanupFirst() {
        String plan = LabPlan.toText(LAB, new LabRenderer().render(LAB, Style.LESSON), Style.LESSON);
        assertThat(plan).contains("container inner (its scripts in inner/, inside outer):")
                .contains("sh /consh/inner/consh_inner_setup.sh\n")
                .contains("tar -C inner -cf - . | nsenter -t PID -a sh -c 'mkdir -p /consh/inner && tar -C /consh/inner -xf -'")
                .doesNotContain("/proc/PID/root");
        int innerCleanup = plan.indexOf("sh /consh/inner/consh_inner_cleanup.sh");
        int outerSetup = plan.indexOf("../consh_setup.sh -v -h outer");
        int innerSetup = plan.indexOf("sh /consh/inner/consh_inner_setup.sh");
        assertThat(List.of(innerCleanup, outerSetup, innerSetup)).as("each is in the plan").allMatch(i -> i >= 0);
        assertThat(innerCleanup).isLessThan(plan.indexOf("./consh_cleanup.sh outer"));
        assertThat(outerSetup).isLessThan(innerSetup);
    }

    @Test
    void theDiagramPutsTheInnerMembersLayersOnItsTmpfsInTheOuter() {
        String dot = DotWriter.write(Topology.of(LAB));
        assertThat(dot).contains("container inner, inside outer (hostname inner-host)").contains("/nested/inner/lower (a tmpfs in outer)")
                .contains("upperdir /nested/inner/ovly/upper");
    }
}
