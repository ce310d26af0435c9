package verticles.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.api.contract.ContractCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request body as the domain reads it: plain maps and lists. {@link ContractCheck} has
 * already decoded it and checked it against the operation's schema, so here it is only handed on.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The checked JSON object body; empty when an optional body was not sent. */
    static Map<String, Object> jsonObject(RoutingContext rc) {
        Object body = ContractCheck.body(rc);
        if (body == null) {
            return Map.of();
        }
        return plainObject(checked(body, JsonObject.class, rc));
    }

    /** The checked JSON array body (a batch), each item as plain maps and lists. */
    @SuppressWarnings("unchecked")
    static List<Object> jsonArray(RoutingContext rc) {
        return (List<Object>) plain(checked(ContractCheck.body(rc), JsonArray.class, rc));
    }

    private static <T> T checked(Object body, Class<T> type, RoutingContext rc) {
        if (!type.isInstance(body)) {
            // Only reachable when a route's schema in openapi/meridian.yaml does not say object or array.
            throw new IllegalStateException(rc.request().method() + " " + rc.currentRoute().getPath()
                + ": the contract let through a body that is not a " + type.getSimpleName());
        }
        return type.cast(body);
    }

    /** The raw body, or null when there is none (an empty body has no buffer at all). */
    static io.vertx.core.buffer.Buffer buffer(RoutingContext rc) {
        io.vertx.core.buffer.Buffer buffer = rc.body() == null ? null : rc.body().buffer();
        return buffer == null || buffer.length() == 0 ? null : buffer;
    }

    static Map<String, Object> plainObject(JsonObject object) {
        Map<String, Object> out = new LinkedHashMap<>();
        object.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    /** A decoded JSON value as plain maps and lists, what the domain rules read. */
    static Object plain(Object value) {
        if (value instanceof JsonObject o) {
            return plainObject(o);
        }
        if (value instanceof JsonArray a) {
            List<Object> out = new ArrayList<>(a.size());
            a.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }
}
