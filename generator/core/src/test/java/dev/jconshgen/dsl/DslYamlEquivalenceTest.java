package dev.jconshgen.dsl;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.render.GeneratedScript;
import dev.jconshgen.render.ScriptRenderer;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jconshgen.model.Namespace.MOUNT;
import static dev.jconshgen.model.Namespace.NET;
import static dev.jconshgen.model.Namespace.USER;
import static dev.jconshgen.model.Namespace.UTS;
import static org.assertj.core.api.Assertions.assertThat;

/** A spec written in Java and the same spec written in YAML give byte-identical scripts. */
class DslYamlEquivalenceTest {

    private final ScriptRenderer renderer = new ScriptRenderer();

    @Test
    void labContainer() {
        ContainerSpec java = Container.named("consh")
                .hostname("consh-host")
                .workdir("demo")
                .busyboxLayer("lower")
                .overlay("ovly")
                .cgroup(c -> c.name("consh_cgrp").parent("auto"))
                .network(n -> n.netns("consh").hostAddress("10.0.0.1/24").containerAddress("10.0.0.2/24"))
                .build();
        ContainerSpec yaml = new YamlSpecLoader().load(Repo.labSpec()).spec();

        assertSameScripts(java, yaml);
    }

    @Test
    void nonDefaultContainer() {
        ContainerSpec java = Container.named("web")
                .hostname("web.example")
                .workdir("sites/web")
                .namespaces(USER, MOUNT, UTS, NET)
                .directoryLayer("base")
                .busyboxLayer("tools")
                .overlay("state/ovl")
                .cgroup(c -> c.name("web/main").parent("apps").pidsMax(64).memoryMax(256L * 1024 * 1024))
                .network(n -> n.netns("webnet").hostAddress("192.168.7.9/28").containerAddress("192.168.7.10/28"))
                .build();
        ContainerSpec yaml = new YamlSpecLoader().parse("web.yaml", """
                apiVersion: jconshgen/v1
                kind: Container
                name: web
                hostname: web.example
                workdir: sites/web
                rootfs:
                  layers:
                    - directory: {dir: base}
                    - busybox: {dir: tools}
                  overlay: state/ovl
                namespaces: [net, uts, mount, user]
                cgroup:
                  name: web/main
                  parent: apps
                  limits: {pids: 64, memory: 256M}
                network: {netns: webnet, hostAddress: 192.168.7.9/28, containerAddress: 192.168.7.10/28}
                """);

        List<GeneratedScript> scripts = assertSameScripts(java, yaml);
        // Guard against comparing two renderings of the defaults: the values did reach the scripts.
        String setup = scripts.stream().filter(s -> s.fileName().equals("consh_setup.sh")).findFirst().orElseThrow().content();
        assertThat(setup).contains("lower='tools:base'", "cgroup='web/main'", "pids_max='64'", "memory_max='268435456'")
                .contains("--user --map-root-user --mount --net --uts --fork")
                .doesNotContain("--pid", "--ipc", "--cgroup");
    }

    @Test
    void defaultsOfBothFrontEndsAreTheSameSpec() {
        assertThat(Container.named("box").build()).isEqualTo(new YamlSpecLoader().parse("box.yaml", "name: box\n"));
    }

    private List<GeneratedScript> assertSameScripts(ContainerSpec java, ContainerSpec yaml) {
        List<GeneratedScript> fromJava = renderer.render(java);
        List<GeneratedScript> fromYaml = renderer.render(yaml);

        assertThat(fromJava).extracting(GeneratedScript::fileName).containsExactly(
                "consh_lib.sh", "create_lowerfs.sh", "consh_setup.sh", "consh_post_setup.sh",
                "consh_nw_setup.sh", "consh_nw_cleanup.sh", "consh_cleanup.sh");
        for (int i = 0; i < fromJava.size(); i++) {
            assertThat(fromJava.get(i).content())
                    .as(fromJava.get(i).fileName())
                    .isEqualTo(fromYaml.get(i).content());
        }
        assertThat(fromJava).isEqualTo(fromYaml);
        return fromJava;
    }
}
