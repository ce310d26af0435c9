package verticles.api.adversarial;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A JSON value a hostile client puts where the contract expects something else, as the raw bytes
 * that go into the body. Each knows its JSON type ({@code null} when it is not JSON at all) and
 * whether it is text that must never be stored: a C0 control character, a lone surrogate or bytes
 * that are not UTF-8. A layout character (tab, line feed, carriage return) is allowed only where
 * the contract marks a field {@code x-multiline}.
 */
record HostileValue(String name, byte[] raw, String jsonType, boolean forbiddenText, boolean layoutText) {

    private static final String NOT_JSON = null;

    /** Every hostile value, in a fixed order (the cases are the same on every run). */
    static List<HostileValue> all() {
        List<HostileValue> v = new ArrayList<>();
        // Wrong types, and shapes at the edges of a type.
        v.add(json("0", "integer"));
        v.add(json("-1", "integer"));
        v.add(json("1.5", "number"));
        v.add(json("true", "boolean"));
        v.add(json("false", "boolean"));
        v.add(json("null", "null"));
        v.add(json("{}", "object"));
        v.add(json("{\"a\":1}", "object"));
        v.add(json("[]", "array"));
        v.add(json("[[]]", "array"));
        v.add(json("[{}]", "array"));
        v.add(json("[null]", "array"));
        v.add(json("[\"x\",\"x\"]", "array"));
        // Strings: empty, blank, plain text of every kind a database or a browser may mishandle.
        v.add(string("empty", ""));
        v.add(string("blank", "   "));
        v.add(string("unicode", "Zoë 東京 🚚"));
        v.add(string("sql", "' OR '1'='1'; DROP TABLE orders; --"));
        v.add(string("script", "<script>alert(1)</script>"));
        v.add(string("traversal", "../../../../etc/passwd"));
        v.add(string("percent-nul", "%00"));
        v.add(string("jndi", "${jndi:ldap://127.0.0.1/a}"));
        v.add(string("quotes and backslash", "\"\\\\'"));
        v.add(string("right-to-left override", "abc\u202Edef"));
        v.add(string("byte order mark", "\uFEFFabc"));
        v.add(string("noncharacter", "abc\uFFFF"));
        v.add(string("ten thousand characters", "a".repeat(10_000)));
        v.add(string("long multibyte", "東".repeat(30_000)));
        // Every C0 control character and DEL, escaped the way JSON allows.
        for (int c = 0; c < 0x20; c++) {
            boolean layout = c == '\t' || c == '\n' || c == '\r';
            v.add(new HostileValue(String.format("string with U+%04X", c),
                ("\"a\\u" + String.format("%04x", c) + "b\"").getBytes(StandardCharsets.US_ASCII), "string", !layout, layout));
        }
        v.add(string("string with U+007F", "a\u007Fb"));
        // The same control characters raw inside the string: not valid JSON text.
        v.add(new HostileValue("raw NUL inside a string", new byte[] {'"', 'a', 0, 'b', '"'}, NOT_JSON, true, false));
        v.add(new HostileValue("raw line feed inside a string", new byte[] {'"', 'a', '\n', 'b', '"'}, NOT_JSON, true, false));
        // Lone and misordered surrogates, escaped (valid JSON that no UTF-8 store can keep).
        for (String s : List.of("\\ud800", "\\udfff", "a\\ud83d", "\\udc00\\ud800", "\\ud83d\\ud83d")) {
            v.add(new HostileValue("lone surrogate " + s, ("\"" + s + "\"").getBytes(StandardCharsets.US_ASCII), "string", true,
                false));
        }
        // Bytes that are not UTF-8: a stray continuation byte, an overlong NUL, a UTF-8-encoded surrogate.
        for (String hex : List.of("ff", "c080", "eda080", "f4908080", "e282")) {
            byte[] bad = HexFormat.of().parseHex(hex);
            byte[] raw = new byte[bad.length + 4];
            raw[0] = '"';
            raw[1] = 'a';
            System.arraycopy(bad, 0, raw, 2, bad.length);
            raw[raw.length - 2] = 'b';
            raw[raw.length - 1] = '"';
            v.add(new HostileValue("invalid UTF-8 " + hex, raw, "string", true, false));
        }
        // Numbers at and beyond every limit, and the non-finite ones JSON does not have.
        for (String n : List.of("1e308", "-1e308", "1e309", "-1e309", "1e-400", "-0", "-0.0", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890123456789", "1E2",
            "0.1e1", "4.9e-324", "1.0000000000000000000000001")) {
            v.add(json(n, wholeNumber(n) ? "integer" : "number"));
        }
        for (String notJson : List.of("NaN", "Infinity", "-Infinity", "+1", "01", ".5", "0x10", "1.", "undefined")) {
            v.add(json(notJson, NOT_JSON));
        }
        // Deep nesting.
        v.add(json("[".repeat(1_000) + "]".repeat(1_000), "array"));
        v.add(json("{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000), "object"));
        v.add(json("[".repeat(100_000), NOT_JSON));
        return v;
    }

    /**
     * Whether a number literal is read as a whole number. Numbers are read as IEEE 754 doubles (RFC
     * 8259 section 6 calls that interoperable), so 1E2 and 1.0000000000000000000000001 are whole.
     */
    private static boolean wholeNumber(String literal) {
        double value = Double.parseDouble(literal);
        return literal.matches("-?\\d+") || (Double.isFinite(value) && value == Math.rint(value));
    }

    /**
     * Strings at the edges of a format: well-formed to one reader and not to another. They need
     * not be refused, but whatever is accepted must be stored and shown like any valid value.
     */
    static List<HostileValue> forFormat(String format) {
        List<String> texts = switch (format == null ? "" : format) {
            case "date-time" -> List.of("2024-02-30T00:00:00Z", "2024-01-01t00:00:00z", "2016-12-31T23:59:60Z",
                "2024-01-01T00:00:00+14:00", "2024-01-01T00:00:00-12:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "2024-01-01T00:00:00.123456789123Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00", "+2024-01-01T00:00:00Z",
                "2024-W01-1T00:00:00Z", "1999-12-31T23:59:59Z", java.time.Instant.now().plusSeconds(3_600).toString(),
                java.time.Instant.now().toString().replace("Z", "+00:00"));
            case "uri" -> List.of("http://[::1]/hook", "http://user:secret@example.com/", "javascript:alert(1)",
                "http://127.0.0.1:9/" + "a".repeat(2_100), "http://ex ample.com/", "http://%00/", "file:///etc/passwd",
                "http://169.254.169.254/latest/meta-data", "http://0x7f.1/", "http://[fe80::1%25eth0]/", "https://例え.テスト/",
                "http://127.0.0.1:99999/", "http:", "//example.com/");
            default -> List.of();
        };
        return texts.stream().map(t -> string(format + " " + t.substring(0, Math.min(t.length(), 40)), t)).toList();
    }

    private static HostileValue json(String text, String type) {
        return new HostileValue(text.length() > 40 ? text.substring(0, 20) + "…(" + text.length() + ")" : text,
            text.getBytes(StandardCharsets.UTF_8), type, false, false);
    }

    private static HostileValue string(String name, String text) {
        return new HostileValue(name, io.vertx.core.json.Json.encode(text).getBytes(StandardCharsets.UTF_8), "string",
            false, false);
    }

    /** Whether a field whose schema allows {@code types} (JSON Schema type names) takes a value of this one's type. */
    boolean fits(java.util.Set<String> types) {
        if (jsonType == null) {
            return false;
        }
        if (types.isEmpty() || types.contains(jsonType)) {
            return true;
        }
        return "integer".equals(jsonType) && types.contains("number");
    }
}
