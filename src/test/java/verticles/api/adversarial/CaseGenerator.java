package verticles.api.adversarial;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Derives hostile requests for an operation from its contract: a valid request first, then that
 * request with one thing replaced at a time.
 * <ul>
 *   <li>the body: every field at every depth (the root and array items included) replaced by
 *       each {@link HostileValue}, an unknown field added to each object, each required field
 *       taken away; the same for each NDJSON line where the operation takes NDJSON;</li>
 *   <li>the request as a whole: a BOM, trailing bytes, duplicate keys, an empty body, other
 *       encodings and content types;</li>
 *   <li>each query, path and header parameter, and the headers Meridian stores or echoes.</li>
 * </ul>
 */
final class CaseGenerator {

    private static final String PLACEHOLDER = "@@hostile-value@@";
    /** Headers whose value Meridian stores or echoes: control characters in them are refused. */
    private static final List<String> STORED_HEADERS = List.of("Idempotency-Key", "X-Request-Id", "traceparent");

    private final ContractModel contract;
    private final ValidRequests valid;
    private final Fixtures fixtures;
    private final List<HostileValue> hostile = HostileValue.all();

    CaseGenerator(ContractModel contract, Fixtures fixtures) {
        this.contract = contract;
        this.fixtures = fixtures;
        this.valid = new ValidRequests(contract, fixtures);
    }

    List<Case> cases(ContractModel.Operation op) {
        List<Case> cases = new ArrayList<>();
        RawRequest base = baseline(op);
        cases.add(new Case(op.id() + " valid", base, false));
        if (op.body() != null) {
            Object body = valid.value(op.body(), null);
            bodyCases(op, base, body, cases);
            requestCases(op, base, body, cases);
        }
        queryCases(op, base, cases);
        pathCases(op, cases);
        headerCases(op, base, cases);
        return cases;
    }

    private RawRequest baseline(ContractModel.Operation op) {
        List<RawRequest.Header> headers = new ArrayList<>();
        if (!op.anonymous()) {
            headers.add(RawRequest.Header.of("Authorization", "Bearer " + (op.admin() ? fixtures.adminKey() : fixtures.tenantKey())));
        }
        byte[] body = null;
        if (op.body() != null) {
            headers.add(RawRequest.Header.of("Content-Type", "application/json"));
            body = Json.encode(valid.value(op.body(), null)).getBytes(StandardCharsets.UTF_8);
        }
        return new RawRequest(op.method(), target(op, null, null), headers, body);
    }

    /** The path with each path parameter filled in, one of them replaced by {@code hostile} when named. */
    private String target(ContractModel.Operation op, String hostileParameter, String hostile) {
        String path = op.path();
        for (JsonObject p : op.parameters("path")) {
            String name = p.getString("name");
            String value = name.equals(hostileParameter) ? hostile : valid.parameter(p);
            path = path.replace("{" + name + "}", value);
        }
        return path;
    }

    // --- the body, field by field

    private void bodyCases(ContractModel.Operation op, RawRequest base, Object body, List<Case> cases) {
        for (List<Object> path : paths(body)) {
            JsonObject schema = schemaAt(op.body(), path);
            Set<String> types = contract.types(schema);
            boolean multiline = schema.getBoolean("x-multiline", false);
            List<HostileValue> values = new ArrayList<>(hostile);
            values.addAll(HostileValue.forFormat(schema.getString("format")));
            for (HostileValue value : values) {
                boolean refuse = value.forbiddenText() || (value.layoutText() && !multiline) || !value.fits(types);
                byte[] mutated = replaced(body, path, value.raw());
                cases.add(new Case(op.id() + " body " + pathName(path) + " = " + value.name(), base.withBody(mutated), refuse));
                if (op.ndjson() && !path.isEmpty()) {
                    cases.add(new Case(op.id() + " NDJSON line " + pathName(path) + " = " + value.name(),
                        ndjson(base, mutated), refuse));
                }
            }
            Object at = get(body, path);
            if (at instanceof JsonObject object) {
                JsonObject resolved = contract.resolve(schema);
                boolean closed = Boolean.FALSE.equals(resolved.getValue("additionalProperties"))
                    || Boolean.FALSE.equals(resolved.getValue("unevaluatedProperties"));
                JsonObject extra = object.copy().put("zzz-unknown", 1);
                cases.add(new Case(op.id() + " body " + pathName(path) + " with an unknown field",
                    base.withBody(encode(set(body, path, extra))), closed));
                for (Object required : resolved.getJsonArray("required", new JsonArray())) {
                    JsonObject missing = object.copy();
                    missing.remove((String) required);
                    cases.add(new Case(op.id() + " body " + pathName(path) + " without " + required,
                        base.withBody(encode(set(body, path, missing))), true));
                }
            }
        }
    }

