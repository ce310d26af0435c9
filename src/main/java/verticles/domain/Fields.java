package verticles.domain;

import java.util.List;
import java.util.Map;

/**
 * Reads fields of a request body that the API contract has already checked, so the types are
 * known and a cast cannot fail. Numbers arrive as whatever JSON decoding chose (an Integer for
 * {@code 52}, a Double for {@code 52.5}), hence the conversions.
 */
public final class Fields {

    private Fields() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, ?> object(Map<String, ?> body, String field) {
        return (Map<String, ?>) body.get(field);
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, ?>> objects(Map<String, ?> body, String field) {
        return (List<Map<String, ?>>) body.get(field);
    }

    public static double number(Map<String, ?> body, String field) {
        return ((Number) body.get(field)).doubleValue();
    }

    /** An optional number: null when absent. */
    public static Double optionalNumber(Map<String, ?> body, String field) {
        Object value = body.get(field);
        return value == null ? null : ((Number) value).doubleValue();
    }
}
