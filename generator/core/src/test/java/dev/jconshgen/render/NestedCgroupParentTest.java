package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.spec.YamlSpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A nested cgroup parent (a/b/c) on cgroup v2: every level that 'mkdir -p' made must pass a limit's
 * controller on to its children before the parent can enable it for the container's cgroup.
 */
class NestedCgroupParentTest {
    @TempDir
    Path dir;

    private String lessonSetup(String parent) throws IOException {
        Path spec = dir.resolve("n.yaml");
        Files.writeString(spec, "name: n\ncgroup: {name: n_cg, parent: " + parent + ", limits: {pids: 16}}\n");
        ContainerSpec loaded = new YamlSpecLoader().load(spec).spec();
        return new ScriptRenderer().render(loaded, Style.LESSON).stream()
                .filter(s -> s.fileName().equals("consh_setup.sh")).findFirst().orElseThrow().content();
    }

    @Test
    void theLevelsAboveTheParentAreListedFromTheTop() {
        assertThat(RenderModel.levelsAbove("a/b/c")).containsExactly("a", "a/b");
        assertThat(RenderModel.levelsAbove("a")).isEmpty();
        assertThat(RenderModel.levelsAbove("auto")).isEmpty();
        assertThat(RenderModel.levelsAbove("")).isEmpty();
    }

    @Test
    void theLessonEnablesTheControllersOnEveryLevelOfANestedParentFromTheTop() throws IOException {
        String setup = lessonSetup("a/b/c");
        String enable = "\n        echo '+pids' >\"$root/$level/cgroup.subtree_control\"\n";
        int first = setup.indexOf("level='a'" + enable);
        int second = setup.indexOf("level='a/b'" + enable);
        int parent = setup.indexOf("echo '+pids' >\"$parent/cgroup.subtree_control\"");
        assertThat(first).as(setup).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(parent).isGreaterThan(second);
    }

    @Test
    void aParentOfOneLevelNeedsNoMoreThanItsOwnLine() throws IOException {
        String setup = lessonSetup("solo");
        assertThat(setup).contains("echo '+pids' >\"$parent/cgroup.subtree_control\"").doesNotContain("level=");
    }
}
