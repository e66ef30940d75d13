package dev.jconshgen.spec;

import java.util.List;
import java.util.Random;

/**
 * A YAML node tree that the fuzz test builds and writes out as text, each collection in block or
 * flow style at random. Scalars carry their text as it is to be written (quoted, escaped, tagged
 * or not), so that a generator can write anything, including YAML that is not valid: this is
 * enough YAML to build hostile documents, not a YAML library.
 */
sealed interface YamlTree {

    /** A scalar, an alias ({@code *a1}) or any other text, written exactly as given. */
    record Scalar(String text) implements YamlTree {
    }

    record Sequence(List<YamlTree> items) implements YamlTree {
    }

    record Mapping(List<Entry> entries) implements YamlTree {
    }

    record Entry(YamlTree key, YamlTree value) {
    }

    /** A node with an anchor ({@code &a1}) or a tag ({@code !!map}) in front of it. */
    record Decorated(String property, YamlTree node) implements YamlTree {
    }

    /** The document's text; {@code random} decides the style of every collection. */
    static String write(YamlTree root, Random random) {
        StringBuilder out = new StringBuilder();
        if (root instanceof Mapping || root instanceof Sequence) {
            Writer writer = new Writer(random, out);
            if (random.nextInt(10) == 0) {
                out.append(writer.flow(root)).append('\n');
            } else {
                writer.block(root, 0);
            }
        } else {
            out.append(new Writer(random, out).flow(root)).append('\n');
        }
        return out.toString();
    }

    /** Writes block collections line by line at an indentation, and flow collections on one line. */
    final class Writer {
        private final Random random;
        private final StringBuilder out;

        private Writer(Random random, StringBuilder out) {
            this.random = random;
            this.out = out;
        }

        /** A block collection's lines, each starting with {@code indent} spaces. */
        private void block(YamlTree node, int indent) {
            String pad = " ".repeat(indent);
            if (node instanceof Mapping mapping) {
                // A space before ':' keeps an alias key from swallowing it: '*a1:' names the anchor "a1:".
                for (Entry entry : mapping.entries()) {
                    if (entry.key() instanceof Scalar key) {
                        out.append(pad).append(key.text()).append(key.text().startsWith("*") ? " :" : ":");
                        value(entry.value(), indent);
                    } else {
                        // A list or mapping as a key: the explicit "? key" form.
                        out.append(pad).append("? ").append(flow(entry.key())).append('\n').append(pad).append(':');
                        value(entry.value(), indent);
                    }
                }
            } else if (node instanceof Sequence sequence) {
                for (YamlTree item : sequence.items()) {
                    if (isNonEmptyCollection(item) && random.nextBoolean()) {
                        // The compact form "- key: value" (or "- - item"): the item's first line
                        // takes the place of the dash's.
                        int start = out.length();
                        block(item, indent + 2);
                        out.replace(start, start + indent + 2, pad + "- ");
                    } else {
                        out.append(pad).append('-');
                        value(item, indent);
                    }
                }
            }
        }

        /** What follows "key:" or "-": a scalar or flow collection on the line, or a block below it. */
        private void value(YamlTree node, int indent) {
            YamlTree bare = node instanceof Decorated decorated ? decorated.node() : node;
            if (isNonEmptyCollection(bare) && random.nextInt(4) != 0) {
                if (node instanceof Decorated decorated) {
                    out.append(' ').append(decorated.property());
                }
                out.append('\n');
                block(bare, indent + 2);
            } else {
                out.append(' ').append(flow(node)).append('\n');
            }
        }

        private String flow(YamlTree node) {
            if (node instanceof Scalar scalar) {
                return scalar.text();
            }
            if (node instanceof Decorated decorated) {
                return decorated.property() + " " + flow(decorated.node());
            }
            StringBuilder text = new StringBuilder();
            if (node instanceof Sequence sequence) {
                text.append('[');
                for (int i = 0; i < sequence.items().size(); i++) {
                    text.append(i == 0 ? "" : ", ").append(flow(sequence.items().get(i)));
                }
                return text.append(']').toString();
            }
            List<Entry> entries = ((Mapping) node).entries();
            text.append('{');
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                String key = entry.key() instanceof Scalar scalar ? scalar.text() : "? " + flow(entry.key());
                text.append(i == 0 ? "" : ", ").append(key).append(key.startsWith("*") ? " : " : ": ").append(flow(entry.value()));
            }
            return text.append('}').toString();
        }

        private static boolean isNonEmptyCollection(YamlTree node) {
            return node instanceof Mapping mapping && !mapping.entries().isEmpty()
                    || node instanceof Sequence sequence && !sequence.items().isEmpty();
        }
    }
}
