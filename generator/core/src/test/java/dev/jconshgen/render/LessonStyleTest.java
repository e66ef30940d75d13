package dev.jconshgen.render;

import dev.jconshgen.model.ContainerSpec;
import dev.jconshgen.spec.YamlSpecLoader;
import dev.jconshgen.testsupport.Repo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two styles from one source (issue 14): the lesson holds the lab's promise of fewer than
 * 100 lines of code, every lesson step is a step of the robust script too and its commands are
 * there, and the robust scripts write what they share once (consh_lib.sh) without dead helpers.
 */
class LessonStyleTest {
    static final List<String> HANDOUT_SCRIPTS = List.of("create_lowerfs.sh", "consh_setup.sh", "consh_post_setup.sh",
            "consh_nw_setup.sh", "consh_nw_cleanup.sh", "consh_cleanup.sh");
    private static final Pattern FUNCTION = Pattern.compile("(?m)^([A-Za-z_][A-Za-z0-9_]*)\\(\\) \\{$");
    /** A word of shell text: no '/', '=' or quotes; a word right after '$' or '${' is a variable's name. */
    private static final Pattern WORD = Pattern.compile("(\\$\\{?)?([A-Za-z0-9_.+:-]+)");
    /** Commands a lesson step may run that its robust block does otherwise, and why. */
    private static final Map<String, String> DONE_OTHERWISE = Map.of(
            "dirname", "the robust scripts find their directory by parameter expansion, without a process (spawns.bats)",
            "cat", "the robust setup reads the AppArmor switch with the shell's read, without a process",
            "id", "the robust scripts ask for the user's id once, at the top, and keep it in $uid",
            "touch", "the robust network setup creates the netns file exclusively (set -C), so that of two runs one gets the name");
    /** Options of a lesson command that its robust block does otherwise, and why. */
    private static final Map<String, String> OPTIONS_DONE_OTHERWISE = Map.of(
            "mkdir -p", "the robust setup makes the missing levels of the cgroup's parent one by one (make_parents), to record"
                    + " each one it made for consh_cleanup.sh, where the lesson's mkdir -p makes them at once");
    private static final Set<String> SHELL_ONLY = Set.of("[", "test", "echo", "printf", "exit", "set", "unset", "shift", "break",
            "for", "while", "if", "case", "done", "fi", "esac", "!");

    static List<ContainerSpec> examples() throws IOException {
        return Repo.exampleContainers();
    }

    /** Lines that are neither blank nor comments: the lab's "lines of shell". */
    static long codeLines(String script) {
        return script.lines().filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#")).count();
    }

    @Test
    void theLabSpecsLessonScriptsAreTheHandoutsSixWithAtMostOneHundredLinesOfCode() {
        ContainerSpec lab = new YamlSpecLoader().load(Repo.labSpec()).spec();
        List<GeneratedScript> lesson = new ScriptRenderer().render(lab, Style.LESSON);

        assertThat(lesson).extracting(GeneratedScript::fileName).containsExactlyElementsOf(HANDOUT_SCRIPTS);
        Map<String, Long> perScript = new LinkedHashMap<>();
        lesson.forEach(s -> perScript.put(s.fileName(), codeLines(s.content())));
        assertThat(perScript.values().stream().mapToLong(Long::longValue).sum()).as("code lines of the lesson: %s", perScript)
                .isLessThanOrEqualTo(100);
    }

    @Test
    void codeLinesCountNeitherCommentsNorBlankLines() {
        assertThat(codeLines("#!/bin/sh\n# why\n\nset -e\n    # indented\nmount -t proc proc /proc\n")).isEqualTo(2);
    }

    @Test
    void everyLessonStepIsARobustStepOfTheSameScriptWhoseBlockHasTheLessonsCommands() throws IOException {
        List<String> missing = new ArrayList<>();
        for (ContainerSpec spec : examples()) {
            missing.addAll(lessonCommandsMissingFromRobust(new ScriptRenderer().render(spec, Style.LESSON),
                    new ScriptRenderer().render(spec, Style.ROBUST)));
        }
        assertThat(missing).as("lesson commands that their robust step does not run").isEmpty();
    }

    @Test
    void aLessonCommandTheRobustStepDoesNotRunIsFound() {
        ContainerSpec lab = new YamlSpecLoader().load(Repo.labSpec()).spec();
        List<GeneratedScript> robust = new ArrayList<>(new ScriptRenderer().render(lab, Style.ROBUST));
        // the robust post-setup without its pivot_root: the lesson's command is no longer there
        robust.replaceAll(s -> s.fileName().equals("consh_post_setup.sh")
                ? new GeneratedScript(s.fileName(), s.content().replace("pivot_root \"$CONSH_OVERLAY", "true \"$CONSH_OVERLAY"), s.steps())
                : s);

        assertThat(lessonCommandsMissingFromRobust(new ScriptRenderer().render(lab, Style.LESSON), robust))
                .containsExactly("consh_post_setup.sh, step 'pivot into the overlay root': pivot_root");
    }

