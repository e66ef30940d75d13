package dev.jconshgen.spec;

import dev.jconshgen.spec.YamlTree.Decorated;
import dev.jconshgen.spec.YamlTree.Entry;
import dev.jconshgen.spec.YamlTree.Mapping;
import dev.jconshgen.spec.YamlTree.Scalar;
import dev.jconshgen.spec.YamlTree.Sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random spec documents for the fuzz test, built from {@link SpecKeys}: the keys of every level
 * with plausible values, so that a good share of the documents is valid and reaches the
 * validators, mixed with hostile values of every YAML type, unknown and duplicate keys, anchors,
 * aliases and tags. How much of each differs from document to document (from none to most), so
 * that both nearly valid and chaotic documents are made. A key SpecKeys gains is generated too,
 * with random values, until a plausible one is added here.
 */
final class RandomSpecs {
    private static final List<String> WORDS = List.of("box", "consh", "web", "a", "db-1", "x9", "demo", "lower", "ovly", "auto");
    /** Pieces of hostile text; a hostile string joins a few. None spells a Java class or "Exception". */
    private static final List<String> HOSTILE = List.of("$(touch PWNED)", "`id`", "; rm -rf /", "a'b", "a\"b", "line\nbreak",
            "tab\there", "\u0000", "\u0085", "\u2028", "\u202e", "\u001b[31m", "\u009b", "\r", "\uFEFF", "é", "中文", "🙂", "",
            " ", "a,b", "a:b", "../x", "/abs", "x\\y", "%s%n", "{{x}}", "${IFS}", "#", "- x", "? x", "&a", "*a", "!x", "|", ">",
            "@", "0x41", "null", "~", "true", "1e3", "10.0.0.1/24", "-", "..", ".", "a/", "A", "ns-0", "\\u0041");
    private static final List<String> INTEGERS = List.of("0", "-1", "1", "80", "65535", "65536", "-2147483649", "9223372036854775807",
            "9223372036854775808", "99999999999999999999", "0x1F", "0o17", "+5", "1_000", "007");
    private static final List<String> FLOATS = List.of("1.5", "-0.5", "0.5", "1e3", "1.0e-2", ".inf", "-.inf", ".nan", "0.0001",
            "64.0001", "0.125", "2.", "-0.0", "12345678.123456789012");
    private static final List<String> BOOLEANS = List.of("true", "false", "True", "FALSE", "yes", "no", "on");
    private static final List<String> NULLS = List.of("null", "~", "Null", "");
    private static final List<String> TAGGED = List.of("!!binary aGk=", "!!binary '!!'", "!!str 12", "!!int abc", "!!int '80'",
            "!!float x", "!!float '0.5'", "!!bool maybe", "!!bool 'true'", "!!null x", "!custom v", "!<tag:yaml.org,2002:str> v",
            "!!timestamp 2001-12-14", "!!set {a, b}", "!!omap [a: 1]", "!!str", "! x", "!!map {}", "!!seq []", "!!float 1e400");
    /** Double-quoted escapes, valid and not: \U beyond U+10FFFF, half a surrogate pair, unknown letters. */
    private static final List<String> ESCAPES = List.of("\\x41", "\\u00e9", "\\U0001F642", "\\U0011FFFF", "\\UFFFFFFFF", "\\uD800",
            "\\uDC00", "\\N", "\\_", "\\L", "\\P", "\\0", "\\e", "\\q", "\\x", "\\u12", "\\\n", "\\ ");
    private static final List<String> UNKNOWN_KEYS = List.of("image", "size", "gateway", "Name", "\"name \"", "uid", "<<", "''",
            "\"\"", "'a\u0085b'", "\"\\u202ename\"", "'name'", "\"kind\"", "1", "true", "null", "~");

    private final Random random;
    private final boolean lab;
    /** Percent of fields that get a value of any type instead of a plausible one. */
    private final int hostility;
    /** Percent of mappings that get an unknown or duplicate key, or their keys in another order. */
    private final int disorder;
    /** The anchors written so far, which an alias may name; aliases of others are errors too. */
    private final List<String> anchors = new ArrayList<>();
    /**
     * One hostile text that many fields of the document get (a bridge gets it with "-0", the name
     * of a veth end), or null: checks that compare two fields then see the same hostile value.
     */
    private final String shared;
    /** The hostile texts of this document so far. */
    private final List<String> hostileTexts = new ArrayList<>();
    /** The container a lab member's plausible values are made for (their names differ by it). */
    private int member;
    /** The third octet of a container's plausible addresses. */
    private final int subnet;

