package verticles.deadletters;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.platform.http.Problem;
import verticles.platform.http.Operations;
import verticles.platform.http.Replies;

/** {@code /v1/admin/dead-letters}: what consumers could not process, listed and replayed by the operator. */
public final class DeadLetterRoutes {

    private static final int DEFAULT_PAGE = 20;

    private final Vertx vertx;

    public DeadLetterRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Operations operations) {
        operations.serve("listDeadLetters", this::list);
        operations.serve("replayDeadLetter", this::replay);
    }

    /** Newest first; {@code ?consumer=} narrows to one consumer, {@code ?cursor=} pages on. */
    private void list(RoutingContext rc) {
        String consumer = rc.queryParams().get("consumer");
        // The contract checked both: whole numbers, the limit from 1 to 100.
        String cursor = rc.queryParams().get("cursor");
        String limit = rc.queryParams().get("limit");
        Replies.ask(vertx, rc, DeadLetterAddresses.DEAD_LETTERS_LIST, new JsonObject().put("consumer", consumer)
            .put("cursor", cursor == null ? null : Long.valueOf(cursor))
            .put("limit", limit == null ? DEFAULT_PAGE : Integer.parseInt(limit)));
    }

    /** Re-drives one dead letter: 202 once the record is back on its topic (or its delivery is due again). */
    private void replay(RoutingContext rc) {
        String text = rc.pathParam("id");
        if (!text.matches("[0-9]{1,18}")) {
            Problem.send(rc, 404, "Not Found", "no dead letter " + text);
            return;
        }
        vertx.eventBus().<JsonObject>request(DeadLetterAddresses.DEAD_LETTERS_REPLAY,
                Replies.correlated(rc, new JsonObject().put("id", Long.parseLong(text))), Replies.COMMAND)
            .onSuccess(reply -> Replies.json(rc, 202, reply.body()))
            .onFailure(e -> Problem.fromFailure(rc, e));
    }
}
