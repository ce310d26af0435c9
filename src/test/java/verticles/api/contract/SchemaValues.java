package verticles.api.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.api.adversarial.ContractModel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Random JSON values near a schema of the contract: mostly what it accepts, with faults sprinkled
 * in at every level (a value of another type, a missing or unknown property, a number just past
 * a bound, a string one character too long, counted in UTF-16 units or in characters, a date-time
 * with a field out of range, an id one letter off). Where the line falls is the library's to say;
 * these only need to land on both sides of it often. A pattern it knows no values for fails
 * loudly, so that a new one is taught here rather than skipped.
 */
final class SchemaValues {

    private static final Pattern ID = Pattern.compile("^\\^([a-z]+)_\\[0-9a-hjkmnp-tv-z]\\{26}\\$$");
    private static final String ID_LETTERS = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final String[] TEXT_PIECES = {"a", "Z", "7", " ", " ", "\t", "ü", "😀", "\u00a0", "-", ".", "_"};

    private final ContractModel contract;
    private final Random random;
    /** How much rarer than their base rate faults are in the body being drawn: 1, or much rarer for a clean one. */
    private int rarity = 1;

    SchemaValues(ContractModel contract, Random random) {
        this.contract = contract;
        this.random = random;
    }

    /**
     * A body near {@code schema}: half of them with faults at their base rates, half with faults
     * rare, so that even a schema of many fields is met often (one fault anywhere refuses it).
     */
    Object near(Object schemaValue) {
        rarity = random.nextBoolean() ? 1 : 25;
        return near(schemaValue, null, 0);
    }

