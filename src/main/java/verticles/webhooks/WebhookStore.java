package verticles.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import verticles.platform.db.CreatedOnce;
import verticles.platform.jobs.JobQueue;

import verticles.platform.maintenance.BatchedPurge;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of webhooks and their deliveries: subscriptions, the delivery queue and its outcomes. */
final class WebhookStore {

    // The rest of a CreatedOnce statement: the request's idempotency key and the webhook commit together.
    private static final String INSERT_WEBHOOK = """
        created AS (
          INSERT INTO webhooks (id, tenant_id, url, events, secret) SELECT $5, $6, $7, $8, $9 FROM proceed
          RETURNING id, url, events, created_at)
        SELECT id, url, events, created_at FROM created""";
    private static final String SELECT_CREATED = "SELECT id, url, events, created_at FROM webhooks WHERE tenant_id = $1 AND id = $2";
    private static final String SELECT_WEBHOOK = """
        SELECT id, url, events, created_at FROM webhooks WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL""";
    private static final String LIST_WEBHOOKS = """
        SELECT id, url, events, created_at FROM webhooks WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY id""";
    private static final String DELETE_WEBHOOK = """
        UPDATE webhooks SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL""";
    // One statement per batch: each event joined with its tenant's live webhooks for that type.
    private static final String ENQUEUE = """
        INSERT INTO webhook_deliveries (webhook_id, tenant_id, event_id, event_type, payload)
        SELECT w.id, e.tenant_id, e.event_id, e.event_type, e.payload
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS e(tenant_id, event_id, event_type, payload)
        JOIN webhooks w ON w.tenant_id = e.tenant_id AND w.deleted_at IS NULL AND e.event_type = ANY(w.events)
        ON CONFLICT (webhook_id, event_id) DO NOTHING""";
    // A claimed delivery is leased: not due again until its send has long timed out.
    private static final JobQueue QUEUE = JobQueue.in("webhook_deliveries")
        .pendingWhen("{q}.status = 'PENDING'")
        .completedBy("status = 'DELIVERED', finished_at = now(), last_error = NULL")
        .joining("webhooks w", "w.id = q.webhook_id")
        .returning("q.id, q.webhook_id, q.tenant_id, q.event_id, q.event_type, q.payload, q.attempts, w.url, w.secret, "
            + "w.deleted_at")
        .build();
    private static final String FINISHED = """
        UPDATE webhook_deliveries SET status = $2, finished_at = now(), last_error = $3 WHERE id = $1""";

    private static final String REDO = """
        UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), finished_at = NULL
        WHERE id = $1""";

    private static final String NOT_SEALED_UNDER = """
        SELECT id, secret FROM webhooks WHERE secret NOT LIKE $1 AND id > $2 ORDER BY id LIMIT $3""";
    private static final String RESEAL = "UPDATE webhooks SET secret = $2 WHERE id = $1 AND secret = $3";

    private static final String PURGE = """
        DELETE FROM webhook_deliveries WHERE id IN (
          SELECT id FROM webhook_deliveries WHERE finished_at < $2 AND status <> 'PENDING' LIMIT $1)""";

    private final Pool pool;

    WebhookStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores a webhook under the command's idempotency key (see {@link CreatedOnce}); the row answers as JSON. */
    Future<CreatedOnce.Outcome> create(JsonObject command, String id, String url, String[] events, String sealedSecret) {
        return CreatedOnce.run(pool, command, id, INSERT_WEBHOOK,
            Arrays.asList(id, command.getString("tenantId"), url, events, sealedSecret));
    }

    /** A webhook as it was created, deleted since or not: what a replayed creation answers. */
    Future<JsonObject> created(String tenantId, String id) {
        return pool.preparedQuery(SELECT_CREATED).execute(Tuple.of(tenantId, id)).map(rows -> toJson(rows.iterator().next()));
    }

    Future<Optional<JsonObject>> get(String tenantId, String id) {
        return pool.preparedQuery(SELECT_WEBHOOK).execute(Tuple.of(tenantId, id))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
    }

