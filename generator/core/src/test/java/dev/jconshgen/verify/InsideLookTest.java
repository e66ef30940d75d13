package dev.jconshgen.verify;

import dev.jconshgen.run.Command;
import dev.jconshgen.run.ExecResult;
import dev.jconshgen.run.ProcessRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InsideLookTest {

    /** What nsenter would run inside, run here with the host's sh. */
    private static Map<String, InsideLook.Answer> look(Map<String, String> snippets) {
        ExecResult result = new ProcessRunner().run(Command.of(Duration.ofSeconds(10), "sh", "-c", InsideLook.script(snippets)));
        return InsideLook.answers(List.copyOf(snippets.keySet()), result);
    }

    @Test
    void eachLookGetsItsOwnOutputAndStatusAsIfRunAlone() {
        Map<String, String> snippets = new LinkedHashMap<>();
        snippets.put("lines", "echo one; echo two");
        snippets.put("fails", "echo 'cat: /MANIFEST: No such file' >&2; false");
        snippets.put("unterminated", "printf 'no newline'");
        snippets.put("empty", "true");

        Map<String, InsideLook.Answer> answers = look(snippets);

        assertThat(answers).containsExactly(
                Map.entry("lines", new InsideLook.Answer(true, "one\ntwo\n")),
                Map.entry("fails", new InsideLook.Answer(false, "cat: /MANIFEST: No such file\n")),
                Map.entry("unterminated", new InsideLook.Answer(true, "no newline")),
                Map.entry("empty", new InsideLook.Answer(true, "")));
    }

    @Test
    void aLookThatPrintsTheSeparatorTextCannotEndAnotherLook() {
        Map<String, String> snippets = new LinkedHashMap<>();
        snippets.put("a", "echo 'jconshgen-look b 0'");
        snippets.put("b", "false");
        assertThat(look(snippets).get("b").ok()).isFalse();
    }

    @Test
    void failingToEnterTheContainerIsEveryLooksAnswer() {
        ExecResult refused = new ExecResult(Command.of(Duration.ofSeconds(1), "nsenter"), 1, "",
                "nsenter: cannot open /proc/42/ns/mnt: No such file or directory\n", Duration.ZERO, false);
        Map<String, InsideLook.Answer> answers = InsideLook.answers(List.of("manifest", "hostname"), refused);
        assertThat(answers.values()).containsOnly(new InsideLook.Answer(false, "nsenter: cannot open /proc/42/ns/mnt: No such file or directory"));
    }
}
