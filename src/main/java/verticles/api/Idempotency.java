package verticles.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import verticles.domain.tenant.ApiKeys;
import verticles.platform.db.CreatedOnce;
import verticles.platform.http.Answers;
import verticles.platform.http.Caller;
import verticles.platform.http.Problem;
import verticles.platform.http.Replies;
import verticles.platform.http.RequestBodies;
import verticles.platform.redis.LuaScript;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on any POST: the first request with a key runs and its answer is kept
 * (in Redis, per tenant, for {@code idempotency.ttl}); the same key with the same request gets
 * that answer again, with {@code Idempotent-Replayed: true}, and changes nothing; the same key
 * with a different request is 422; while the first is still running, 409 with
 * {@code Retry-After}. An answer of 5xx is not kept, so a retry runs again.
 *
 * <p>Redis is the fast path, not the guarantee: a request that creates something also hands its
 * key to the owner, which claims it in PostgreSQL together with what it creates
 * ({@link CreatedOnce}). So a retry after a 5xx, or after the node died, answers what the first
 * attempt created instead of creating it again.
 */
final class Idempotency implements Handler<RoutingContext> {

    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    /**
     * KEYS: the key's record. ARGV: the request's fingerprint, how long a running request holds
     * it. Claims the key (answering {@code "claimed"}) or answers the record already there.
     */
    private static final LuaScript CLAIM = new LuaScript("""
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        redis.call('SET', KEYS[1], cjson.encode({state = 'running', fingerprint = ARGV[1]}), 'PX', ARGV[2])
        return 'claimed'""");

    private final Redis redis;
    private final long keepMillis;
    /** How long a running request holds its key: a node that dies mid-request frees it after this. */
    private final long runningMillis;

    Idempotency(Redis redis, Duration keep, Duration runningHold) {
        this.redis = redis;
        this.keepMillis = keep.toMillis();
        this.runningMillis = runningHold.toMillis();
    }

    @Override
    public void handle(RoutingContext rc) {
        String key = rc.request().getHeader(HEADER);
        if (rc.request().method() != HttpMethod.POST || key == null) {
            rc.next();
            return;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            Problem.send(rc, 400, "Bad Request", HEADER + " must be 1 to " + MAX_KEY_LENGTH + " characters");
            return;
        }
        String scope = Caller.tenant(rc) == null ? "admin" : Caller.tenant(rc);
        String keyHash = ApiKeys.hash(key);
        String record = "meridian:idempotency:" + scope + ":" + keyHash;
        Buffer body = RequestBodies.buffer(rc);
        String fingerprint = ApiKeys.hash(rc.request().method() + " " + rc.normalizedPath() + "\n"
            + (body == null ? "" : body.toString()));
        CLAIM.call(redis, List.of(record), List.of(fingerprint, String.valueOf(runningMillis))).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(503, ar.cause());
                return;
            }
            String answer = ar.result().toString();
            if ("claimed".equals(answer)) {
                rc.put(CreatedOnce.COMMAND_FIELD, new JsonObject().put("scope", scope).put("keyHash", keyHash)
                    .put("fingerprint", fingerprint));
                // Kept just before the answer is sent, so a retry the instant the client has it finds
                // it; a response ended some other way (a closed connection) is kept when it ends.
                AtomicBoolean kept = new AtomicBoolean();
                Supplier<Future<Void>> keepOnce = () -> kept.getAndSet(true) ? Future.succeededFuture()
                    : keep(rc, record, fingerprint);
                Answers.beforeEnd(rc, keepOnce);
                rc.addEndHandler(done -> keepOnce.get());
                rc.next();
                return;
            }
            JsonObject kept = new JsonObject(answer);
            if (!fingerprint.equals(kept.getString("fingerprint"))) {
                Problem.send(rc, 422, "Unprocessable Entity",
                    "this " + HEADER + " was used with a different request; use a new key for a new request");
            } else if ("running".equals(kept.getString("state"))) {
                rc.response().putHeader("Retry-After", "1");
                Problem.send(rc, 409, "Conflict", "the first request with this " + HEADER + " is still running; retry shortly");
            } else {
                replay(rc, kept);
            }
        });
    }

    /**
     * Marks an answer's fields as secrets shown once (a new API key, a webhook's signing secret):
     * the kept answer leaves them out, so a replay answers without them and no secret sits in
     * Redis in clear for the idempotency period.
     */

    /** Keeps the answer the client gets, or frees the key when it is a 5xx (a retry should run again). */
    private Future<Void> keep(RoutingContext rc, String record, String fingerprint) {
        int status = rc.response().getStatusCode();
        String body = withoutSecrets(Answers.body(rc), Replies.withheld(rc));
        if (status >= 500 || body == null) {
            return redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.DEL).arg(record)).mapEmpty();
        }
        JsonObject kept = new JsonObject().put("state", "done").put("fingerprint", fingerprint).put("status", status)
            .put("contentType", rc.response().headers().get("Content-Type"))
            .put("location", rc.response().headers().get("Location"))
            .put("body", body);
        return redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SET).arg(record).arg(kept.encode())
            .arg("PX").arg(keepMillis)).mapEmpty();
    }

    /** The answer's body without the fields withheld on replay; the replay says which were left out. */
    static String withoutSecrets(String body, List<String> withheld) {
        if (body == null || withheld == null || withheld.isEmpty()) {
            return body;
        }
        JsonObject answer = new JsonObject(body);
        List<String> removed = withheld.stream().filter(f -> answer.remove(f) != null).toList();
        return removed.isEmpty() ? body : answer.put("withheld", new io.vertx.core.json.JsonArray(removed)).encode();
    }

    private static void replay(RoutingContext rc, JsonObject kept) {
        if (kept.getString("location") != null) {
            rc.response().putHeader("Location", kept.getString("location"));
        }
        rc.response().putHeader("Idempotent-Replayed", "true");
        Answers.end(rc, kept.getInteger("status"), kept.getString("contentType"), kept.getString("body"));
    }
}