    /** The mutated batch as NDJSON: the valid batch has one item, so its one line is the mutated item. */
    private static RawRequest ndjson(RawRequest base, byte[] mutatedArray) {
        byte[] item = java.util.Arrays.copyOfRange(mutatedArray, 1, mutatedArray.length - 1);
        return base.with(RawRequest.Header.of("Content-Type", "application/x-ndjson")).withBody(concat(item, new byte[] {'\n'}));
    }

    // --- the request as a whole

    private void requestCases(ContractModel.Operation op, RawRequest base, Object body, List<Case> cases) {
        byte[] valid = base.body();
        String text = new String(valid, StandardCharsets.UTF_8);
        add(cases, op, "BOM before the body", base.withBody(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid)), false);
        add(cases, op, "trailing text", base.withBody(concat(valid, " x".getBytes(StandardCharsets.UTF_8))), true);
        add(cases, op, "a second document", base.withBody(concat(valid, valid)), true);
        add(cases, op, "a trailing NUL", base.withBody(concat(valid, new byte[] {0})), true);
        add(cases, op, "empty body", base.withBody(new byte[0]), op.bodyRequired());
        add(cases, op, "whitespace body", base.withBody("  \n ".getBytes(StandardCharsets.UTF_8)), true);
        add(cases, op, "UTF-16 body", base.withBody(text.getBytes(StandardCharsets.UTF_16)), true);
        add(cases, op, "body over the size limit", base.withBody(("[" + "0,".repeat(600_000) + "0]")
            .getBytes(StandardCharsets.US_ASCII)), true);
        if (body instanceof JsonObject object && !object.isEmpty()) {
            String first = object.fieldNames().iterator().next();
            for (HostileValue value : List.of(hostile.get(0), hostile.get(5), hostile.get(13))) {
                // {"k": <hostile>, …, "k": <valid>}: a parser that keeps the first value would see the hostile one.
                byte[] duplicated = concat(("{\"" + first + "\":").getBytes(StandardCharsets.UTF_8), value.raw(),
                    ("," + text.substring(1)).getBytes(StandardCharsets.UTF_8));
                add(cases, op, "duplicate key " + first + " (first " + value.name() + ")", base.withBody(duplicated), true);
            }
        }
        for (String type : List.of("", "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json, text/plain",
            "*/*", "application/x-ndjson", "application/problem+json", "application/json\u0001")) {
            if ("application/x-ndjson".equals(type) && op.ndjson()) {
                continue;
            }
            RawRequest typed = type.isEmpty() ? base.without("Content-Type")
                : base.with(new RawRequest.Header("Content-Type", type.getBytes(StandardCharsets.UTF_8)));
            add(cases, op, "Content-Type '" + type.replace("\u0001", "\\x01") + "'", typed,
                !type.startsWith("application/json") || type.contains(",") || type.contains("\u0001") || type.contains("utf-16"));
        }
        add(cases, op, "gzip Content-Encoding on plain bytes",
            base.with(RawRequest.Header.of("Content-Encoding", "gzip")), false);
        if (op.ndjson()) {
            JsonArray items = new JsonArray(text);
            String line = Json.encode(items.getValue(0));
            add(cases, op, "NDJSON with CRLF", ndjsonBody(base, line + "\r\n" + line + "\r\n"), false);
            add(cases, op, "NDJSON with blank lines", ndjsonBody(base, "\n\n" + line + "\n\n"), false);
            add(cases, op, "NDJSON line that is an array", ndjsonBody(base, "[" + line + "]\n"), true);
            add(cases, op, "NDJSON line that is a number", ndjsonBody(base, "42\n" + line + "\n"), true);
            add(cases, op, "NDJSON with no lines", ndjsonBody(base, "\n \n"), true);
            add(cases, op, "NDJSON with a NUL between lines", ndjsonBody(base, line + "\n\u0000\n" + line), true);
        }
    }

    private static RawRequest ndjsonBody(RawRequest base, String body) {
        return base.with(RawRequest.Header.of("Content-Type", "application/x-ndjson"))
            .withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    // --- parameters and headers

    private static final List<String> HOSTILE_QUERY = List.of("", "%00", "a%00b", "%0A", "%1F", "%7F", "%FF", "%C0%80",
        "%ED%A0%80", "a".repeat(3_000), "-1", "0", "99999999999999999999", "1.5", "1e3", "NaN", "true", "%5B%5D",
        "'%20OR%201=1", "%25", "%", "%zz", "a+b", "%F0%9F%9A%9A");

    private void queryCases(ContractModel.Operation op, RawRequest base, List<Case> cases) {
        for (JsonObject p : op.parameters("query")) {
            String name = p.getString("name");
            for (String value : HOSTILE_QUERY) {
                boolean control = value.matches("(?i).*%(0[0-9a-f]|1[0-9a-f]).*");
                add(cases, op, "query " + name + "=" + shorten(value), base.withTarget(base.target() + "?" + name + "=" + value),
                    control);
            }
            add(cases, op, "query " + name + " twice", base.withTarget(base.target() + "?" + name + "=1&" + name + "=2"), false);
        }
        add(cases, op, "an unknown query parameter holding NUL", base.withTarget(base.target() + "?zzz=%00"), false);
        add(cases, op, "a query of 2,000 parameters", base.withTarget(base.target() + "?" + "a=1&".repeat(2_000)), false);
    }

    private static final List<String> HOSTILE_PATH = List.of("%00", "x%00", "%0A", "a".repeat(3_000), "..%2F..%2Fetc%2Fpasswd",
        "%FF", "%C0%80", "%ED%A0%80", "Zo%C3%AB", "'%20OR%201=1", "%2e%2e", "-1", "99999999999999999999999");

    private void pathCases(ContractModel.Operation op, List<Case> cases) {
        RawRequest base = baseline(op);
        for (JsonObject p : op.parameters("path")) {
            String name = p.getString("name");
            for (String value : HOSTILE_PATH) {
                boolean control = value.matches("(?i).*%(0[0-9a-f]|1[0-9a-f]).*");
                add(cases, op, "path " + name + "=" + shorten(value), base.withTarget(target(op, name, value)), control);
            }
        }
    }

    private static final List<byte[]> HOSTILE_HEADER = List.of(new byte[0], bytes("a\u0001b"), bytes("a\u0000b"),
        bytes("a\tb"), bytes("a\u001bb"), bytes("a\u007fb"), new byte[] {(byte) 0xff, (byte) 0xfe}, "Zoë".getBytes(StandardCharsets.UTF_8),
        bytes("x".repeat(300)), bytes("x".repeat(9_000)), bytes("' OR 1=1 --"), bytes("00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01"),
        bytes("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), bytes("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));

    private void headerCases(ContractModel.Operation op, RawRequest base, List<Case> cases) {
        List<String> names = new ArrayList<>(STORED_HEADERS);
        op.parameters("header").forEach(p -> {
            if (!names.contains(p.getString("name"))) {
                names.add(p.getString("name"));
            }
        });
        for (String name : names) {
            for (byte[] value : HOSTILE_HEADER) {
                boolean control = false;
                for (byte b : value) {
                    control |= (b >= 0 && b < 0x20) || b == 0x7f;
                }
                add(cases, op, "header " + name + ": " + shorten(RawRequest.printable(value)),
                    base.with(new RawRequest.Header(name, value)), control && STORED_HEADERS.contains(name));
            }
        }
        if (!op.anonymous()) {
            for (byte[] value : List.of(bytes("Bearer " + "k".repeat(9_000)), bytes("Bearer a\u0001b"), bytes("Bearer"),
                bytes("Basic YWRtaW46YWRtaW4="), bytes("Bearer " + "' OR 1=1 --"), new byte[] {'B', 'e', 'a', 'r', 'e', 'r', ' ', (byte) 0xff})) {
                add(cases, op, "Authorization: " + shorten(RawRequest.printable(value)),
                    base.with(new RawRequest.Header("Authorization", value)), true);
            }
            add(cases, op, "X-API-Key with a control character",
                base.without("Authorization").with(new RawRequest.Header("X-API-Key", bytes("a\u0001b"))), true);
        }
    }

    // --- JSON paths

    /** Every path in a JSON value, the root first; only the first item of an array is walked into. */
    private static List<List<Object>> paths(Object value) {
        List<List<Object>> out = new ArrayList<>();
        walk(value, new ArrayList<>(), out);
        return out;
    }

    private static void walk(Object value, List<Object> at, List<List<Object>> out) {
        out.add(List.copyOf(at));
        if (value instanceof JsonObject object) {
            for (String key : object.fieldNames()) {
                at.add(key);
                walk(object.getValue(key), at, out);
                at.remove(at.size() - 1);
            }
        } else if (value instanceof JsonArray array && !array.isEmpty()) {
            at.add(0);
            walk(array.getValue(0), at, out);
            at.remove(at.size() - 1);
        }
    }

    private JsonObject schemaAt(JsonObject schema, List<Object> path) {
        JsonObject s = contract.resolve(schema);
        for (Object token : path) {
            s = contract.resolve(token instanceof Integer ? s.getJsonObject("items")
                : s.getJsonObject("properties").getJsonObject((String) token));
        }
        return s;
    }

    private static Object get(Object value, List<Object> path) {
        Object at = value;
        for (Object token : path) {
            at = token instanceof Integer i ? ((JsonArray) at).getValue(i) : ((JsonObject) at).getValue((String) token);
        }
        return at;
    }

    /** A copy of {@code value} with {@code replacement} at {@code path}. */
    private static Object set(Object value, List<Object> path, Object replacement) {
        if (path.isEmpty()) {
            return replacement;
        }
        Object copy = value instanceof JsonObject o ? o.copy() : ((JsonArray) value).copy();
        Object parent = get(copy, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((JsonArray) parent).set(i, replacement);
        } else {
            ((JsonObject) parent).put((String) last, replacement);
        }
        return copy;
    }

    /** The body with the raw bytes of a hostile value at {@code path}. */
    private static byte[] replaced(Object body, List<Object> path, byte[] raw) {
        byte[] encoded = encode(set(body, path, PLACEHOLDER));
        byte[] marker = ("\"" + PLACEHOLDER + "\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(encoded, marker);
        return concat(java.util.Arrays.copyOfRange(encoded, 0, at), raw,
            java.util.Arrays.copyOfRange(encoded, at + marker.length, encoded.length));
    }

    private static String pathName(List<Object> path) {
        if (path.isEmpty()) {
            return "(root)";
        }
        StringBuilder s = new StringBuilder();
        for (Object token : path) {
            s.append(token instanceof Integer i ? "[" + i + "]" : (s.isEmpty() ? "" : ".") + token);
        }
        return s.toString();
    }

    // --- small helpers

    private static void add(List<Case> cases, ContractModel.Operation op, String what, RawRequest request, boolean refuse) {
        cases.add(new Case(op.id() + " " + what, request, refuse));
    }

    private static byte[] encode(Object value) {
        return Json.encode(value).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 20) + "…(" + text.length() + ")" : text;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("placeholder not found");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
