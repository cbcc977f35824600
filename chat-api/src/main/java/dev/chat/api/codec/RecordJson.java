package dev.chat.api.codec;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the wire records (frames, events): written with a {@link StringBuilder}, read with the
 * JSON-P streaming parser into plain values and bound to the record's canonical constructor. It
 * maps records as JSON-B does by default (properties in lexicographic order, nulls omitted,
 * instants as ISO-8601 UTC, enums by name), so the wire is unchanged; it exists because JSON-B
 * (Yasson) was a sixth of the node's CPU on the message path (docs/benchmarks.md) and this is the
 * one place where every message is encoded and decoded several times.
 *
 * <p>Supported component types: {@code String}, {@code long}/{@code int}/{@code boolean} and their
 * boxes, {@link Instant}, enums, records, and {@code List} of those. An unknown property is
 * ignored; a value of the wrong shape is a {@link BindingException} naming the property.
 */
final class RecordJson {

    /** A value that does not fit the record: names the property, so the client learns which field was wrong. */
    static final class BindingException extends IllegalArgumentException {
        BindingException(String message) {
            super(message);
        }
    }

    /** {@code accessor}: {@code (Object) -> Object}, called with {@code invokeExact}. */
    private record Component(String name, Type type, Class<?> rawType, MethodHandle accessor, int position) {
    }

