package verticles.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.platform.http.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON request bodies, answering 415 or 400 itself when a body cannot be read at all. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The body as a plain tree of maps and lists for the domain rules, or null once answered. */
    static Map<String, Object> jsonObject(RoutingContext rc) {
        String contentType = rc.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            Problem.send(rc, 415, "Unsupported Media Type", "send the body as application/json");
            return null;
        }
        // An empty body has no buffer at all, not an empty one.
        io.vertx.core.buffer.Buffer buffer = rc.body() == null ? null : rc.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            Problem.send(rc, 400, "Bad Request", "a JSON object body is required");
            return null;
        }
        Object parsed;
        try {
            parsed = buffer.toJsonValue();
        } catch (DecodeException e) {
            Problem.send(rc, 400, "Bad Request", "the body is not valid JSON");
            return null;
        }
        if (!(parsed instanceof JsonObject object)) {
            Problem.send(rc, 400, "Bad Request", "the body must be a JSON object");
            return null;
        }
        return plainObject(object);
    }

    static Map<String, Object> plainObject(JsonObject object) {
        Map<String, Object> out = new LinkedHashMap<>();
        object.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    private static Object plain(Object value) {
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