    /** Each lesson step's command words that its robust step (with the consh_lib.sh functions it calls) lacks. */
    static List<String> lessonCommandsMissingFromRobust(List<GeneratedScript> lesson, List<GeneratedScript> robust) {
        Map<String, String> library = functions(robust.stream().filter(s -> s.fileName().equals("consh_lib.sh"))
                .findFirst().map(GeneratedScript::content).orElse(""));
        List<String> missing = new ArrayList<>();
        for (GeneratedScript lessonScript : lesson) {
            GeneratedScript robustScript = robust.stream().filter(s -> s.fileName().equals(lessonScript.fileName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no robust " + lessonScript.fileName()));
            for (RenderedStep step : lessonScript.steps()) {
                RenderedStep robustStep = robustScript.steps().stream().filter(s -> s.name().equals(step.name())).findFirst().orElse(null);
                if (robustStep == null) {
                    missing.add(lessonScript.fileName() + ": step '" + step.name() + "' is not in the robust script");
                    continue;
                }
                // The robust step, with the robust-only steps before it that prepare it (the
                // cleanup's checks find the cgroup directories its removal step removes).
                List<RenderedStep> robustSteps = robustScript.steps();
                int index = robustSteps.indexOf(robustStep);
                StringBuilder text = new StringBuilder(String.join("\n", robustScript.lines(robustStep)));
                Set<String> lessonSteps = new LinkedHashSet<>(lessonScript.steps().stream().map(RenderedStep::name).toList());
                for (int i = index - 1; i >= 0; i--) {
                    if (!lessonSteps.contains(robustSteps.get(i).name())) {
                        text.append('\n').append(String.join("\n", robustScript.lines(robustSteps.get(i))));
                    }
                }
                String block = withCalledFunctions(text.toString(), library);
                Set<String> robustWords = words(unquoted(code(block)));
                for (String word : commandWords(lessonScript.lines(step))) {
                    if (!robustWords.contains(word)) {
                        missing.add(lessonScript.fileName() + ", step '" + step.name() + "': " + word);
                    }
                }
            }
        }
        return missing;
    }

    /** The text with the body of every library function it calls (and those they call) appended. */
    private static String withCalledFunctions(String text, Map<String, String> library) {
        StringBuilder all = new StringBuilder(text);
        Set<String> added = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, String> function : library.entrySet()) {
                if (!added.contains(function.getKey()) && words(all.toString()).contains(function.getKey())) {
                    added.add(function.getKey());
                    all.append('\n').append(function.getValue());
                    grew = true;
                }
            }
        }
        return all.toString();
    }

