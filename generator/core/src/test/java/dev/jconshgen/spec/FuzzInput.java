package dev.jconshgen.spec;

/**
 * A fuzz case's input as a failure message shows it: a Java string literal, one line of the
 * input per line of the literal, so that it can be pasted into a regression test. A line longer
 * than {@link #MAX_COLUMNS} shows its start and how much more it has (the seed and the case's
 * index make the whole input again).
 */
final class FuzzInput {
    static final int MAX_COLUMNS = 200;

    private FuzzInput() {
    }

    /** Text: printable ASCII as it is, every other UTF-16 char as \\uXXXX (lone surrogates too). */
    static String javaLiteral(String text) {
        StringBuilder literal = new StringBuilder("\"");
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                literal.append("\\n\"\n    + \"");
                column = 0;
            } else if (++column == MAX_COLUMNS) {
                literal.append(moreOnTheLine(text.indexOf('\n', i) < 0 ? text.length() - i : text.indexOf('\n', i) - i, "chars"));
            } else if (column < MAX_COLUMNS) {
                literal.append(switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '\t' -> "\\t";
                    default -> c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
                });
            }
        }
        return literal.append('"').toString();
    }

    /** A file's bytes: printable ASCII as it is, every other byte as \\xNN. */
    static String bytesLiteral(byte[] bytes) {
        StringBuilder literal = new StringBuilder("bytes \"");
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\n') {
                literal.append("\\n\"\n    + \"");
                column = 0;
            } else if (++column == MAX_COLUMNS) {
                int end = i;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                literal.append(moreOnTheLine(end - i, "bytes"));
            } else if (column < MAX_COLUMNS) {
                literal.append(b >= 0x20 && b < 0x7f && b != '"' && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
        }
        return literal.append('"').toString();
    }

    /**
     * Any other text of a failure message (an exception's message, a spec's toString) with every
     * char but printable ASCII, tabs and new lines as \\uXXXX: surefire cuts a report at a NUL.
     */
    static String escaped(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(c == '\n' || c == '\t' || c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return escaped.toString();
    }

    private static String moreOnTheLine(int count, String unit) {
        return "\" /* and " + count + " more " + unit + " on this line */ + \"";
    }
}
