package dev.jconshgen.cli;

import java.util.Map;

/**
 * Colour for the words people scan for (OK, FAILED, PASS, FAIL, SKIP). Only on a terminal, and
 * never when NO_COLOR is set (https://no-color.org), not even with --color=always: a pipeline
 * or a log file gets plain text.
 */
record Style(boolean colour) {
    static final Style PLAIN = new Style(false);

    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";

    enum ColourMode { auto, always, never }

    static Style detect(ColourMode mode, Map<String, String> env, boolean terminal) {
        if (!env.getOrDefault("NO_COLOR", "").isEmpty()) {
            return PLAIN;
        }
        return switch (mode) {
            case always -> new Style(true);
            case never -> PLAIN;
            case auto -> new Style(terminal && !"dumb".equals(env.get("TERM")));
        };
    }

    String good(String text) {
        return paint(GREEN, text);
    }

    String bad(String text) {
        return paint(RED, text);
    }

    String note(String text) {
        return paint(YELLOW, text);
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