    private Object near(Object schemaValue, String name, int depth) {
        JsonObject schema = contract.resolve((JsonObject) schemaValue);
        if (depth > 6 || fault(40)) {
            return stray();
        }
        if (schema.containsKey("oneOf")) {
            JsonArray options = schema.getJsonArray("oneOf");
            return near(options.getValue(random.nextInt(options.size())), name, depth + 1);
        }
        if (schema.containsKey("enum")) {
            JsonArray values = schema.getJsonArray("enum");
            Object chosen = values.getValue(random.nextInt(values.size()));
            return fault(15) && chosen instanceof String text ? (random.nextBoolean() ? text.toLowerCase() : text + "X")
                : chosen;
        }
        return switch (type(schema)) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, depth);
            case "integer" -> number(schema, true);
            case "number" -> number(schema, false);
            case "boolean" -> random.nextBoolean();
            case "null" -> null;
            default -> string(schema, name);
        };
    }

    private String type(JsonObject schema) {
        Object type = schema.getValue("type");
        if (type instanceof String one) {
            return one;
        }
        if (type instanceof JsonArray many) {
            return many.getString(random.nextInt(many.size()));
        }
        if (schema.containsKey("properties") || schema.containsKey("required")) {
            return "object";
        }
        if (schema.containsKey("items")) {
            return "array";
        }
        if (schema.containsKey("minimum") || schema.containsKey("maximum")) {
            return "number";
        }
        return "string";
    }

    private JsonObject object(JsonObject schema, int depth) {
        JsonObject out = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        Set<Object> required = new LinkedHashSet<>(schema.getJsonArray("required", new JsonArray()).getList());
        for (String property : properties.fieldNames()) {
            boolean include = required.contains(property) ? !fault(40) : random.nextBoolean();
            if (include) {
                out.put(property, near(properties.getValue(property), property, depth + 1));
            }
        }
        if (fault(30)) {
            out.put(random.nextBoolean() ? "unknown" : "Lat", "x");
        }
        return out;
    }

    private JsonArray array(JsonObject schema, int depth) {
        int min = schema.getInteger("minItems", 0);
        int max = schema.getInteger("maxItems", 5);
        int size;
        if (fault(60)) {
            size = max + random.nextInt(2);
        } else if (fault(20)) {
            size = Math.max(0, min - 1);
        } else {
            size = Math.min(max, min + random.nextInt(3));
        }
        JsonArray out = new JsonArray();
        // A long array (a full batch) repeats one item, so that its verdict turns on that item and its length
        // rather than being a near-certain no from a fault among hundreds.
        Object repeated = size > 10 ? near(schema.getValue("items"), null, depth + 1) : null;
        for (int i = 0; i < size; i++) {
            out.add(repeated != null ? repeated : near(schema.getValue("items"), null, depth + 1));
        }
        return out;
    }

    private Object number(JsonObject schema, boolean integer) {
        List<Double> candidates = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, 1e300, -1e300, 9.3e18,
            9007199254740993.0));
        for (String bound : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
            if (schema.containsKey(bound)) {
                double at = schema.getNumber(bound).doubleValue();
                candidates.addAll(List.of(at, at, at - 1, at + 1, at - 0.5, at + 0.5, at - 1e-9, at + 1e-9));
            }
        }
        double low = schema.containsKey("minimum") ? schema.getNumber("minimum").doubleValue() : -1_000;
        double high = schema.containsKey("maximum") ? schema.getNumber("maximum").doubleValue() : 1_000;
        int fixed = candidates.size();
        for (int i = 0; i < fixed; i++) {
            candidates.add(low + random.nextDouble() * (high - low));
        }
        // A clean body takes a number within the bounds (the random ones, or a bound itself).
        double chosen = rarity > 1 && !fault(10) ? candidates.get(fixed + random.nextInt(fixed))
            : candidates.get(random.nextInt(candidates.size()));
        if (integer && !fault(10)) {
            long whole = Math.round(chosen);
            return whole == (int) whole ? (Object) (int) whole : (Object) whole;
        }
        return chosen;
    }

    private String string(JsonObject schema, String name) {
        String format = schema.getString("format");
        String pattern = schema.getString("pattern");
        String text;
        if ("date-time".equals(format)) {
            text = dateTime();
        } else if ("email".equals(format)) {
            text = pick("ada@example.com", "a.b@example.co.uk", "a@b", "no-at-sign", "", "x@", "@example.com",
                "ada@example.com ", "ü@example.com");
        } else if ("uri".equals(format)) {
            text = fault(2) ? pick("not a uri", "https://", "//example.com", "https://example.com/" + "p".repeat(300),
                "https://exa mple.com/") : pick("https://hooks.example.com/meridian", "http://example.com:8080/a?b=c",
                "ftp://example.com/x", "https://127.0.0.1/h");
        } else if (pattern != null) {
            text = forPattern(pattern, name);
        } else {
            text = text(random.nextInt(6));
        }
        Integer max = schema.getInteger("maxLength");
        if (max != null && fault(6)) {
            text = toLength(text, max + random.nextInt(2) - (one(3) ? 1 : 0));
        }
        Integer min = schema.getInteger("minLength");
        if (min != null && fault(6)) {
            text = toLength(text, Math.max(0, min - random.nextInt(2)));
        }
        return text;
    }

    /** The text cut or padded to {@code characters} characters; padding is sometimes a surrogate pair each. */
    private String toLength(String text, int characters) {
        String pad = random.nextBoolean() ? "a" : "😀";
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(characters).forEach(out::appendCodePoint);
        while (out.codePointCount(0, out.length()) < characters) {
            out.append(pad);
        }
        return out.toString();
    }

    private String forPattern(String pattern, String name) {
        Matcher id = ID.matcher(pattern);
        if (id.matches()) {
            return id.group(1) + "_" + letters(ID_LETTERS, 26);
        }
        return switch (pattern) {
            case "\\S" -> (fault(4) ? "" : "a") + text(random.nextInt(5));
            case "^\\S(.*\\S)?$" -> (fault(5) ? " " : "a") + text(random.nextInt(4)) + (fault(5) ? " " : "z");
            case "^[A-Za-z0-9._-]{1,64}$" -> letters("ABCxyz019._-", 1 + random.nextInt(64));
            case "^[1-9][0-9]{0,5}[mhd]$" -> letters("123456789", 1) + letters("0123456789", random.nextInt(6))
                + pick("m", "h", "d", "s", "");
            case "^#[0-9a-fA-F]{6}$" -> "#" + letters("0123456789abcdefABCDEF", 6);
            default -> throw new IllegalStateException("SchemaValues knows no values for the pattern " + pattern
                + " (property " + name + "); teach it some");
        };
    }

    /** {@code count} characters from {@code alphabet}, now and then one off: a letter outside it, or one too many or few. */
    private String letters(String alphabet, int count) {
        int length = fault(12) ? count + (random.nextBoolean() ? 1 : -1) : count;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(fault(100) ? pick("i", "L", "O", "u", " ", "é") : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private String text(int pieces) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            out.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
        }
        return out.toString();
    }

    /** An RFC 3339 date-time, mostly well formed, now and then with a field out of range or spelled otherwise. */
    private String dateTime() {
        boolean fault = fault(4);
        int year = fault && one(4) ? pick(0, 10_000) : 1999 + random.nextInt(40);
        int month = fault && one(3) ? pick(0, 13) : 1 + random.nextInt(12);
        int day = fault && one(3) ? pick(0, 29, 30, 31, 32) : 1 + random.nextInt(28);
        int hour = fault && one(4) ? 24 : random.nextInt(24);
        int minute = fault && one(4) ? 60 : random.nextInt(60);
        int second = fault && one(4) ? 60 : random.nextInt(60);
        String fraction = pick("", "", ".5", ".123", ".123456789", fault ? "." : "");
        String zone = fault && one(2) ? pick("z", "", "+0100", "+24:00", "-05:60") : pick("Z", "Z", "+01:00", "-05:30");
        String separator = fault && one(4) ? pick("t", " ") : "T";
        return String.format("%04d-%02d-%02d%s%02d:%02d:%02d%s%s", year, month, day, separator, hour, minute, second,
            fraction, zone);
    }

    private Object stray() {
        return pick(null, true, false, "", "x", 0, -1, 7, 2.5, 1e300, new JsonArray(), new JsonObject(),
            new JsonArray().add(1), new JsonObject().put("a", 1));
    }

    private boolean one(int in) {
        return random.nextInt(in) == 0;
    }

    /** Whether to put a fault here, at one in {@code in} times the body's rarity. */
    private boolean fault(int in) {
        return random.nextInt(in * rarity) == 0;
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