    Future<JsonArray> list(String tenantId) {
        return pool.preparedQuery(LIST_WEBHOOKS).execute(Tuple.of(tenantId)).map(rows -> {
            JsonArray items = new JsonArray();
            rows.forEach(row -> items.add(toJson(row)));
            return items;
        });
    }

    /** Marks a live webhook deleted; false when there was none. Its pending deliveries are cancelled as they come due. */
    Future<Boolean> delete(String tenantId, String id) {
        return pool.preparedQuery(DELETE_WEBHOOK).execute(Tuple.of(tenantId, id)).map(r -> r.rowCount() > 0);
    }

    /** One delivery row per event and matching live webhook, at most once each; answers how many are new. */
    Future<Integer> enqueue(List<String> tenants, List<String> eventIds, List<String> types, List<String> payloads) {
        return pool.preparedQuery(ENQUEUE)
            .execute(Tuple.from(new Object[] {tenants.toArray(new String[0]), eventIds.toArray(new String[0]),
                types.toArray(new String[0]), payloads.toArray(new String[0])}))
            .map(RowSet::rowCount);
    }

    /** Claims up to {@code batch} due deliveries for {@code lease}, counting the attempt. */
    Future<RowSet<Row>> claim(int batch, Duration lease) {
        return QUEUE.claim(pool, batch, lease);
    }

    Future<Void> delivered(long id) {
        return QUEUE.complete(pool, List.of(id));
    }

    Future<Void> retryAt(long id, Instant at, String error) {
        return QUEUE.retryAt(pool, id, at, error);
    }

    /** Puts a claimed delivery back, its attempt not counted: it was not tried. */
    Future<Void> notTried(long id, Instant dueAt) {
        return QUEUE.release(pool, id, dueAt);
    }

    /** Ends a delivery for good: {@code DEAD} (out of attempts) or {@code CANCELLED} (its webhook deleted). */
    Future<Void> finish(long id, String status, String error) {
        return pool.preparedQuery(FINISHED).execute(Tuple.of(id, status, error)).mapEmpty();
    }

    /** Makes a finished delivery due again, from its first attempt; false when there is no such delivery. */
    Future<Boolean> redo(long id) {
        return pool.preparedQuery(REDO).execute(Tuple.of(id)).map(r -> r.rowCount() > 0);
    }

    /** A stored secret: the webhook's id and the secret as stored (sealed, or in clear from before sealing). */
    record StoredSecret(String webhookId, String stored) {
    }

    /** Up to {@code limit} secrets after webhook {@code afterId} not sealed under the key with this prefix. */
    Future<List<StoredSecret>> secretsNotSealedUnder(String keyPrefix, String afterId, int limit) {
        return pool.preparedQuery(NOT_SEALED_UNDER).execute(Tuple.of(keyPrefix + "%", afterId, limit)).map(rows -> {
            List<StoredSecret> secrets = new java.util.ArrayList<>();
            rows.forEach(row -> secrets.add(new StoredSecret(row.getString("id"), row.getString("secret"))));
            return secrets;
        });
    }

    /** Replaces each stored secret with its new sealing, unless another node replaced it meanwhile. */
    Future<Void> reseal(Map<StoredSecret, String> resealed) {
        List<Tuple> updates = resealed.entrySet().stream()
            .map(e -> Tuple.of(e.getKey().webhookId(), e.getValue(), e.getKey().stored())).toList();
        return updates.isEmpty() ? Future.succeededFuture() : pool.preparedQuery(RESEAL).executeBatch(updates).mapEmpty();
    }

    /** A webhook row as the API shows it (never its secret). */
    static JsonObject toJson(Row row) {
        return new JsonObject()
            .put("id", row.getString("id"))
            .put("url", row.getString("url"))
            .put("events", new JsonArray(Arrays.asList(row.getArrayOfStrings("events"))))
            .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
    }

    /** Deletes the deliveries that finished before {@code cutoff} (never a pending one), a batch at a time; answers how many. */
    Future<Long> purgeFinishedBefore(Instant cutoff) {
        return BatchedPurge.run(pool, PURGE, cutoff.atOffset(java.time.ZoneOffset.UTC));
    }
}