    /** Every word of shell text, variables' names included ($busybox counts as busybox); messages are not shell text. */
    static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher m = WORD.matcher(code(text));
        while (m.find()) {
            words.add(m.group(2));
        }
        return words;
    }

    /**
     * The words of the commands a lesson step runs: the program and its literal arguments, not
     * variables and not messages; tests ([), echo and printf count only for the files they write.
     */
    static Set<String> commandWords(List<String> lines) {
        String text = code(String.join("\n", lines)).replace("\\\n", " ");
        // Each command substitution is a command of its own; its place holds a variable.
        List<String> commands = new ArrayList<>();
        int start;
        while ((start = text.indexOf("$(")) >= 0) {
            int end = text.indexOf(')', start);
            commands.add(text.substring(start + 2, end));
            text = text.substring(0, start) + "$SUBSTITUTION" + text.substring(end + 1);
        }
        commands.addAll(List.of(unquoted(text).split("\\n|;|&&|\\|\\||\\||(?<![^\\s])[{}](?![^\\s;])|&|\\bthen\\b|\\bdo\\b|\\belse\\b")));
        Set<String> words = new LinkedHashSet<>();
        for (String command : commands) {
            List<String> tokens = new ArrayList<>(List.of(unquoted(command).trim().split("\\s+")));
            tokens.removeIf(t -> t.isEmpty() || t.matches("[A-Za-z_][A-Za-z0-9_]*=.*"));
            if (!tokens.isEmpty() && tokens.get(0).equals("exec")) {
                tokens.remove(0);
            }
            if (tokens.isEmpty() || DONE_OTHERWISE.containsKey(tokens.get(0))) {
                continue;
            }
            boolean shellOnly = SHELL_ONLY.contains(tokens.get(0));
            for (String token : tokens) {
                if (OPTIONS_DONE_OTHERWISE.containsKey(tokens.get(0) + " " + token)) {
                    continue;
                }
                boolean redirection = token.matches("\\d*[<>].*");
                if (shellOnly && !redirection) {
                    continue;
                }
                Matcher m = WORD.matcher(token.replaceFirst("^\\d*[<>]&?", ""));
                while (m.find()) {
                    if (m.group(1) == null && !m.group(2).matches("[0-9]+")) {
                        words.add(m.group(2));
                    }
                }
            }
        }
        return words;
    }

    /**
     * The text without its quotes: a double-quoted message (it has a space) and single-quoted
     * text become a blank, other quoted text (paths with variables) stays without its quotes.
     */
    private static String unquoted(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int end = text.indexOf(c, i + 1);
                String inside = text.substring(i + 1, end < 0 ? text.length() : end);
                boolean message = c == '\'' || inside.contains(" ");
                out.append(message ? " " : inside);
                i = end < 0 ? text.length() : end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The text without comment lines. */
    private static String code(String text) {
        return String.join("\n", text.lines().filter(l -> !l.stripLeading().startsWith("#")).toList());
    }

    /** The functions a script defines: name to body (a definition at the start of a line, closed by a lone '}'). */
    static Map<String, String> functions(String script) {
        Map<String, String> functions = new LinkedHashMap<>();
        Matcher m = FUNCTION.matcher(script);
        while (m.find()) {
            int end = script.indexOf("\n}\n", m.end());
            functions.put(m.group(1), script.substring(m.end(), end < 0 ? script.length() : end));
        }
        return functions;
    }

    @Test
    void theRobustScriptsDefineEachFunctionOnceAndCallEveryOne() throws IOException {
        List<String> problems = new ArrayList<>();
        for (ContainerSpec spec : examples()) {
            problems.addAll(functionProblems(new ScriptRenderer().render(spec, Style.ROBUST)));
        }
        assertThat(problems).as("functions written twice, or defined and never called").isEmpty();
    }

    @Test
    void aDeadHelperAndAFunctionWrittenTwiceAreFound() {
        ContainerSpec lab = new YamlSpecLoader().load(Repo.labSpec()).spec();
        List<GeneratedScript> robust = new ArrayList<>(new ScriptRenderer().render(lab, Style.ROBUST));
        robust.replaceAll(s -> switch (s.fileName()) {
            case "consh_lib.sh" -> new GeneratedScript(s.fileName(), s.content() + "\nnever_called() {\n    :\n}\n");
            case "consh_nw_setup.sh" -> new GeneratedScript(s.fileName(), s.content() + "\nsay() {\n    :\n}\n");
            default -> s;
        });

        assertThat(functionProblems(robust)).containsExactlyInAnyOrder(
                "never_called (consh_lib.sh) is never called", "say is defined in consh_lib.sh and consh_nw_setup.sh");
    }

    /**
     * A function defined in two files of one directory, or defined and called nowhere. Two are
     * not shared on purpose: rollback, the hook by which each script says what to undo, and the
     * post-setup's own die and say (it runs in the container's shell, where consh_lib.sh's
     * functions would stay defined for the user).
     */
    static List<String> functionProblems(List<GeneratedScript> scripts) {
        List<String> problems = new ArrayList<>();
        Map<String, String> definedIn = new LinkedHashMap<>();
        for (GeneratedScript script : scripts) {
            for (String function : functions(script.content()).keySet()) {
                String earlier = definedIn.putIfAbsent(function, script.fileName());
                if (earlier != null && !function.equals("rollback") && !script.fileName().equals("consh_post_setup.sh")) {
                    problems.add(function + " is defined in " + earlier + " and " + script.fileName());
                }
            }
        }
        definedIn.forEach((function, file) -> {
            Pattern call = Pattern.compile("(^|[\\s;&|(!])" + function + "([\\s;&|)]|$)", Pattern.MULTILINE);
            boolean called = scripts.stream().anyMatch(s -> {
                String withoutDefinition = code(s.content()).replace(function + "() {", "");
                return call.matcher(withoutDefinition).find();
            });
            if (!called) {
                problems.add(function + " (" + file + ") is never called");
            }
        });
        return problems;
    }

    @Test
    void theLessonScriptsStandAloneAndTheRobustOnesSourceTheirLibrary() throws IOException {
        for (ContainerSpec spec : examples()) {
            for (GeneratedScript script : new ScriptRenderer().render(spec, Style.LESSON)) {
                assertThat(script.content()).as("lesson %s", script.fileName()).doesNotContain("consh_lib.sh")
                        .contains("\nset -e\n");
                assertThat(functions(script.content())).as("lesson %s defines no function", script.fileName()).isEmpty();
            }
            for (GeneratedScript script : new ScriptRenderer().render(spec, Style.ROBUST)) {
                if (!List.of("consh_lib.sh", "consh_post_setup.sh").contains(script.fileName())) {
                    assertThat(script.content()).as("robust %s", script.fileName()).contains(". \"$here/consh_lib.sh\" || exit 1");
                }
            }
        }
    }
}
