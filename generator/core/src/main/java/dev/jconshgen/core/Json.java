package dev.jconshgen.core;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;

import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jconshgen's JSON, through Jackson's streaming parser and generator: the --json reports and the
 * OCI bundle's config.json (maps in their order, lists, strings, numbers, booleans) and the state
 * files (records). Deterministic: the same value gives the same text.
 *
 * <p>A state record is bound by its own components, so its shape lives in the record alone: each
 * component is a key of that name, written in declaration order and read back by the canonical
 * constructor; unknown keys are skipped (a newer jconshgen's file still reads), a missing one is
 * the type's empty value. Components are strings, paths (their plain string, not a file: URI, so
 * any byte a path may hold comes back), booleans, whole numbers, enums and lists of those. Not
 * Jackson's data-binding mapper: setting it up costs 75 to 95 ms in every command that touches
 * state (apply, verify, exec, status, destroy; measured with bench/run.sh's phases), more than
 * this small binder could ever save.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

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

    /** A record as indented JSON, its components in declaration order: for a state file. */
    public static String prettyRecord(Record value) {
        return pretty(toMap(value));
    }

    /**
     * Reads the JSON of a record written by {@link #prettyRecord}.
     *
     * @throws IllegalArgumentException what is wrong, and where
     */
    public static <T extends Record> T readRecord(String json, Class<T> type) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected an object" + location(parser));
            }
            // each key's value, and where it starts: a value of the wrong type is reported there
            Map<String, Object> fields = new LinkedHashMap<>();
            Map<String, String> where = new LinkedHashMap<>();
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                if (next == null) {
                    throw new IllegalArgumentException("the text ends inside the object" + location(parser));
                }
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                where.put(name, location(parser));
                fields.put(name, readValue(parser, value));
            }
            return fromMap(fields, where, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + location(e), e);
        }
    }

    /**
     * Any JSON text as maps (in their order), lists, strings, longs, doubles, booleans and null:
     * for documents whose shape another spec owns (an OCI image's index and manifests).
     *
     * @throws IllegalArgumentException what is wrong, and where
     */
    public static Object read(String json) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            Object value = readValue(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more text after the value" + location(parser));
            }
            return value;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + location(e), e);
        }
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

    private static String generate(Object value, PrettyPrinter printer) {
        StringWriter text = new StringWriter();
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
     * A report's values as JSON's: maps (keys by their text), lists, numbers and booleans as
     * they are, anything else (a path, an enum, a step's kind) by its toString(), as the reports
     * print it in text.
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

    /** A record's components, in order; lists and paths as {@link #write} writes them. */
    private static Map<String, Object> toMap(Record value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            try {
                fields.put(component.getName(), component.getAccessor().invoke(value));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + value.getClass().getSimpleName(), e);
            }
        }
        return fields;
    }

    /** The parsed JSON value that starts at TOKEN: a map, a list, a string, a long, a boolean or null. */
    private static Object readValue(JsonParser parser, JsonToken token) {
        if (token == null) {
            throw new IllegalArgumentException("the text ends where a value should be" + location(parser));
        }
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    if (next == null) {
                        throw new IllegalArgumentException("the text ends inside an object" + location(parser));
                    }
                    String name = parser.currentName();
                    map.put(name, readValue(parser, parser.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(readValue(parser, next));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + token + location(parser));
        };
    }

    private static <T extends Record> T fromMap(Map<String, Object> fields, Map<String, String> where, Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            try {
                values[i] = convert(fields.get(components[i].getName()), components[i].getType(), components[i].getGenericType());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("\"" + components[i].getName() + "\": " + e.getMessage()
                        + where.getOrDefault(components[i].getName(), ""), e);
            }
        }
        try {
            Constructor<T> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    /** VALUE as the component's type; absent is the type's empty value (false, 0, an empty list). */
    private static Object convert(Object value, Class<?> type, Type generic) {
        if (type == boolean.class) {
            return value != null && (Boolean) checked(value, Boolean.class, "true or false");
        }
        if (type == long.class || type == int.class) {
            long number = value == null ? 0 : (Long) checked(value, Long.class, "a whole number");
            return type == long.class ? number : (Object) Math.toIntExact(number);
        }
        if (value == null) {
            return List.class.isAssignableFrom(type) ? List.of() : null;
        }
        if (type == String.class) {
            return checked(value, String.class, "a string");
        }
        if (type == Path.class) {
            return Path.of((String) checked(value, String.class, "a path"));
        }
        if (type.isEnum()) {
            String name = (String) checked(value, String.class, "a name");
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is none of " + List.of(type.getEnumConstants()));
        }
        if (type == List.class && generic instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] instanceof Class<?> item) {
            List<Object> items = new ArrayList<>();
            for (Object element : (List<?>) checked(value, List.class, "a list")) {
                items.add(convert(element, item, item));
            }
            return items;
        }
        throw new IllegalStateException("a state component of type " + generic + " cannot be read from JSON");
    }

    private static Object checked(Object value, Class<?> expected, String what) {
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("expected " + what + ", found " + value);
        }
        return value;
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String location(JsonParser parser) {
        return " at line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }
}