    /**
     * What is known of one record class: its components in wire order and its canonical constructor,
     * as {@code (Object[]) -> Object}. The handles are adapted once, here, and called with
     * {@code invokeExact}: {@code invoke}/{@code invokeWithArguments} adapt them on every call.
     */
    private record Shape(List<Component> inWireOrder, MethodHandle constructor, int arity) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return shapeOf(type);
        }
    };

    private static final Object NULL = new Object();

    private RecordJson() {
    }

    // ---------------------------------------------------------------- writing

    /** Appends the record's properties, each preceded by a comma (for a caller that already wrote a first property). */
    static void appendProperties(StringBuilder out, Record record) {
        for (Component component : SHAPES.get(record.getClass()).inWireOrder()) {
            Object value = valueOf(component, record);
            if (value != null) {
                out.append(',');
                appendString(out, component.name());
                out.append(':');
                appendValue(out, value);
            }
        }
    }

    static void appendRecord(StringBuilder out, Record record) {
        int start = out.length();
        appendProperties(out, record);
        if (out.length() == start) {
            out.append("{}");
        } else {
            out.setCharAt(start, '{');
            out.append('}');
        }
    }

    static void appendValue(StringBuilder out, Object value) {
        if (value instanceof String text) {
            appendString(out, text);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw new IllegalArgumentException("JSON has no " + number);
            }
            out.append(number); // Double.toString: "0.93", "1.0", "1.0E-5", all JSON numbers
        } else if (value instanceof Instant instant) {
            out.append('"').append(instant).append('"'); // ISO-8601, as JSON-B writes it; nothing to escape
        } else if (value instanceof Enum<?> constant) {
            appendString(out, constant.name());
        } else if (value instanceof Record record) {
            appendRecord(out, record);
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                if (item == null) {
                    out.append("null");
                } else {
                    appendValue(out, item);
                }
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    static void appendString(StringBuilder out, String text) {
        out.append('"');
        int length = text.length();
        int clean = 0; // copy runs without escapes in one call
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, clean, i);
            clean = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append(text, clean, length).append('"');
    }

    private static Object valueOf(Component component, Record record) {
        try {
            return (Object) component.accessor().invokeExact((Object) record);
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot read " + component.name() + " of " + record.getClass().getName(), e);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads one JSON object into plain values: {@code String}, {@code Long} or {@code BigDecimal},
     * {@code Boolean}, {@code List}, {@code Map}, and a marker for {@code null}.
     *
     * @throws jakarta.json.stream.JsonParsingException when the text is not JSON
     * @throws ClassCastException when it is JSON but not an object
     */
    static Map<String, Object> readObject(JsonParser parser) {
        if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
            throw new ClassCastException("not a JSON object");
        }
        Map<String, Object> object = readObjectBody(parser);
        if (parser.hasNext()) {
            parser.next(); // throws on trailing garbage
            throw new ClassCastException("more than one JSON value");
        }
        return object;
    }

    private static Map<String, Object> readObjectBody(JsonParser parser) {
        Map<String, Object> object = new HashMap<>();
        while (true) {
            Event event = parser.next();
            if (event == Event.END_OBJECT) {
                return object;
            }
            String name = parser.getString(); // KEY_NAME
            object.put(name, readValue(parser, parser.next()));
        }
    }

    private static Object readValue(JsonParser parser, Event event) {
        return switch (event) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER -> parser.isIntegralNumber() && fitsLong(parser) ? (Object) parser.getLong() : parser.getBigDecimal();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            case START_OBJECT -> readObjectBody(parser);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Event next = parser.next(); next != Event.END_ARRAY; next = parser.next()) {
                    items.add(readValue(parser, next));
                }
                yield items;
            }
            default -> throw new IllegalStateException("unexpected " + event);
        };
    }

    private static boolean fitsLong(JsonParser parser) {
        String digits = parser.getString();
        if (digits.length() < 19) {
            return true;
        }
        BigDecimal value = new BigDecimal(digits);
        return value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 && value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0;
    }

    /** Binds plain values read by {@link #readObject} to a record of {@code type}. */
    static <R> R bind(Map<String, Object> object, Class<R> type) {
        Shape shape = SHAPES.get(type);
        Object[] arguments = new Object[shape.arity()];
        for (Component component : shape.inWireOrder()) {
            Object raw = object.get(component.name());
            arguments[component.position()] = raw == null || raw == NULL
                    ? defaultOf(component.rawType())
                    : convert(raw, component.type(), component.rawType(), component.name());
        }
        try {
            return type.cast((Object) shape.constructor().invokeExact(arguments));
        } catch (RuntimeException e) {
            throw e; // the record's own checks
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot create " + type.getName(), e);
        }
    }

    /** The value of a property read by {@link #readObject} as a string, or null. */
    static String string(Map<String, Object> object, String name) {
        Object raw = object.get(name);
        if (raw == null || raw == NULL) {
            return null;
        }
        if (raw instanceof String text) {
            return text;
        }
        throw new BindingException("field '" + name + "' must be a string");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> object, String name) {
        Object raw = object.get(name);
        if (raw instanceof Map<?, ?> nested) {
            return (Map<String, Object>) nested;
        }
        throw new BindingException("field '" + name + "' must be an object");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object raw, Type type, Class<?> rawType, String name) {
        if (rawType == String.class) {
            if (raw instanceof String) {
                return raw;
            }
        } else if (rawType == long.class || rawType == Long.class) {
            Long number = asLong(raw);
            if (number != null) {
                return number;
            }
        } else if (rawType == int.class || rawType == Integer.class) {
            Long number = asLong(raw);
            if (number != null && number == number.intValue()) {
                return number.intValue();
            }
        } else if (rawType == double.class || rawType == Double.class) {
            Double number = raw instanceof Long whole ? Double.valueOf(whole) : raw instanceof BigDecimal decimal ? decimal.doubleValue()
                    : null;
            if (number != null && !number.isInfinite()) {
                return number;
            }
        } else if (rawType == boolean.class || rawType == Boolean.class) {
            if (raw instanceof Boolean) {
                return raw;
            }
        } else if (rawType == Instant.class) {
            if (raw instanceof String text) {
                try {
                    return IsoInstants.parse(text);
                } catch (DateTimeException e) {
                    throw new BindingException("field '" + name + "' is not an ISO-8601 instant");
                }
            }
        } else if (rawType.isEnum()) {
            if (raw instanceof String text) {
                try {
                    return Enum.valueOf((Class<? extends Enum>) rawType, text);
                } catch (IllegalArgumentException e) {
                    throw new BindingException("field '" + name + "' has an unknown value '" + text + "'");
                }
            }
        } else if (rawType.isRecord()) {
            if (raw instanceof Map<?, ?> nested) {
                return bind((Map<String, Object>) nested, (Class<? extends Record>) rawType);
            }
        } else if (List.class.isAssignableFrom(rawType) && type instanceof ParameterizedType listType) {
            if (raw instanceof List<?> items) {
                Type itemType = listType.getActualTypeArguments()[0];
                Class<?> itemClass = itemType instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) itemType;
                List<Object> converted = new ArrayList<>(items.size());
                for (Object item : items) {
                    converted.add(item == NULL ? null : convert(item, itemType, itemClass, name));
                }
                converted.removeIf(java.util.Objects::isNull);
                return List.copyOf(converted);
            }
        } else {
            throw new IllegalArgumentException("Cannot read a " + type.getTypeName() + " (" + name + ") from JSON");
        }
        throw new BindingException("field '" + name + "' must be " + describe(rawType));
    }

    /** A whole number, also written as a string ("12"), as JSON-B accepts it. */
    private static Long asLong(Object raw) {
        if (raw instanceof Long number) {
            return number;
        }
        if (raw instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String describe(Class<?> rawType) {
        if (rawType == long.class || rawType == Long.class || rawType == int.class || rawType == Integer.class) {
            return "a whole number";
        }
        if (rawType == boolean.class || rawType == Boolean.class) {
            return "true or false";
        }
        if (rawType == double.class || rawType == Double.class) {
            return "a number";
        }
        if (rawType.isRecord()) {
            return "an object";
        }
        return List.class.isAssignableFrom(rawType) ? "an array" : "a string";
    }

    private static Object defaultOf(Class<?> rawType) {
        if (rawType == long.class) {
            return 0L;
        }
        if (rawType == int.class) {
            return 0;
        }
        if (rawType == double.class) {
            return 0.0;
        }
        return rawType == boolean.class ? Boolean.FALSE : null;
    }

    // ---------------------------------------------------------------- shapes

    private static Shape shapeOf(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            RecordComponent[] components = type.getRecordComponents();
            List<Component> all = new ArrayList<>(components.length);
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                all.add(new Component(component.getName(), component.getGenericType(), component.getType(),
                        lookup.unreflect(component.getAccessor()).asType(MethodType.methodType(Object.class, Object.class)), i));
            }
            Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
            List<Component> inWireOrder = all.stream().sorted(Comparator.comparing(Component::name)).toList();
            MethodHandle constructor = lookup.unreflectConstructor(canonical).asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new Shape(inWireOrder, constructor, components.length);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot map " + type.getName() + " to JSON", e);
        }
    }
}
