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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** Several orders, each with its tenant, locked in id order (so two batches never deadlock). */
    private static final String LOCK_ORDERS = """
        SELECT o.id, o.status, o.version, o.customer, o.items, o.destination, o.shipment_id, o.created_at, o.updated_at,
               o.arriving_at
        FROM orders o JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, id) ON o.tenant_id = k.tenant_id AND o.id = k.id
        ORDER BY o.id FOR UPDATE OF o""";
    private static final String SELECT_HISTORIES =
        "SELECT order_id, status, version, cause, at FROM order_history WHERE order_id = ANY($1) ORDER BY order_id, version";
    // Status changes of several orders (one each) and their history rows; their outbox rows go
    // with them in the same transaction (Outbox.appendAll), pipelined.
    private static final String MOVE_ALL = """
        WITH m AS (
          SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::text[], $6::text[])
            AS m(id, status, version, at, cause, shipment_id)),
        moved AS (
          UPDATE orders o SET status = m.status, version = m.version, updated_at = m.at,
                 shipment_id = COALESCE(m.shipment_id, o.shipment_id)
          FROM m WHERE o.id = m.id)
        INSERT INTO order_history (order_id, version, status, cause, at) SELECT id, version, status, cause, at FROM m""";
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

    /**
     * Locks the orders a batch of changes asks for and reads each with its history, in two
     * pipelined queries: the orders found, by id (another tenant's order is not found).
     */
    Future<Map<String, JsonObject>> lockAllWithHistory(SqlClient tx, List<StatusChange.Request> requests) {
        String[] tenants = requests.stream().map(StatusChange.Request::tenantId).toArray(String[]::new);
        String[] ids = requests.stream().map(StatusChange.Request::orderId).toArray(String[]::new);
        Future<RowSet<Row>> orders = tx.preparedQuery(LOCK_ORDERS).execute(Tuple.tuple().addArrayOfString(tenants).addArrayOfString(ids));
        Future<RowSet<Row>> histories = tx.preparedQuery(SELECT_HISTORIES).execute(Tuple.tuple().addArrayOfString(ids));
        return Future.all(orders, histories).map(both -> {
            Map<String, JsonArray> entries = new HashMap<>();
            for (Row h : histories.result()) {
                entries.computeIfAbsent(h.getString("order_id"), id -> new JsonArray()).add(historyEntry(h));
            }
            Map<String, JsonObject> found = new HashMap<>();
            for (Row row : orders.result()) {
                JsonObject order = toJson(row);
                found.put(order.getString("id"), order.put("history", entries.getOrDefault(order.getString("id"),
                    new JsonArray())));
            }
            return found;
        });
    }

    /**
     * Records status changes of distinct orders (and the shipment each assigns, if any), their
     * history rows and their outbox rows: two statements however many, sent together.
     */
    Future<Void> moveAll(SqlClient tx, List<StatusChange.Change> changes, String topic) {
        if (changes.isEmpty()) {
            return Future.succeededFuture();
        }
        Future<?> moved = tx.preparedQuery(MOVE_ALL).execute(Tuple.from(new Object[] {
            changes.stream().map(StatusChange.Change::orderId).toArray(String[]::new),
            changes.stream().map(StatusChange.Change::status).toArray(String[]::new),
            changes.stream().map(StatusChange.Change::version).toArray(Integer[]::new),
            changes.stream().map(c -> utc(c.at())).toArray(OffsetDateTime[]::new),
            changes.stream().map(StatusChange.Change::cause).toArray(String[]::new),
            changes.stream().map(StatusChange.Change::shipmentId).toArray(String[]::new)}));
        Future<Void> announced = Outbox.appendAll(tx, topic, changes.stream().map(StatusChange.Change::event).toList());
        return Future.all(moved, announced).mapEmpty();
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
            entries.add(historyEntry(h));
        }
        return Optional.of(toJson(order.iterator().next()).put("history", entries));
    }

    private static JsonObject historyEntry(Row h) {
        return OrderDocument.historyEntry(h.getString("status"), h.getInteger("version"), h.getString("cause"),
            h.getOffsetDateTime("at").toInstant());
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
