package verticles.platform.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Ends responses with a body, keeping that body in the routing context, so a handler that runs
 * when the response is done (idempotent replays) can store exactly what the client got.
 */
public final class Answers {

    private static final String BODY = "meridian.responseBody";
    private static final String BEFORE_END = "meridian.beforeEnd";

    private Answers() {
    }

    /**
     * Ends the response: status, content type and body set, then whatever {@link #beforeEnd}
     * asked to run first (it sees them all), then the body is sent, whether that step succeeded
     * or not.
     */
    public static io.vertx.core.Future<Void> end(RoutingContext rc, int status, String contentType, String body) {
        rc.put(BODY, body);
        rc.response().setStatusCode(status).putHeader("Content-Type", contentType);
        java.util.function.Supplier<io.vertx.core.Future<Void>> first = rc.remove(BEFORE_END);
        if (first == null) {
            return rc.response().end(body);
        }
        return first.get().transform(done -> rc.response().ended() ? io.vertx.core.Future.succeededFuture()
            : rc.response().end(body));
    }

    /**
     * Runs {@code step} just before the response's body is sent, once: the idempotency layer keeps
     * the answer there, so a retry that arrives the instant the client has it finds it kept.
     */
    public static void beforeEnd(RoutingContext rc, java.util.function.Supplier<io.vertx.core.Future<Void>> step) {
        rc.put(BEFORE_END, step);
    }

    /** The body the response was ended with through {@link #end}, or null. */
    public static String body(RoutingContext rc) {
        return rc.get(BODY);
    }
}
