package dev.jconshgen.apply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupParentsTest {
    @TempDir
    Path root;

    @Test
    void whatIsMissingAboveEachCgroupDeepestFirstEachOnce() throws IOException {
        Files.createDirectories(root.resolve("unified/existing"));
        Files.createDirectories(root.resolve("pids"));
        List<Path> missing = CgroupParents.missing(List.of(
                root.resolve("unified/existing/a/b/c_cg"), root.resolve("pids/existing/a/b/c_cg"), root.resolve("unified/existing/a/other_cg")));
        assertThat(missing).containsExactly(
                root.resolve("pids/existing/a/b"), root.resolve("unified/existing/a/b"),
                root.resolve("pids/existing/a"), root.resolve("unified/existing/a"),
                root.resolve("pids/existing"));
        assertThat(CgroupParents.missing(List.of(root.resolve("unified/existing/c_cg")))).isEmpty();
    }

    @Test
    void removesOnlyWhatNoOtherCgroupIsInAndSaysWhatIsLeft() throws IOException {
        Path parent = root.resolve("p");
        Path deeper = parent.resolve("deeper");
        Path busy = root.resolve("busy");
        Files.createDirectories(deeper);
        Files.createDirectories(busy.resolve("somebody_else_cg"));
        List<Path> recorded = List.of(deeper, busy, parent, root.resolve("gone"));
        // p holds deeper, a cgroup: it counts once deeper is gone
        assertThat(CgroupParents.leftOver(recorded)).containsExactly(deeper);
        assertThat(CgroupParents.remove(recorded)).isEmpty();
        assertThat(parent).doesNotExist();
        assertThat(busy.resolve("somebody_else_cg")).isDirectory();
        assertThat(CgroupParents.leftOver(recorded)).isEmpty();
    }
}
