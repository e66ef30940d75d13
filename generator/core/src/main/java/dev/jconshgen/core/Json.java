package dev.jconshgen.core;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for the --json reports and the OCI bundle's config.json: maps (in their
 * order), lists, strings, numbers, booleans. Deterministic: the same value gives the same text.
 */
public final class Json {
    private Json() {
    }

    /** On one line. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, -1);
        return sb.toString();
    }

    /** Indented by two spaces per level, with a final newline: for files people read. */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, 0);
        return sb.append('\n').toString();
    }

    /** @param depth the nesting level when indenting, -1 for one line */
    private static void write(Object value, StringBuilder sb, int depth) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(sb, depth, depth + 1);
                string(entry.getKey().toString(), sb);
                sb.append(depth < 0 ? ":" : ": ");
                write(entry.getValue(), sb, depth < 0 ? -1 : depth + 1);
            }
            if (!map.isEmpty()) {
                newline(sb, depth, depth);
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(sb, depth, depth + 1);
                write(list.get(i), sb, depth < 0 ? -1 : depth + 1);
            }
            if (!list.isEmpty()) {
                newline(sb, depth, depth);
            }
            sb.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else {
            string(value.toString(), sb);
        }
    }

    /** A new line at the given level, when indenting (the value's own depth is not -1). */
    private static void newline(StringBuilder sb, int valueDepth, int level) {
        if (valueDepth >= 0) {
            sb.append('\n').append("  ".repeat(level));
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
