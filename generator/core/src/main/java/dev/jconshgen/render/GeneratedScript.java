package dev.jconshgen.render;

import java.util.List;

/**
 * One rendered script: its file name, its full text, and its steps in the order the file has
 * them (empty for a file without steps, such as consh_lib.sh).
 */
public record GeneratedScript(String fileName, String content, List<RenderedStep> steps) {
    public GeneratedScript {
        steps = List.copyOf(steps);
    }

    public GeneratedScript(String fileName, String content) {
        this(fileName, content, List.of());
    }

    /** The lines of one of this script's steps (see {@link RenderedStep#firstLine()}). */
    public List<String> lines(RenderedStep step) {
        return content.lines().toList().subList(step.firstLine() - 1, step.lastLine());
    }
}
