package verticles.api.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.impl.Format;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keywords of a JSON Schema that judge a value on its own, compiled for {@link
 * CompiledSchema}: its type, an enum, a number's bounds, a string's length, pattern and format,
 * an array's length. As 2020-12 says, each applies to values of its own type only (a
 * {@code maxLength} passes a number); {@code type} is what refuses the others. Each check is
 * exact, a no included, for the values {@link StrictJson} produces: strings, Integer, Long and
 * Double, booleans, null, and JSON objects and arrays (or the plain maps and lists inside them).
 */
final class LeafChecks {

    private LeafChecks() {
    }

    static ValueCheck types(Object type) throws UnsupportedSchema {
        List<String> names = new ArrayList<>();
        if (type instanceof String one) {
            names.add(one);
        } else if (type instanceof JsonArray many) {
            many.forEach(name -> names.add(String.valueOf(name)));
        } else {
            throw new UnsupportedSchema("type " + type);
        }
        List<ValueCheck> any = new ArrayList<>();
        for (String name : names) {
            any.add(switch (name) {
                case "string" -> value -> value instanceof String;
                case "number" -> value -> value instanceof Integer || value instanceof Long || value instanceof Double;
                case "integer" -> value -> value instanceof Integer || value instanceof Long
                    || value instanceof Double d && d % 1 == 0;
                case "boolean" -> value -> value instanceof Boolean;
                case "null" -> value -> value == null;
                case "object" -> value -> fields(value) != null;
                case "array" -> value -> items(value) != null;
                default -> throw new UnsupportedSchema("type " + name);
            });
        }
        return ValueCheck.any(any);
    }

    static ValueCheck stringEnum(Object values) throws UnsupportedSchema {
        if (!(values instanceof JsonArray list)) {
            throw new UnsupportedSchema("enum " + values);
        }
        Set<String> allowed = new HashSet<>();
        for (Object value : list) {
            if (!(value instanceof String text)) {
                throw new UnsupportedSchema("an enum of anything but strings");
            }
            allowed.add(text);
        }
        return value -> value instanceof String text && allowed.contains(text);
    }

    static void numberBounds(JsonObject schema, List<ValueCheck> checks) throws UnsupportedSchema {
        bound(schema, "minimum", checks, c -> c >= 0);
        bound(schema, "maximum", checks, c -> c <= 0);
        bound(schema, "exclusiveMinimum", checks, c -> c > 0);
        bound(schema, "exclusiveMaximum", checks, c -> c < 0);
    }

    @FunctionalInterface
    private interface Comparison {
        boolean holds(int valueComparedToBound);
    }

    private static void bound(JsonObject schema, String keyword, List<ValueCheck> checks, Comparison holds)
        throws UnsupportedSchema {
        if (!schema.containsKey(keyword)) {
            return;
        }
        if (!(schema.getValue(keyword) instanceof Number limit)) {
            throw new UnsupportedSchema(keyword + " that is not a number");
        }
        BigDecimal exact = exact(limit);
        double approximate = limit.doubleValue();
        boolean doubleIsExact = exact.compareTo(new BigDecimal(approximate)) == 0;
        checks.add(value -> {
            if (!(value instanceof Number number)) {
                return true;
            }
            if (doubleIsExact && (value instanceof Integer || value instanceof Double)) {
                // Both convert to double exactly, so comparing doubles is exact (and -0.0 equals 0).
                double d = number.doubleValue();
                return holds.holds(d < approximate ? -1 : d > approximate ? 1 : 0);
            }
            return holds.holds(exact(number).compareTo(exact));
        });
    }

    private static BigDecimal exact(Number number) {
        return number instanceof Integer || number instanceof Long ? BigDecimal.valueOf(number.longValue())
            : new BigDecimal(number.doubleValue());
    }

    static void strings(JsonObject schema, List<ValueCheck> checks) throws UnsupportedSchema {
        Count length = Count.of(schema, "minLength", "maxLength");
        if (length != null) {
            checks.add(value -> !(value instanceof String text) || within(text, length.atLeast(), length.atMost()));
        }
        if (schema.containsKey("pattern")) {
            if (!(schema.getValue("pattern") instanceof String regex)) {
                throw new UnsupportedSchema("pattern " + schema.getValue("pattern"));
            }
            // Compiled once; the library compiles it on every call. Unanchored, as JSON Schema says.
            Pattern pattern = Pattern.compile(regex);
            checks.add(value -> !(value instanceof String text) || pattern.matcher(text).find());
        }
        if (schema.containsKey("format")) {
            if (!(schema.getValue("format") instanceof String format)) {
                throw new UnsupportedSchema("format " + schema.getValue("format"));
            }
            // The library's own rule for each format, so that both agree on what a date-time is.
            checks.add(value -> !(value instanceof String text) || Format.fastFormat(format, text));
        }
    }

    /** Whether the text's length in characters as JSON Schema counts them (a surrogate pair is one) is in range. */
    private static boolean within(String text, int atLeast, int atMost) {
        int units = text.length();
        if (units >= atLeast && units <= atMost && (atLeast == 0 || noSurrogates(text))) {
            return true;
        }
        int characters = text.codePointCount(0, units);
        return characters >= atLeast && characters <= atMost;
    }

    private static boolean noSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static void itemCount(JsonObject schema, List<ValueCheck> checks) throws UnsupportedSchema {
        Count count = Count.of(schema, "minItems", "maxItems");
        if (count != null) {
            checks.add(value -> {
                List<?> items = items(value);
                return items == null || items.size() >= count.atLeast() && items.size() <= count.atMost();
            });
        }
    }

    /** The range a pair of keywords such as {@code minLength} and {@code maxLength} allows. */
    private record Count(int atLeast, int atMost) {

        /** The range, or null when the schema has neither keyword. */
        static Count of(JsonObject schema, String min, String max) throws UnsupportedSchema {
            Integer least = nonNegative(schema, min);
            Integer most = nonNegative(schema, max);
            if (least == null && most == null) {
                return null;
            }
            return new Count(least == null ? 0 : least, most == null ? Integer.MAX_VALUE : most);
        }

        private static Integer nonNegative(JsonObject schema, String keyword) throws UnsupportedSchema {
            if (!schema.containsKey(keyword)) {
                return null;
            }
            if (!(schema.getValue(keyword) instanceof Integer n) || n < 0) {
                throw new UnsupportedSchema(keyword + " " + schema.getValue(keyword));
            }
            return n;
        }
    }

    /** An array's items, or null for anything else. */
    static List<?> items(Object value) {
        return value instanceof JsonArray array ? array.getList() : value instanceof List<?> list ? list : null;
    }

    /** An object's fields, or null for anything else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(Object value) {
        return value instanceof JsonObject object ? object.getMap()
            : value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}
