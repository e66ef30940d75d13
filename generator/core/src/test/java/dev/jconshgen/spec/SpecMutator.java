package dev.jconshgen.spec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Random edits of a spec's text, of the kinds a hand or a broken tool makes: lines deleted,
 * doubled, swapped or indented differently, YAML punctuation or characters YAML forbids put in,
 * the text cut anywhere (also inside a surrogate pair), a value replaced by one of another type.
 * {@link #mutateBytes} adds what only a file can hold: bytes that are not UTF-8.
 */
final class SpecMutator {
    /** Inserted at random offsets: YAML syntax, characters YAML refuses, lone UTF-16 surrogates. */
    private static final List<String> INSERTIONS = List.of(":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "*a ", "&a",
            "\t", "\u0000", "\uD800", "\uDC00", "\uDBFF", "#", "'", "\"", "|", ">", "? ", "!!binary ", "!", "%", "@", "`", "\r", "\r\n",
            "\u0085", "\u2028", "\uFEFF", "\u202e", "\u001b", "🙂", "é", "\n---\n", "\n...\n", "%YAML 1.1\n", "\\", " ", "  ", "\n");
    /** Whole lines put in, at some indentation. */
    private static final List<String> LINES = List.of("name: other", "kind: Lab", "kind: Container", "containers:", "- name: m9",
            "network: {bridge: br0, address: 10.0.10.1/24}", "rootfs:", "  layers: []", "namespaces: []", "cgroup: {limits: {cpu: 0.001}}",
            "probes: [{tcp: {port: 70000}}]", "command: []", "<<: *a", "&a x: y", "? [a, b]", ": c", "---", "%TAG ! tag:x,2000:",
            "image: alpine", "user: {mapRootUser: false}", "workdir: /abs", "hostname: -bad-", "{}", "[]", "\"unterminated", "'also");
    /** What a value may be replaced by: other YAML types, and nothing. */
    private static final List<String> VALUES = List.of("", "null", "~", "42", "-1", "1.5", ".nan", "true", "[]", "{}", "[a, b]",
            "{a: 1}", "'quoted'", "\"dq\\n\"", "!!binary aGk=", "&v box", "*v", "|\n  block", "> folded", "\"\\U0011FFFF\"", "x: y",
            "- item", "$(x); `y`", "\"\\uD800\"", "99999999999999999999999");
    /** Byte sequences that are not UTF-8 (or are a BOM that may or may not be allowed). */
    private static final List<byte[]> BAD_BYTES = List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xff},
            new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82},
            new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, new byte[] {(byte) 0xfe, (byte) 0xff}, new byte[] {0});

    private final List<BiFunction<String, Random, String>> mutations = List.of(
            SpecMutator::deleteLine, SpecMutator::duplicateLine, SpecMutator::swapLines, SpecMutator::insertLine,
            SpecMutator::reindentLine, SpecMutator::swapCharacters, SpecMutator::insertToken, SpecMutator::insertToken,
            SpecMutator::deleteCharacters, SpecMutator::replaceValue, SpecMutator::replaceValue, SpecMutator::changeDigit,
            SpecMutator::truncate, SpecMutator::duplicateBlock);

    /** One to four random edits of TEXT; rarely also padding beyond the size limit. */
    String mutate(String text, Random random) {
        String result = text;
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            result = mutations.get(random.nextInt(mutations.size())).apply(result, random);
        }
        if (random.nextInt(1000) == 0) {
            result = result + "#" + "x".repeat(SpecFileReader.MAX_BYTES) + "\n";
        }
        return result;
    }

    /** TEXT as UTF-8, with a byte sequence that is not UTF-8 (or a BOM) put in somewhere. */
    byte[] mutateBytes(String text, Random random) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(4) == 0 ? 0 : random.nextInt(bytes.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(BAD_BYTES.get(random.nextInt(BAD_BYTES.size())));
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private static String deleteLine(String text, Random random) {
        List<String> lines = lines(text);
        if (!lines.isEmpty()) {
            lines.remove(random.nextInt(lines.size()));
        }
        return join(lines);
    }

    private static String duplicateLine(String text, Random random) {
        List<String> lines = lines(text);
        if (!lines.isEmpty()) {
            int i = random.nextInt(lines.size());
            lines.add(random.nextInt(lines.size() + 1), lines.get(i));
        }
        return join(lines);
    }

    private static String swapLines(String text, Random random) {
        List<String> lines = lines(text);
        if (lines.size() > 1) {
            int i = random.nextInt(lines.size());
            int j = random.nextInt(lines.size());
            String line = lines.get(i);
            lines.set(i, lines.get(j));
            lines.set(j, line);
        }
        return join(lines);
    }

    private static String insertLine(String text, Random random) {
        List<String> lines = lines(text);
        String indent = " ".repeat(random.nextInt(3) * 2);
        lines.add(random.nextInt(lines.size() + 1), indent + LINES.get(random.nextInt(LINES.size())));
        return join(lines);
    }

    /** More, fewer or odd indentation, or a tab, at the start of a line. */
    private static String reindentLine(String text, Random random) {
        List<String> lines = lines(text);
        if (lines.isEmpty()) {
            return text;
        }
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        String stripped = line.stripLeading();
        int indent = line.length() - stripped.length();
        String newIndent = switch (random.nextInt(4)) {
            case 0 -> " ".repeat(indent + 1 + random.nextInt(4));
            case 1 -> " ".repeat(Math.max(0, indent - 1 - random.nextInt(4)));
            case 2 -> "\t" + " ".repeat(indent);
            default -> "";
        };
        lines.set(i, newIndent + stripped);
        return join(lines);
    }

    /** Swaps two neighbouring UTF-16 chars, which may split a surrogate pair. */
    private static String swapCharacters(String text, Random random) {
        if (text.length() < 2) {
            return text;
        }
        char[] chars = text.toCharArray();
        int i = random.nextInt(chars.length - 1);
        char c = chars[i];
        chars[i] = chars[i + 1];
        chars[i + 1] = c;
        return new String(chars);
    }

    private static String insertToken(String text, Random random) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + INSERTIONS.get(random.nextInt(INSERTIONS.size())) + text.substring(at);
    }

    private static String deleteCharacters(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int from = random.nextInt(text.length());
        int to = Math.min(text.length(), from + 1 + random.nextInt(8));
        return text.substring(0, from) + text.substring(to);
    }

    /** The value after the first ': ' of a line (or after '- '), replaced by a value of another type. */
    private static String replaceValue(String text, Random random) {
        List<String> lines = lines(text);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(": ") || lines.get(i).stripLeading().startsWith("- ")) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return text;
        }
        int i = candidates.get(random.nextInt(candidates.size()));
        String line = lines.get(i);
        int colon = line.indexOf(": ");
        int cut = colon >= 0 ? colon + 2 : line.indexOf("- ") + 2;
        String value = VALUES.get(random.nextInt(VALUES.size()));
        // The later lines of a multi-line value (a block scalar) get the line's indentation before their own.
        String indent = " ".repeat(line.length() - line.stripLeading().length());
        lines.set(i, line.substring(0, cut) + value.replace("\n", "\n" + indent));
        return join(lines);
    }

    /** A digit replaced, so that ports, addresses, limits and counts go out of range. */
    private static String changeDigit(String text, Random random) {
        int[] digits = java.util.stream.IntStream.range(0, text.length()).filter(i -> Character.isDigit(text.charAt(i))).toArray();
        if (digits.length == 0) {
            return text;
        }
        int at = digits[random.nextInt(digits.length)];
        String replacement = List.of("0", "9", "99999", "-", "", ".5", "00").get(random.nextInt(7));
        return text.substring(0, at) + replacement + text.substring(at + 1);
    }

    /** Cut at any UTF-16 offset, also between the two halves of a surrogate pair. */
    private static String truncate(String text, Random random) {
        return text.substring(0, random.nextInt(text.length() + 1));
    }

    private static String duplicateBlock(String text, Random random) {
        List<String> lines = lines(text);
        if (lines.size() < 2) {
            return text;
        }
        int from = random.nextInt(lines.size());
        int to = Math.min(lines.size(), from + 1 + random.nextInt(5));
        List<String> block = new ArrayList<>(lines.subList(from, to));
        lines.addAll(random.nextInt(lines.size() + 1), block);
        return join(lines);
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines);
    }
}
