package dev.jconshgen.cli;

import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** plan prints the scripts in run order with their steps. */
class PlanCommandTest {

    @Test
    void printsTheOrderedSteps() {
        Cli.Run run = Cli.run("plan", Repo.labSpec().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Plan for container consh:\n")
                .containsSubsequence("1. ../create_lowerfs.sh lower", "2. ../consh_setup.sh ", "3. consh_post_setup.sh (automatic)",
                        "4. ./consh_nw_setup.sh PID consh 10.0.0.1/24 10.0.0.2/24", "5. ./consh_cleanup.sh ")
                .containsSubsequence("- copy busybox", "- check the preconditions", "- mount the overlay root",
                        "- drop the old root", "- create the veth pair", "- remove the cgroup", "- remove the work directory");
    }

    @Test
    void theLessonsPlanIsTheHandoutsCommandsAndStepsWithoutTheRobustChecks() {
        Cli.Run run = Cli.run("plan", "--style", "lesson", Repo.labSpec().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence("1. ../create_lowerfs.sh lower", "2. ../consh_setup.sh -v -h consh-host -c consh_cgrp lower ovly",
                        "4. ./consh_nw_setup.sh $(pidof busybox) consh 10.0.0.1/24 10.0.0.2/24", "5. ./consh_cleanup.sh -c consh_cgrp demo")
                .containsSubsequence("- create and join the cgroup", "- start the container shell", "- mount the overlay root",
                        "- remove the network", "- remove the cgroup", "- remove the work directory")
                .doesNotContain("- start the detached container", "- wait for the container", "- check what to remove",
                        "- write the README", "- check the arguments");
    }

    @Test
    void planReachesAStreamBackedWriter() {
        // picocli's default out is a PrintWriter over System.out that only flushes on println;
        // System.exit does not flush it, so output that is print()ed without a flush is lost.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));

        assertThat(commandLine.execute("plan", Repo.labSpec().toString())).isZero();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("Plan for container consh:").contains("5. ");
    }

    @Test
    void invalidSpec(@TempDir Path tmp) throws IOException {
        String networkLine = "network: {netns: a-much-too-long-name}";
        Path spec = Files.writeString(tmp.resolve("bad.yaml"), "name: box\n" + networkLine + "\n");

        Cli.Run run = Cli.run("plan", spec.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(spec + ":2:" + (networkLine.indexOf("a-much") + 1) + ": network.netns: ");
    }
}