    private RandomSpecs(Random random, boolean lab) {
        this.random = random;
        this.lab = lab;
        this.hostility = pick(List.of(0, 0, 1, 3, 8, 20, 50));
        this.disorder = pick(List.of(0, 0, 0, 5, 15, 40));
        this.subnet = random.nextInt(256);
        this.shared = chance(5) ? hostileString() : null;
    }

    /** A {@code kind: Container} document (or one that tries to be). */
    static String container(Random random) {
        RandomSpecs specs = new RandomSpecs(random, false);
        return YamlTree.write(specs.mapping("", SpecKeys.CONTAINER), random);
    }

    /** A {@code kind: Lab} document with its members. */
    static String lab(Random random) {
        RandomSpecs specs = new RandomSpecs(random, true);
        return YamlTree.write(specs.mapping("lab:", SpecKeys.LAB), random);
    }

    // --- plausible values, by field path ("lab:" for the lab's own fields, a member's relative to the member)

    private YamlTree value(String path) {
        if (shared != null && chance(30)) {
            return scalar(doubleQuoted(path.endsWith(".bridge") ? shared + "-0" : shared));
        }
        return chance(hostility) ? any(0) : decorate(plausible(path));
    }

    private YamlTree plausible(String path) {
        return switch (path) {
            case "apiVersion", "lab:apiVersion" -> scalar(chance(95) ? YamlSpecLoader.API_VERSION : pick(List.of("jconshgen/v2", "v1")));
            case "kind" -> scalar(chance(95) ? YamlSpecLoader.KIND : YamlSpecLoader.KIND_LAB);
            case "lab:kind" -> scalar(chance(95) ? YamlSpecLoader.KIND_LAB : YamlSpecLoader.KIND);
            case "lab:name" -> scalar(pick(List.of("trio", "lab1", "l")));
            case "name" -> scalar(lab && chance(95) ? "m" + member : pick(List.of("box", "consh", "web", "a", "db-1")));
            case "hostname" -> scalar(pick(List.of("box", "consh-host", "web.local", "h")));
            case "workdir" -> scalar(lab ? "w" + member : pick(List.of("demo", "w", "work/sub", "'x y'")));
            case "rootfs" -> mapping(path, SpecKeys.ROOTFS);
            case "rootfs.layers" -> sequence(1 + random.nextInt(chance(80) ? 1 : 3), () -> layer(path + "[]"));
            case "rootfs.layers[].busybox", "rootfs.layers[].directory" -> mapping(path, SpecKeys.LAYER_OPTIONS);
            case "rootfs.layers[].busybox.dir" -> scalar(pick(List.of("lower", "base")));
            case "rootfs.layers[].directory.dir" -> scalar(pick(List.of("layer1", "prepared/dir")));
            case "rootfs.overlay" -> scalar(pick(List.of("ovly", "upper", "o")));
            case "namespaces" -> namespaces();
            case "user" -> mapping(path, SpecKeys.USER);
            case "user.mapRootUser" -> scalar(chance(90) ? "true" : "false");
            case "network.defaultRoute", "lab:network.defaultRoute" -> scalar(chance(50) ? "true" : "false");
            case "cgroup" -> mapping(path, SpecKeys.CGROUP);
            case "cgroup.name" -> scalar(lab ? "cg" + member : pick(List.of("consh_cgrp", "box", "a.b")));
            case "cgroup.parent" -> scalar(pick(List.of("auto", "auto", "jconshgen", "a/b")));
            case "cgroup.limits" -> mapping(path, SpecKeys.LIMITS);
            case "cgroup.limits.pids" -> scalar(String.valueOf(1 + random.nextInt(512)));
            case "cgroup.limits.memory" -> scalar(pick(List.of("64M", "2048K", "1G", "1048576", "'128M'")));
            case "cgroup.limits.cpu" -> scalar(pick(List.of("0.5", "2", "0.125", "1", "0.01")));
            case "network" -> mapping(path, lab && !chance(disorder) ? SpecKeys.MEMBER_NETWORK : SpecKeys.NETWORK);
            case "network.netns" -> scalar(lab ? "ns" + member : pick(List.of("box", "consh", "n1")));
            case "network.hostAddress" -> scalar("10.0." + subnet + ".1/24");
            case "network.containerAddress" -> scalar(lab ? "10.0.10." + (member + 2) + "/24" : "10.0." + subnet + ".2/24");
            // ns0-0 is the host end of the first member's veth pair (netns ns0).
            case "network.bridge", "lab:network.bridge" -> scalar(pick(List.of("br0", "labbr0", "labbr0", "ns0-0")));
            case "lab:network" -> mapping(path, SpecKeys.LAB_NETWORK);
            case "lab:network.address" -> scalar("10.0.10.1/24");
            case "lab:containers" -> members();
            // mostly an earlier member (valid when the rest allows it), sometimes a later one or itself
            case "inside" -> scalar("m" + (member > 0 && chance(80) ? random.nextInt(member) : random.nextInt(member + 2)));
            case "command", "probes[].exec.command" -> argv();
            case "probes" -> sequence(1 + random.nextInt(3), () -> oneOf("probes[]", SpecKeys.PROBE));
            case "probes[].tcp" -> mapping(path, SpecKeys.TCP_PROBE);
            case "probes[].http" -> mapping(path, SpecKeys.HTTP_PROBE);
            case "probes[].exec" -> mapping(path, SpecKeys.EXEC_PROBE);
            case "probes[].tcp.port", "probes[].http.port" -> scalar(pick(List.of("80", "8080", "7")));
            case "probes[].http.path" -> scalar(pick(List.of("/", "/index.html", "/a?b=c")));
            case "probes[].http.status" -> scalar(pick(List.of("200", "404", "301")));
            case "probes[].tcp.expect", "probes[].http.contains", "probes[].exec.expect" -> scalar(pick(List.of("hi", "hello world", "'ok'")));
            // A key without a plausible value here yet: anything.
            default -> any(0);
        };
    }

