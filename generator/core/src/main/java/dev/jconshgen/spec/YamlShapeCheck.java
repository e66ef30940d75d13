package dev.jconshgen.spec;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.ReaderException;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A pass over the YAML events before the node tree is built, refusing shapes that would make
 * the loader itself misbehave. The parser is iterative, but snakeyaml-engine's composer recurses
 * once per nesting level (20,000 '[' overflow the JVM stack) and has no depth limit of its own;
 * aliases of lists or mappings are how "billion laughs" documents grow exponentially. Both get
 * an error at the line and column where the limit is crossed.
 */
final class YamlShapeCheck {
    /** The deepest a spec goes is 5 (document, rootfs, layers, a layer, busybox); 20 leaves room. */
    static final int MAX_DEPTH = 20;
    /**
     * Aliases (*x) of lists or mappings. A spec has no use for them beyond a few; the loader
     * settings carry the same limit, this check only adds the location.
     */
    static final int MAX_COLLECTION_ALIASES = 10;

    private YamlShapeCheck() {
    }

    /** The first problem found, with its 1-based line and column, or empty. */
    static Optional<SpecError> check(String file, String text, LoadSettings settings) {
        int depth = 0;
        int collectionAliases = 0;
        Set<String> collectionAnchors = new HashSet<>();
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                if (event instanceof CollectionStartEvent start) {
                    depth++;
                    start.getAnchor().ifPresent(anchor -> collectionAnchors.add(anchor.getValue()));
                    if (depth > MAX_DEPTH) {
                        return Optional.of(at(file, event, "nested deeper than " + MAX_DEPTH
                                + " levels of lists and mappings (a spec needs at most 5)"));
                    }
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                } else if (event instanceof AliasEvent alias && collectionAnchors.contains(anchorOf(alias))
                        && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                    return Optional.of(at(file, event, "more than " + MAX_COLLECTION_ALIASES
                            + " aliases (*name) of lists or mappings: refused, a document like this can expand"
                            + " exponentially (\"billion laughs\"); write the values out instead"));
                }
            }
        } catch (ReaderException e) {
            return Optional.of(readerError(file, text, e));
        }
        // Syntax errors are left to the composer, which reports them the same way as before.
        catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String anchorOf(AliasEvent alias) {
        return alias.getAlias().getValue();
    }

    /** A character YAML does not allow (NUL, most control characters): located in the text. */
    static SpecError readerError(String file, String text, ReaderException e) {
        int codePoints = Math.max(0, Math.min(e.getPosition(), text.codePointCount(0, text.length())));
        String before = text.substring(0, text.offsetByCodePoints(0, codePoints));
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        String lastLine = before.substring(before.lastIndexOf('\n') + 1);
        int column = lastLine.codePointCount(0, lastLine.length()) + 1;
        return new SpecError(file, line, column, "", String.format(
                "not valid YAML: the character U+%04X is not allowed in a YAML file (a binary file?)", e.getCodePoint()));
    }

    private static SpecError at(String file, Event event, String message) {
        Mark mark = event.getStartMark().orElse(null);
        return new SpecError(file, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1, "", message);
    }
}
