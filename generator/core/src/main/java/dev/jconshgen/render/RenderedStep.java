package dev.jconshgen.render;

import java.util.List;

/**
 * One step of a rendered script, as its template declares it ({@code <@step name=... why=... man=...
 * guards=...>}) and where the renderer wrote it: lines {@code firstLine..lastLine} of the file,
 * counted from 1, comment and code. Plan and explain read steps from here, never from the text.
 *
 * @param why      a sentence: what the step does and why (the lesson shows it as the step's comment)
 * @param manPages references like {@code unshare(1)}
 * @param guards   a sentence: what the robust block adds to the lesson's commands
 */
public record RenderedStep(String name, String why, List<String> manPages, String guards, int firstLine, int lastLine) {
    public RenderedStep {
        manPages = List.copyOf(manPages);
    }
}
