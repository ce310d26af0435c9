package verticles.api;

import io.vertx.core.buffer.Buffer;
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
        Buffer buffer = buffer(rc);
        if (buffer == null) {
            Problem.send(rc, 400, "Bad Request", "a JSON object body is required");
            return null;
        }
        Object parsed = jsonValue(rc, buffer);
        if (parsed == null) {
            return null;
        }
        if (!(parsed instanceof JsonObject object)) {
            Problem.send(rc, 400, "Bad Request", "the body must be a JSON object");
            return null;
        }
        return plainObject(object);
    }

    /** The request body, or null when there is none (an empty body has no buffer at all). */
    static Buffer buffer(RoutingContext rc) {
        Buffer buffer = rc.body() == null ? null : rc.body().buffer();
        return buffer == null || buffer.length() == 0 ? null : buffer;
    }

    /** The body decoded as any JSON value, or null once answered 400 because it is not JSON (or is JSON null). */
    static Object jsonValue(RoutingContext rc, Buffer buffer) {
        try {
            Object value = buffer.toJsonValue();
            if (value == null) {
                // The literal null is valid JSON, but null here means "answered" to every caller.
                Problem.send(rc, 400, "Bad Request", "the body is JSON null; send an object or an array");
            }
            return value;
        } catch (DecodeException e) {
            Problem.send(rc, 400, "Bad Request", "the body is not valid JSON");
            return null;
        }
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
