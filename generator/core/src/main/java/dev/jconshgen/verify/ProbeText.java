package dev.jconshgen.verify;

/** How a probe shows what it received: one short line, control characters escaped. */
final class ProbeText {
    static final int MAX_SHOWN = 200;

    private ProbeText() {
    }

    static String shown(String text) {
        StringBuilder sb = new StringBuilder();
        String stripped = text.strip();
        stripped.codePoints().limit(MAX_SHOWN).forEach(c -> {
            if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return stripped.codePointCount(0, stripped.length()) > MAX_SHOWN ? sb + "..." : sb.toString();
    }
}