    private YamlTree layer(String path) {
        return oneOf(path, SpecKeys.LAYER);
    }

    /** A mapping with one of the keys (the shape of a layer or a probe), at times none or two. */
    private YamlTree oneOf(String path, List<String> keys) {
        List<Entry> entries = new ArrayList<>();
        int count = chance(90) ? 1 : random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String key = pick(keys);
            entries.add(new Entry(scalar(key), value(path + "." + key)));
        }
        return new Mapping(entries);
    }

    private YamlTree namespaces() {
        List<String> all = new ArrayList<>(List.of("user", "pid", "mount", "net", "ipc", "uts", "cgroup"));
        if (chance(75)) {
            return sequence(all.stream().map(RandomSpecs::scalar).toList());
        }
        Collections.shuffle(all, random);
        List<String> some = new ArrayList<>(all.subList(0, random.nextInt(all.size() + 1)));
        if (chance(80) && !some.contains("mount")) {
            some.add("mount");
        }
        return sequence(some.stream().map(RandomSpecs::scalar).toList());
    }

    private YamlTree argv() {
        List<List<String>> commands = List.of(List.of("sh", "-c", "'echo hi; sleep 1'"), List.of("nc", "-ll", "-p", "'80'"), List.of("hostname"),
                List.of("cat", "/etc/hostname"));
        return sequence(pick(commands).stream().map(RandomSpecs::scalar).toList());
    }

    private YamlTree members() {
        int count = chance(90) ? 2 + random.nextInt(3) : random.nextInt(18);
        List<YamlTree> items = new ArrayList<>();
        for (member = 0; member < count; member++) {
            items.add(chance(hostility) ? any(1) : mapping("", SpecKeys.MEMBER));
        }
        return sequence(items);
    }

    /**
     * A mapping of some of the keys, each with a value for its path; at the {@code disorder}
     * rate also an unknown key, a key given twice, a list as a key, keys in another order.
     */
    private YamlTree mapping(String path, List<String> keys) {
        List<Entry> entries = new ArrayList<>();
        String prefix = path.isEmpty() || path.endsWith(":") ? path : path + ".";
        for (String key : keys) {
            if (chance(presence(prefix + key))) {
                entries.add(new Entry(scalar(key), value(prefix + key)));
            }
        }
        if (chance(disorder)) {
            entries.add(new Entry(scalar(pick(UNKNOWN_KEYS)), any(2)));
        }
        if (chance(disorder) && !entries.isEmpty()) {
            Entry twice = pick(entries);
            entries.add(new Entry(twice.key(), chance(50) ? twice.value() : any(2)));
        }
        if (chance(disorder / 3)) {
            entries.add(new Entry(any(3), any(3)));
        }
        if (chance(disorder)) {
            Collections.shuffle(entries, random);
        }
        return new Mapping(entries);
    }

    /** Percent of mappings that have the field: required ones nearly always, the others about half. */
    private static int presence(String path) {
        return switch (path) {
            // rare: an inner member rules out a network, a cgroup and more, so most labs would be invalid
            case "inside" -> 8;
            case "name", "lab:name", "lab:kind", "lab:network", "lab:network.bridge", "lab:network.address", "lab:containers",
                 "rootfs.layers[].directory.dir", "probes[].tcp.port", "probes[].http.port", "probes[].exec.command" -> 95;
            default -> 50;
        };
    }

    // --- values of any type

    /** Anything YAML can hold, nested up to a few levels: the value of a field given the wrong type. */
    private YamlTree any(int depth) {
        int kinds = depth > 3 ? 10 : 14;
        return switch (random.nextInt(kinds)) {
            case 0 -> scalar(pick(WORDS));
            case 1 -> scalar(doubleQuoted(hostileString()));
            case 2 -> scalar("'" + hostileString().replace("'", "''") + "'");
            case 3 -> scalar(pick(INTEGERS));
            case 4 -> scalar(pick(FLOATS));
            case 5 -> scalar(pick(BOOLEANS));
            case 6 -> scalar(pick(NULLS));
            case 7 -> alias();
            case 8 -> scalar(pick(TAGGED));
            case 9 -> scalar(escapes());
            case 10 -> decorate(sequence(random.nextInt(4), () -> any(depth + 1)));
            case 11 -> decorate(anyMapping(depth));
            case 12 -> scalar(longString());
            default -> scalar(rareShape());
        };
    }

    private YamlTree anyMapping(int depth) {
        List<Entry> entries = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            List<String> keys = chance(50) ? WORDS : SpecKeys.CONTAINER;
            entries.add(new Entry(scalar(pick(keys)), any(depth + 1)));
        }
        return new Mapping(entries);
    }

    /** Documents the YAML library must refuse with a location: deep nesting, recursion, aliases bombs. */
    private String rareShape() {
        int n = 15 + random.nextInt(20);
        String anchor = "r" + random.nextInt(3);
        return switch (random.nextInt(6)) {
            case 0 -> "[".repeat(n) + "]".repeat(n);
            case 1 -> "{a: ".repeat(n) + "b" + "}".repeat(n);
            case 2 -> "&" + anchor + " [x, *" + anchor + "]";
            case 3 -> "&" + anchor + " {*" + anchor + " : v}";
            case 4 -> "[&" + anchor + " [a, a], " + ("*" + anchor + ", ").repeat(n) + "end]";
            default -> "&" + anchor + " {k: *" + anchor + "}";
        };
    }

    /** An alias of an anchor written before, at times of one that is not. */
    private YamlTree alias() {
        if (anchors.isEmpty() ? chance(30) : chance(10)) {
            return scalar("*undefined" + random.nextInt(3));
        }
        return anchors.isEmpty() ? scalar(pick(WORDS)) : scalar("*" + pick(anchors));
    }

    /** At times an anchor (later aliases may name it) or a tag in front of a node. */
    private YamlTree decorate(YamlTree node) {
        if (chance(disorder / 4)) {
            String anchor = "a" + anchors.size();
            anchors.add(anchor);
            return new Decorated("&" + anchor, node);
        }
        if (chance(disorder / 8)) {
            return new Decorated(pick(List.of("!!map", "!!seq", "!!str", "!!binary", "!local")), node);
        }
        return node;
    }

    /** Hostile text, at times one this document has already: values that must differ then do not. */
    private String hostileString() {
        if (!hostileTexts.isEmpty() && chance(25)) {
            return pick(hostileTexts);
        }
        StringBuilder text = new StringBuilder(chance(50) ? pick(WORDS) : "");
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            text.append(pick(HOSTILE));
        }
        hostileTexts.add(text.toString());
        return text.toString();
    }

    private String longString() {
        String unit = pick(List.of("x", "é", "🙂", "ab/", "a b ", "\\\""));
        return doubleQuoted(unit.repeat(200 + random.nextInt(3000)));
    }

    /** Valid and invalid escapes in a double-quoted scalar. */
    private String escapes() {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            text.append(chance(50) ? pick(WORDS) : "").append(pick(ESCAPES));
        }
        return text.append('"').toString();
    }

    /** TEXT in double quotes with YAML's escapes, at times with one character left raw. */
    private String doubleQuoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        boolean leaveOneRaw = chance(5);
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                quoted.append("\\n");
            } else if ((c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xfeff || c == 0x2028) && !leaveOneRaw) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }

    // --- small helpers

    private YamlTree sequence(int count, java.util.function.Supplier<YamlTree> item) {
        List<YamlTree> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(item.get());
        }
        return new Sequence(items);
    }

    private static YamlTree sequence(List<YamlTree> items) {
        return new Sequence(items);
    }

    private static YamlTree scalar(String text) {
        return new Scalar(text);
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
