package verticles.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.domain.order.OrderLifecycle;
import verticles.domain.order.OrderStatus;
import verticles.platform.db.CreatedOnce;
import verticles.platform.db.KeysetPage;
import verticles.platform.maintenance.BatchedPurge;
import verticles.platform.outbox.Outbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The SQL of orders and their history (each change's outbox row is appended by {@link Outbox}'s statement tail). Every method takes the client to run on,
 *  so callers decide what shares a transaction. */
final class OrderStore {

    /** The ended statuses, as a literal list in enum order: the same list as the orders_ended index (V9). */
    static final String ENDED = Arrays.stream(OrderStatus.values()).filter(OrderLifecycle::isFinal)
        .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    private static final String PURGE_HISTORY = """
        DELETE FROM order_history WHERE (order_id, version) IN (
          SELECT h.order_id, h.version FROM orders o JOIN order_history h ON h.order_id = o.id
          WHERE o.status IN %s AND o.updated_at < $2 AND h.version < o.version
          LIMIT $1)""".formatted(ENDED);

    /** Every order's id and tenant, a keyset page at a time ({@code KeysetScan}): for a cache rebuild. */
    static final String EVERY_ID_PAGE = "SELECT id, tenant_id FROM orders WHERE id > $1 ORDER BY id LIMIT $2";
    // One statement is one atomic change: the request's idempotency key (CreatedOnce), the order,
    // its first history row and the outbox row announcing it are written together or not at all,
    // in a single round trip.
    private static final String PLACE = """
        placed AS (
          INSERT INTO orders (id, tenant_id, customer, items, destination, status, version, created_at, updated_at)
          SELECT $5, $6, $7, $8, $9, 'PLACED', 1, $10, $10 FROM proceed RETURNING id),
        history AS (
          INSERT INTO order_history (order_id, version, status, cause, at) SELECT id, 1, 'PLACED', 'api', $10 FROM placed)
        """ + Outbox.appendFrom("placed", 11);
    private static final String LOCK_ORDER = """
        SELECT id, status, version, customer, items, destination, shipment_id, created_at, updated_at, arriving_at
        FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE""";
    private static final String MOVE = """
        WITH moved AS (
          UPDATE orders SET status = $2, version = $3, updated_at = $4, shipment_id = COALESCE($9, shipment_id)
          WHERE id = $1 RETURNING id),
        history AS (
          INSERT INTO order_history (order_id, version, status, cause, at) SELECT id, $3, $2, $5, $4 FROM moved)
        """ + Outbox.appendFrom("moved", 6);
    private static final String ARRIVE = """
        WITH arrived AS (
          UPDATE orders SET version = $2, updated_at = $3, arriving_at = $3
          WHERE id = $1 AND arriving_at IS NULL RETURNING id, status),
        history AS (
          INSERT INTO order_history (order_id, version, status, cause, at) SELECT id, $2, status, 'arriving', $3 FROM arrived)
        """ + Outbox.appendFrom("arrived", 4);
    private static final String SELECT_ORDER = """
        SELECT id, status, version, customer, items, destination, shipment_id, created_at, updated_at, arriving_at
        FROM orders WHERE tenant_id = $1 AND id = $2""";
    private static final String SELECT_HISTORY =
        "SELECT status, version, cause, at FROM order_history WHERE order_id = $1 ORDER BY version";
    private static final String LIST_ORDERS = """
        SELECT id, status, version, customer, items, destination, shipment_id, created_at, updated_at, arriving_at
        FROM orders
        WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4""";

    /**
     * Stores a new order (as built by {@link OrderDocument#placed}) with its history and outbox
     * row, unless the command's idempotency key already created one: then answers that one's id.
     */
    Future<CreatedOnce.Outcome> place(SqlClient db, String tenantId, JsonObject command, JsonObject order, String topic,
                                      JsonObject cloudEvent) {
        return CreatedOnce.run(db, command, order.getString("id"), PLACE, Arrays.asList(
            order.getString("id"), tenantId, order.getJsonObject("customer"), order.getJsonArray("items"),
            order.getJsonObject("destination"), utc(Instant.parse(order.getString("createdAt"))),
            cloudEvent.getString("id"), topic, cloudEvent));
    }

