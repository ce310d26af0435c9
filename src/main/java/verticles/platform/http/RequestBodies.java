package verticles.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request body as the domain reads it: plain maps and lists. The edge's contract check has
 * already decoded it and checked it against the operation's schema ({@link #holdChecked}), so
 * here it is only handed on.
 */
public final class RequestBodies {

    private static final String CHECKED = "contract.body";

    private RequestBodies() {
    }

    /** Keeps the body the contract check decoded and passed, for the route to read. */
    public static void holdChecked(RoutingContext rc, Object body) {
        rc.put(CHECKED, body);
    }

    /** The decoded body as the contract check held it (a JsonObject or JsonArray), or null without one. */
    public static Object held(RoutingContext rc) {
        return rc.get(CHECKED);
    }

    /** The checked JSON object body; empty when an optional body was not sent. */
    public static Map<String, Object> jsonObject(RoutingContext rc) {
        Object body = rc.get(CHECKED);
        if (body == null) {
            return Map.of();
        }
        return plainObject(checked(body, JsonObject.class, rc));
    }

    /** The checked JSON array body (a batch), each item as plain maps and lists. */
    @SuppressWarnings("unchecked")
    public static List<Object> jsonArray(RoutingContext rc) {
        return (List<Object>) plain(checked(rc.get(CHECKED), JsonArray.class, rc));
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
    public static io.vertx.core.buffer.Buffer buffer(RoutingContext rc) {
        io.vertx.core.buffer.Buffer buffer = rc.body() == null ? null : rc.body().buffer();
        return buffer == null || buffer.length() == 0 ? null : buffer;
    }

    public static Map<String, Object> plainObject(JsonObject object) {
        Map<String, Object> out = new LinkedHashMap<>();
        object.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    /** A decoded JSON value as plain maps and lists, what the domain rules read. */
    public static Object plain(Object value) {
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
