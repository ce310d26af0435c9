package verticles.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.Checked;
import verticles.domain.Ids;
import verticles.domain.Violation;
import verticles.platform.cluster.ReadAsks;
import verticles.platform.db.CreatedOnce;
import verticles.platform.trace.CorrelationId;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The answers every route gives the same way: JSON from an owning verticle, or a 400 listing violations. */
public final class Replies {

    private static final String WITHHELD = "replies.withheld";

    public static final DeliveryOptions COMMAND = new DeliveryOptions().setSendTimeout(10_000);

    private Replies() {
    }

    /** A command carries its request's correlation id, so what it causes is logged under the same id. */
    public static JsonObject correlated(RoutingContext rc, JsonObject command) {
        return command.put(CorrelationId.FIELD, CorrelationId.of(rc));
    }

    /** Asks the verticle at {@code address} and answers 200 with its JSON, or its failure as problem+json. */
    public static void ask(Vertx vertx, RoutingContext rc, String address, JsonObject message) {
        askFor(vertx, rc, address, message, "application/json");
    }

    /** Like {@link #ask}, answering the JSON as {@code contentType} ({@code application/geo+json} for a track). */
    public static void askFor(Vertx vertx, RoutingContext rc, String address, JsonObject message, String contentType) {
        Replies.<JsonObject>request(vertx, rc, address, correlated(rc, message))
            .onSuccess(reply -> Answers.end(rc, 200, contentType, reply.body().encode()))
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    /** Like {@link #ask}, for verticles that answer with JSON already encoded: passed through as it is. */
    public static void askEncoded(Vertx vertx, RoutingContext rc, String address, JsonObject message) {
        Replies.<String>request(vertx, rc, address, correlated(rc, message))
            .onSuccess(reply -> rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .end(reply.body()))
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    /**
     * A request's question to its owner: a read (GET, HEAD) is asked again if a member of the
     * cluster leaves while it waits ({@link ReadAsks}); anything else is asked once.
     */
    private static <T> Future<Message<T>> request(Vertx vertx, RoutingContext rc, String address, JsonObject message) {
        HttpMethod method = rc.request().method();
        return method == HttpMethod.GET || method == HttpMethod.HEAD
            ? ReadAsks.on(vertx).request(address, message, COMMAND)
            : vertx.eventBus().request(address, message, COMMAND);
    }

    /**
     * Asks the verticle at {@code address} to create something; 201 with its JSON and a Location.
     * The request's Idempotency-Key goes with the command, so the owner creates at most one thing
     * per key; when it answers with what an earlier attempt created, the answer says it is a replay.
     */
    public static void create(Vertx vertx, RoutingContext rc, String address, JsonObject message, String collection) {
        JsonObject idempotency = rc.get(CreatedOnce.COMMAND_FIELD);
        if (idempotency != null) {
            message.put(CreatedOnce.COMMAND_FIELD, idempotency);
        }
        vertx.eventBus().<JsonObject>request(address, correlated(rc, message), COMMAND)
            .onSuccess(reply -> {
                JsonObject created = reply.body();
                if (created.remove(CreatedOnce.REPLAYED_FIELD) != null) {
                    rc.response().putHeader("Idempotent-Replayed", "true");
                }
                rc.response().putHeader("Location", collection + "/" + created.getString("id"));
                json(rc, 201, created);
            })
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    public static void json(RoutingContext rc, int status, JsonObject body) {
        Answers.end(rc, status, "application/json", body.encode());
    }

    /** Goes on with a checked request's value, or answers 400 listing everything wrong with it. */
    public static <T> void whenValid(RoutingContext rc, Checked<T> checked, Consumer<T> goOn) {
        if (checked instanceof Checked.Valid<T> valid) {
            goOn.accept(valid.value());
        } else {
            List<Violation> violations = checked.violations();
            Violation first = violations.get(0);
            invalid(rc, violations.size() == 1 ? first.field() + ": " + first.message()
                : violations.size() + " problems, first " + first.field() + ": " + first.message(), violations);
        }
    }

    public static void invalid(RoutingContext rc, String detail, List<Violation> violations) {
        Problem.invalid(rc, detail, violations);
    }

    /**
     * A handler for a route whose {@code :id} names one thing of a kind: {@code handle} gets the id
     * when it is well-formed with this prefix; otherwise the request is answered 404 (a malformed id
     * names nothing, exactly like an unknown one).
     */
    public static Handler<RoutingContext> withPathId(String prefix, String noun, BiConsumer<RoutingContext, String> handle) {
        return rc -> {
            String id = rc.pathParam("id");
            if (Ids.isWellFormed(id, prefix)) {
                handle.accept(rc, id);
            } else {
                Problem.send(rc, 404, "Not Found", "no " + noun + " " + id);
            }
        };
    }

    /**
     * Names the fields of this request's answer that must never be answered again: a secret is
     * shown once, so a replay of the answer (see the edge's idempotency) leaves them out.
     */
    public static void withholdOnReplay(RoutingContext rc, String... fields) {
        rc.put(WITHHELD, List.of(fields));
    }

    /** The fields {@link #withholdOnReplay} named for this request; empty when none. */
    public static List<String> withheld(RoutingContext rc) {
        List<String> fields = rc.get(WITHHELD);
        return fields == null ? List.of() : fields;
    }

    public static String tenant(RoutingContext rc) {
        return Caller.tenant(rc);
    }
}
