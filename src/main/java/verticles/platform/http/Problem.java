package verticles.platform.http;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * RFC 9457 problem details: the one shape every 4xx and 5xx answer takes. Event-bus handlers
 * fail with an HTTP status as the failure code, so {@link #fromFailure} maps them here once.
 */
public final class Problem {

    public static final String CONTENT_TYPE = "application/problem+json";

    private Problem() {
    }

    public static Future<Void> send(RoutingContext rc, int status, String title, String detail) {
        return send(rc, status, title, detail, null);
    }

    public static Future<Void> send(RoutingContext rc, int status, String title, String detail, JsonArray errors) {
        JsonObject body = new JsonObject()
            .put("type", "/problems/" + slug(title))
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
        if (errors != null) {
            body.put("errors", errors);
        }
        if ((status == 503 || status == 429) && !rc.response().headers().contains("Retry-After")) {
            rc.response().putHeader("Retry-After", "1");
        }
        return Answers.end(rc, status, CONTENT_TYPE, body.encode());
    }

    /** 400 naming every field at fault: {@code errors} holds one {@code {field, message}} per violation. */
    public static Future<Void> invalid(RoutingContext rc, String detail, java.util.List<verticles.domain.Violation> violations) {
        JsonArray errors = new JsonArray();
        violations.forEach(v -> errors.add(new JsonObject().put("field", v.field()).put("message", v.message())));
        return send(rc, 400, "Bad Request", detail, errors);
    }

    /** Maps a failed event-bus request, a refused command, or any other failure to a problem answer. */
    public static Future<Void> fromFailure(RoutingContext rc, Throwable failure) {
        if (failure instanceof verticles.platform.CommandFailure refused) {
            return send(rc, refused.status(), titleFor(refused.status()), refused.getMessage());
        }
        if (failure instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() >= 400
                && reply.failureCode() < 600) {
                return send(rc, reply.failureCode(), titleFor(reply.failureCode()), reply.getMessage());
            }
            return send(rc, 503, "Service Unavailable",
                "the service that owns this request did not answer in time; retry shortly");
        }
        rc.fail(failure);
        return Future.succeededFuture();
    }

    public static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
