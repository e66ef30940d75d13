package dev.jconshgen.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rendered script cut into its steps: each {@code step='...'} line starts a step, which runs
 * to the line before the next step of the same scope (the top level, or one shell function) or to
 * the end of that scope. Line numbers are those of the script file, counted from 1.
 */
record ScriptSteps(List<String> lines, List<Block> blocks) {
    private static final Pattern STEP = Pattern.compile("^\\s*step='([^']*)'");
    private static final Pattern FUNCTION_START = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*\\(\\) \\{$");

    /** Lines {@code first..last} (1-based, inclusive) of one step. */
    record Block(String step, int first, int last) {
    }

    static ScriptSteps of(String content) {
        List<String> lines = content.lines().toList();
        List<Block> blocks = new ArrayList<>();
        String open = null;
        int openLine = 0;
        boolean inFunction = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            boolean functionStart = !inFunction && FUNCTION_START.matcher(line).matches();
            boolean functionEnd = inFunction && line.equals("}");
            Matcher step = STEP.matcher(line);
            if (open != null && (functionStart || functionEnd || step.find())) {
                blocks.add(new Block(open, openLine, lastCode(lines, openLine, number - 1)));
                open = null;
            }
            if (functionStart) {
                inFunction = true;
            } else if (functionEnd) {
                inFunction = false;
            }
            step.reset();
            if (step.find() && !step.group(1).equals("start")) {
                open = step.group(1);
                openLine = number;
            }
        }
        if (open != null) {
            blocks.add(new Block(open, openLine, lastCode(lines, openLine, lines.size())));
        }
        return new ScriptSteps(lines, List.copyOf(blocks));
    }

    /** The first block of that step: where the script's top level (or the function it calls) runs it. */
    Optional<Block> block(String step) {
        return blocks.stream().filter(b -> b.step().equals(step)).findFirst();
    }

    List<String> text(Block block) {
        return lines.subList(block.first() - 1, block.last());
    }

    /** Trailing blank and comment lines belong to what follows, not to this step. */
    private static int lastCode(List<String> lines, int first, int last) {
        int end = last;
        while (end > first && (lines.get(end - 1).isBlank() || lines.get(end - 1).stripLeading().startsWith("#"))) {
            end--;
        }
        return end;
    }
}
