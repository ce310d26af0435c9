package verticles.inventory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** The SQL of stock levels and reservations. Every method takes the client to run on, so callers decide what shares a transaction. */
final class InventoryStore {

    private static final String SELECT = "SELECT sku, available, updated_at FROM inventory WHERE tenant_id = $1 AND sku = $2";
    private static final String UPSERT = """
        INSERT INTO inventory (tenant_id, sku, available, updated_at) VALUES ($1, $2, $3, now())
        ON CONFLICT (tenant_id, sku) DO UPDATE SET available = EXCLUDED.available, updated_at = now()
        RETURNING sku, available, updated_at""";
    private static final String CLAIM = """
        INSERT INTO reservations (order_id, tenant_id, items, status) VALUES ($1, $2, $3, 'PENDING')
        ON CONFLICT (order_id) DO NOTHING""";
    // Rows are locked in SKU order, the same order for every transaction, so two orders that
    // share SKUs wait for each other instead of deadlocking.
    private static final String LOCK_STOCK = """
        SELECT sku, available FROM inventory WHERE tenant_id = $1 AND sku = ANY($2) ORDER BY sku FOR UPDATE""";
    private static final String ADJUST_STOCK = """
        UPDATE inventory i SET available = i.available + w.delta, updated_at = now()
        FROM unnest($2::text[], $3::int[]) AS w(sku, delta)
        WHERE i.tenant_id = $1 AND i.sku = w.sku""";
    private static final String SETTLE = """
        UPDATE reservations SET status = $2, reason = $3, updated_at = now() WHERE order_id = $1""";
    private static final String TAKE_BACK = """
        UPDATE reservations SET status = 'RELEASED', updated_at = now()
        WHERE order_id = $1 AND tenant_id = $2 AND status = 'RESERVED' RETURNING items""";

    Future<Optional<JsonObject>> level(SqlClient db, String tenantId, String sku) {
        return db.preparedQuery(SELECT).execute(Tuple.of(tenantId, sku))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
    }

    Future<JsonObject> setLevel(SqlClient db, String tenantId, String sku, int available) {
        return db.preparedQuery(UPSERT).execute(Tuple.of(tenantId, sku, available))
            .map(rows -> toJson(rows.iterator().next()));
    }

    /** Records that the saga is handling this order; false when it already was (a redelivered event). */
    Future<Boolean> claim(SqlClient tx, String orderId, String tenantId, SortedMap<String, Integer> demand) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(orderId, tenantId, new JsonObject(new HashMap<>(demand))))
            .map(r -> r.rowCount() == 1);
    }

    /** Locks the stock rows of these SKUs and reads how many of each are available (absent SKUs are missing). */
    Future<Map<String, Integer>> lockStock(SqlClient tx, String tenantId, Iterable<String> skus) {
        return tx.preparedQuery(LOCK_STOCK).execute(Tuple.of(tenantId, (Object) toArray(skus)))
            .map(rows -> {
                Map<String, Integer> available = new HashMap<>();
                for (Row row : rows) {
                    available.put(row.getString("sku"), row.getInteger("available"));
                }
                return available;
            });
    }

    /** Adds {@code sign} times each quantity to the stock (-1 reserves, +1 releases). */
    Future<Void> adjust(SqlClient tx, String tenantId, Map<String, Integer> quantities, int sign) {
        String[] skus = quantities.keySet().toArray(new String[0]);
        Integer[] deltas = quantities.values().stream().map(q -> sign * q).toArray(Integer[]::new);
        return tx.preparedQuery(ADJUST_STOCK).execute(Tuple.of(tenantId, skus, deltas)).mapEmpty();
    }

    Future<Void> settle(SqlClient tx, String orderId, String status, String reason) {
        return tx.preparedQuery(SETTLE).execute(Tuple.of(orderId, status, reason)).mapEmpty();
    }

    /** Marks a held reservation released and answers what it held; empty when none is held (never, or already released). */
    Future<Optional<JsonObject>> takeBack(SqlClient tx, String orderId, String tenantId) {
        return tx.preparedQuery(TAKE_BACK).execute(Tuple.of(orderId, tenantId))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of((JsonObject) rows.iterator().next().getJson(0)));
    }

    private static String[] toArray(Iterable<String> skus) {
        java.util.List<String> list = new java.util.ArrayList<>();
        skus.forEach(list::add);
        return list.toArray(new String[0]);
    }

    private static JsonObject toJson(Row row) {
        return new JsonObject()
            .put("sku", row.getString("sku"))
            .put("available", row.getInteger("available"))
            .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
    }
}
