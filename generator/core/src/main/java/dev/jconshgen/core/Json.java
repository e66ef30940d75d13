package dev.jconshgen.core;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
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
import java.util.List;
import java.util.Map;

/**
 * jconshgen's JSON, through Jackson: the --json reports and the OCI bundle's config.json (maps in
 * their order, lists, strings, numbers, booleans) and the state files (records, bound both ways).
 * Deterministic: the same value gives the same text. A path is its plain string both ways (not
 * Jackson's file: URI), so a state file reads like the paths it names and any byte a path may
 * hold, ':' included, comes back unchanged.
 *
 * <p>Reports are written with Jackson's streaming generator alone: a report is maps, lists and
 * scalars already, and the generator starts in a fraction of the time the data-binding mapper
 * takes to set up (bench: {@code plan --json}), which only the state files, records, need.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** The mapper is made on first use: commands that read no state never pay for it. */
    private static final class Binding {
        private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("jconshgen-paths")
                    .addSerializer(Path.class, ToStringSerializer.instance)
                    .addDeserializer(Path.class, new PathFromString()))
            // a state file written by a newer jconshgen still reads; what it adds is ignored
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
        private static final ObjectWriter PRETTY = MAPPER.writer().with(prettyPrinter());
    }

    /** Two spaces per level, "key": value, [] and {} when empty, '\n' whatever the platform. */
    private static DefaultPrettyPrinter prettyPrinter() {
        return new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    }

    private Json() {
    }

    /** On one line. */
    public static String write(Object value) {
        return generate(value, null);
    }

    /** Indented by two spaces per level, with a final newline: for files people read. */
    public static String pretty(Object value) {
        return generate(value, prettyPrinter()) + "\n";
    }

    /** A record as indented JSON (its components in declaration order), for a state file. */
    public static String prettyRecord(Record value) {
        return Binding.PRETTY.writeValueAsString(value) + "\n";
    }

    private static String generate(Object value, PrettyPrinter printer) {
        java.io.StringWriter text = new java.io.StringWriter();
        ObjectWriteContext context = printer == null ? ObjectWriteContext.empty() : new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return printer;
            }
        };
        try (JsonGenerator generator = FACTORY.createGenerator(context, text)) {
            write(value, generator);
        }
        return text.toString();
    }

    /**
     * The report's own values as JSON's: maps (keys by their text), lists, numbers and booleans
     * as they are, anything else (a path, an enum, a step's kind) by its toString(), as the
     * reports print it in text.
     */
    private static void write(Object value, JsonGenerator generator) {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeName(String.valueOf(entry.getKey()));
                write(entry.getValue(), generator);
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(item, generator);
            }
            generator.writeEndArray();
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            generator.writeNumber(number.toString());
        } else {
            generator.writeString(value.toString());
        }
    }

    /**
     * Reads the JSON of a record written by {@link #prettyRecord}.
     *
     * @throws IllegalArgumentException with Jackson's description of what is wrong and where
     */
    public static <T extends Record> T readRecord(String json, Class<T> type) {
        try {
            return Binding.MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + location(e), e);
        }
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
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
