package verticles.api.contract;

import io.vertx.json.schema.OutputUnit;
import verticles.domain.Violation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns vertx-json-schema's output into the API's violations: one per field at fault, named the
 * way the rest of the API names fields ({@code items[0].quantity}, {@code [3].lat} in a batch),
 * in words a client developer can act on.
 */
final class SchemaErrors {

    /** Keywords that only report that something below them failed; the failure itself is listed too. */
    private static final Set<String> WRAPPERS = Set.of("$ref", "$dynamicRef", "$recursiveRef", "properties",
        "patternProperties", "items", "prefixItems", "additionalItems", "unevaluatedItems", "allOf", "if", "then",
        "else", "dependentSchemas");

    private static final String UNKNOWN = "is not a known field";

    private SchemaErrors() {
    }

    static List<Violation> violations(OutputUnit result) {
        Set<Violation> out = new LinkedHashSet<>();
        List<OutputUnit> errors = result.getErrors() == null ? List.of(result) : result.getErrors();
        for (OutputUnit error : errors) {
            String keyword = lastSegment(error.getKeywordLocation());
            if (WRAPPERS.contains(keyword) || error.getError() == null) {
                continue;
            }
            out.add(violation(keyword, field(error.getInstanceLocation()), error.getError()));
        }
        // A known property that failed its own schema counts as "not evaluated", so the library also
        // names it unknown; keep only the real fault, on the field or inside it.
        List<String> faulty = out.stream().filter(v -> !UNKNOWN.equals(v.message())).map(Violation::field).toList();
        out.removeIf(v -> UNKNOWN.equals(v.message()) && faulty.stream().anyMatch(f -> f.equals(v.field())
            || f.startsWith(v.field() + ".") || f.startsWith(v.field() + "[")));
        if (out.isEmpty()) {
            out.add(new Violation("", "does not match the contract"));
        }
        return new ArrayList<>(out);
    }

    private static Violation violation(String keyword, String field, String message) {
        return switch (keyword) {
            case "required" -> new Violation(join(field, quoted(message)), "is required");
            case "additionalProperties", "unevaluatedProperties" -> new Violation(field, UNKNOWN);
            case "type" -> new Violation(field, "must be of type " + after(message, "Expected "));
            case "enum" -> new Violation(field, "must be one of " + after(message, "any of "));
            case "format" -> new Violation(field, "is not a valid " + quoted(message));
            case "pattern" -> new Violation(field, "is not in the expected form");
            default -> new Violation(field, message);
        };
    }

    /** A JSON pointer ({@code /items/0/quantity}) as a field path ({@code items[0].quantity}). */
    static String field(String pointer) {
        if (pointer == null || pointer.isEmpty() || "/".equals(pointer)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String token : pointer.substring(1).split("/", -1)) {
            String name = token.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                out.append('[').append(name).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(name);
            }
        }
        return out.toString();
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    private static String lastSegment(String keywordLocation) {
        return keywordLocation == null ? "" : keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    }

    private static String quoted(String message) {
        int start = message.indexOf('"');
        int end = message.lastIndexOf('"');
        return start >= 0 && end > start ? message.substring(start + 1, end) : message;
    }

    private static String after(String message, String marker) {
        int at = message.indexOf(marker);
        return at < 0 ? message : message.substring(at + marker.length());
    }
}
