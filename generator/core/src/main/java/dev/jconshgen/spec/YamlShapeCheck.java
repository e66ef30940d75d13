package dev.jconshgen.spec;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

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

    /** The settings of every pass over a spec's text: this check's, and composing its nodes. */
    static LoadSettings settings(String file, String text) {
        return LoadSettings.builder().setLabel(file)
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(SpecFileReader.MAX_BYTES)
                // snakeyaml-engine 2.9 reads the text in windows of bufferSize + 1 chars and throws
                // an IndexOutOfBoundsException when a window ends inside a surrogate pair (an emoji
                // at char 1024, 2049, ...; fixed in later releases). One window for the whole text,
                // at most MAX_BYTES chars, never ends inside one.
                .setBufferSize(text.length() + 1)
                .build();
    }

    /** The first problem found, with its 1-based line and column, or empty. */
    static Optional<SpecError> check(String file, String text, LoadSettings settings) {
        int depth = 0;
        int collectionAliases = 0;
        Set<String> collectionAnchors = new HashSet<>();
        // The reader, not only the parser: where it stopped locates a failure the parser cannot.
        StreamReader reader = new StreamReader(settings, text);
        try {
            Parser parser = new ParserImpl(settings, reader);
            while (parser.hasNext()) {
                Event event = parser.next();
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
        catch (YamlEngineException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(libraryFailure(file, reader, e));
        }
        return Optional.empty();
    }

    /**
     * The YAML library failed on the text with a plain Java exception instead of its own located
     * error: snakeyaml-engine 2.9 turns a double-quoted "\U80000000" (8 hex digits above 7FFFFFFF)
     * into a NumberFormatException. The reader stopped where the problem is; the user gets that
     * place rather than an internal error.
     */
    private static SpecError libraryFailure(String file, StreamReader reader, RuntimeException e) {
        String message = e instanceof NumberFormatException
                ? "not valid YAML: an escape sequence here names no Unicode character (\\U takes 8 hex digits up to \\U0010FFFF)"
                : "not valid YAML: the YAML reader cannot read the text here (check the quoting and escapes of this value)";
        return new SpecError(file, reader.getLine() + 1, reader.getColumn() + 1, "", message);
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
