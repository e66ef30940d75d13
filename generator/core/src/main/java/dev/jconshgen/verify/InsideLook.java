package dev.jconshgen.verify;

import dev.jconshgen.run.ExecResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several looks inside the container with one nsenter instead of one each: every look is a
 * named shell snippet run by the container's own sh, and comes back with its own output (stdout
 * and stderr) and exit status, as if it had been run alone. A failure to enter the container at
 * all is every look's answer.
 */
final class InsideLook {
    /** Ends each look's output: a record separator no look prints, then its name and exit status. */
    static final String END = "\u001ejconshgen-look ";

    /** One look's outcome. */
    record Answer(boolean ok, String output) {
    }

    private InsideLook() {
    }

    /** The sh -c script: each snippet in a group of its own, its output and status after it. */
    static String script(Map<String, String> snippets) {
        StringBuilder script = new StringBuilder();
        for (Map.Entry<String, String> look : snippets.entrySet()) {
            script.append("{ ").append(look.getValue()).append("\n} 2>&1\n")
                    .append("printf '\\n").append("\\036jconshgen-look ").append(look.getKey()).append(" %s\\n' $?\n");
        }
        return script.toString();
    }

    /** Each look's answer from the script's result, in the order given. */
    static Map<String, Answer> answers(List<String> names, ExecResult result) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        String out = result.stdout();
        int from = 0;
        for (String name : names) {
            int end = out.indexOf("\n" + END + name + " ", from);
            if (end < 0) {
                // The script never got here: nsenter or the shell failed, and says why.
                String why = (result.stderr() + out.substring(Math.min(from, out.length()))).strip();
                answers.put(name, new Answer(false, why.isEmpty() ? "exit code " + result.exitCode() : why));
                continue;
            }
            int statusStart = end + 1 + END.length() + name.length() + 1;
            int lineEnd = out.indexOf('\n', statusStart);
            String status = out.substring(statusStart, lineEnd < 0 ? out.length() : lineEnd).strip();
            answers.put(name, new Answer(status.equals("0"), out.substring(from, end)));
            from = lineEnd < 0 ? out.length() : lineEnd + 1;
        }
        return answers;
    }
}
