package dev.jconshgen.core;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.ToStringSerializer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jconshgen's JSON, through Jackson: the --json reports and the OCI bundle's config.json (maps in
 * their order, lists, strings, numbers, booleans) and the state files (records, bound both ways).
 * Deterministic: the same value gives the same text. A path is its plain string both ways (not
 * Jackson's file: URI), so a state file reads like the paths it names and any byte a path may
 * hold, ':' included, comes back unchanged.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("jconshgen-paths")
                    .addSerializer(Path.class, ToStringSerializer.instance)
                    .addDeserializer(Path.class, new PathFromString()))
            // a state file written by a newer jconshgen still reads; what it adds is ignored
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Two spaces per level, "key": value, [] and {} when empty, '\n' whatever the platform. */
    private static final ObjectWriter PRETTY = MAPPER.writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private Json() {
    }

    /** On one line. */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(plain(value));
    }

    /** Indented by two spaces per level, with a final newline: for files people read. */
    public static String pretty(Object value) {
        return PRETTY.writeValueAsString(plain(value)) + "\n";
    }

    /** A record as indented JSON (its components in declaration order), for a state file. */
    public static String prettyRecord(Record value) {
        return PRETTY.writeValueAsString(value) + "\n";
    }

    /**
     * Reads the JSON of a record written by {@link #prettyRecord}.
     *
     * @throws IllegalArgumentException with Jackson's description of what is wrong and where
     */
    public static <T extends Record> T readRecord(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + location(e), e);
        }
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /**
     * The report's own values as JSON's: maps, lists, numbers and booleans as they are, anything
     * else (a path, an enum, a step's kind) by its toString(), as the reports print it in text.
     */
    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Json::plain).toList();
        }
        return value.toString();
    }

    /** A path from its plain string (see the class comment). */
    private static final class PathFromString extends StdDeserializer<Path> {
        PathFromString() {
            super(Path.class);
        }

        @Override
        public Path deserialize(JsonParser parser, DeserializationContext context) {
            return Path.of(parser.getValueAsString());
        }
    }
}