    /**
     * Locks an order for a status change and reads it with its history. Both queries go out
     * together on the transaction's connection (pipelined), so this costs one round trip.
     */
    Future<Optional<JsonObject>> lockWithHistory(SqlClient tx, String tenantId, String id) {
        Future<RowSet<Row>> order = tx.preparedQuery(LOCK_ORDER).execute(Tuple.of(tenantId, id));
        Future<RowSet<Row>> history = tx.preparedQuery(SELECT_HISTORY).execute(Tuple.of(id));
        return Future.all(order, history).map(both -> withHistory(order.result(), history.result()));
    }

    /** Records a status change (and the shipment it assigns, if any), its history row and its outbox row. */
    Future<Void> move(SqlClient tx, String id, String status, int version, String cause, Instant at,
                      String shipmentId, String topic, JsonObject cloudEvent) {
        return tx.preparedQuery(MOVE).execute(Tuple.from(new Object[] {
                id, status, version, utc(at), cause, cloudEvent.getString("id"), topic, cloudEvent, shipmentId}))
            .mapEmpty();
    }

    /**
     * Records the courier's arrival inside the destination's geofence as the order's next
     * version (its status unchanged, cause {@code arriving}), with its history and outbox rows.
     */
    Future<Void> arrive(SqlClient tx, String id, int version, Instant at, String topic, JsonObject cloudEvent) {
        return tx.preparedQuery(ARRIVE).execute(Tuple.from(new Object[] {
                id, version, utc(at), cloudEvent.getString("id"), topic, cloudEvent}))
            .mapEmpty();
    }

    /** The order as the API shows it, with its whole status history, or empty for another tenant's. */
    Future<Optional<JsonObject>> load(SqlClient db, String tenantId, String id) {
        Future<RowSet<Row>> order = db.preparedQuery(SELECT_ORDER).execute(Tuple.of(tenantId, id));
        Future<RowSet<Row>> history = db.preparedQuery(SELECT_HISTORY).execute(Tuple.of(id));
        return Future.all(order, history).map(both -> withHistory(order.result(), history.result()));
    }

    private static Optional<JsonObject> withHistory(RowSet<Row> order, RowSet<Row> history) {
        if (order.size() == 0) {
            return Optional.empty();
        }
        JsonArray entries = new JsonArray();
        for (Row h : history) {
            entries.add(OrderDocument.historyEntry(h.getString("status"), h.getInteger("version"),
                h.getString("cause"), h.getOffsetDateTime("at").toInstant()));
        }
        return Optional.of(toJson(order.iterator().next()).put("history", entries));
    }

    Future<JsonObject> list(SqlClient db, String tenantId, String status, String cursor, int limit) {
        return db.preparedQuery(LIST_ORDERS).execute(Tuple.of(tenantId, status, cursor, limit + 1))
            .map(rows -> KeysetPage.of(rows, limit, OrderStore::toJson));
    }

    private static JsonObject toJson(Row row) {
        return new JsonObject()
            .put("id", row.getString("id"))
            .put("status", row.getString("status"))
            .put("version", row.getInteger("version"))
            .put("customer", (JsonObject) row.getJson("customer"))
            .put("items", (JsonArray) row.getJson("items"))
            .put("destination", (JsonObject) row.getJson("destination"))
            .put("shipmentId", row.getString("shipment_id"))
            .put("createdAt", iso(row.getOffsetDateTime("created_at")))
            .put("updatedAt", iso(row.getOffsetDateTime("updated_at")))
            .put("arrivingAt", row.getOffsetDateTime("arriving_at") == null ? null : iso(row.getOffsetDateTime("arriving_at")));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static String iso(OffsetDateTime time) {
        return time.toInstant().toString();
    }

    /**
     * Deletes the history of orders that ended before {@code cutoff}, all but each one's last entry
     * (how it ended), a batch at a time; answers how many rows went.
     */
    Future<Long> purgeHistoryEndedBefore(Pool pool, Instant cutoff) {
        return BatchedPurge.run(pool, PURGE_HISTORY, utc(cutoff));
    }
}
