package verticles.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The SQL of orders, their history and the outbox. Every method takes the client to run on,
 *  so callers decide what shares a transaction. */
final class OrderStore {

    private static final String INSERT_ORDER = """
        INSERT INTO orders (id, tenant_id, customer, items, destination, status, version, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)""";
    private static final String LOCK_ORDER =
        "SELECT status, version FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
    private static final String UPDATE_STATUS =
        "UPDATE orders SET status = $2, version = $3, updated_at = $4 WHERE id = $1";
    private static final String INSERT_HISTORY =
        "INSERT INTO order_history (order_id, version, status, cause, at) VALUES ($1, $2, $3, $4, $5)";
    private static final String INSERT_OUTBOX =
        "INSERT INTO outbox (event_id, topic, record_key, payload) VALUES ($1, $2, $3, $4)";
    private static final String SELECT_ORDER = """
        SELECT id, status, version, customer, items, destination, shipment_id, created_at, updated_at
        FROM orders WHERE tenant_id = $1 AND id = $2""";
    private static final String SELECT_HISTORY =
        "SELECT status, version, cause, at FROM order_history WHERE order_id = $1 ORDER BY version";
    private static final String LIST_ORDERS = """
        SELECT id, status, version, customer, items, destination, shipment_id, created_at, updated_at
        FROM orders
        WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4""";

    record Locked(String status, int version) {
    }

    Future<Void> insert(SqlClient db, String tenantId, String id, JsonObject order, Instant at) {
        return db.preparedQuery(INSERT_ORDER).execute(Tuple.of(id, tenantId,
                order.getJsonObject("customer"), order.getJsonArray("items"), order.getJsonObject("destination"),
                "PLACED", 1, utc(at)))
            .mapEmpty();
    }

    Future<Optional<Locked>> lock(SqlClient db, String tenantId, String id) {
        return db.preparedQuery(LOCK_ORDER).execute(Tuple.of(tenantId, id))
            .map(rows -> rows.size() == 0 ? Optional.empty()
                : Optional.of(new Locked(rows.iterator().next().getString(0), rows.iterator().next().getInteger(1))));
    }

    Future<Void> updateStatus(SqlClient db, String id, String status, int version, Instant at) {
        return db.preparedQuery(UPDATE_STATUS).execute(Tuple.of(id, status, version, utc(at))).mapEmpty();
    }

    Future<Void> appendHistory(SqlClient db, String id, int version, String status, String cause, Instant at) {
        return db.preparedQuery(INSERT_HISTORY).execute(Tuple.of(id, version, status, cause, utc(at))).mapEmpty();
    }

    Future<Void> appendOutbox(SqlClient db, String topic, String key, JsonObject cloudEvent) {
        return db.preparedQuery(INSERT_OUTBOX)
            .execute(Tuple.of(cloudEvent.getString("id"), topic, key, cloudEvent))
            .mapEmpty();
    }

    /** The order as the API shows it, with its whole status history, or empty for another tenant's. */
    Future<Optional<JsonObject>> load(SqlClient db, String tenantId, String id) {
        return db.preparedQuery(SELECT_ORDER).execute(Tuple.of(tenantId, id)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(Optional.empty());
            }
            JsonObject order = toJson(rows.iterator().next());
            return db.preparedQuery(SELECT_HISTORY).execute(Tuple.of(id)).map(history -> {
                JsonArray entries = new JsonArray();
                for (Row h : history) {
                    entries.add(new JsonObject()
                        .put("status", h.getString("status"))
                        .put("version", h.getInteger("version"))
                        .put("cause", h.getString("cause"))
                        .put("at", iso(h.getOffsetDateTime("at"))));
                }
                return Optional.of(order.put("history", entries));
            });
        });
    }

    Future<JsonObject> list(SqlClient db, String tenantId, String status, String cursor, int limit) {
        return db.preparedQuery(LIST_ORDERS).execute(Tuple.of(tenantId, status, cursor, limit + 1))
            .map(rows -> page(rows, limit));
    }

    private static JsonObject page(RowSet<Row> rows, int limit) {
        JsonArray items = new JsonArray();
        String nextCursor = null;
        for (Row row : rows) {
            if (items.size() == limit) {
                nextCursor = items.getJsonObject(limit - 1).getString("id");
                break;
            }
            items.add(toJson(row));
        }
        return new JsonObject().put("items", items).put("nextCursor", nextCursor);
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
            .put("updatedAt", iso(row.getOffsetDateTime("updated_at")));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static String iso(OffsetDateTime time) {
        return time.toInstant().toString();
    }
}
