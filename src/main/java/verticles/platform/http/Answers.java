package verticles.platform.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Ends responses with a body, keeping that body in the routing context, so a handler that runs
 * when the response is done (idempotent replays) can store exactly what the client got.
 */
public final class Answers {

    private static final String BODY = "meridian.responseBody";

    private Answers() {
    }

    public static io.vertx.core.Future<Void> end(RoutingContext rc, int status, String contentType, String body) {
        rc.put(BODY, body);
        return rc.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }

    /** The body the response was ended with through {@link #end}, or null. */
    public static String body(RoutingContext rc) {
        return rc.get(BODY);
    }
}
