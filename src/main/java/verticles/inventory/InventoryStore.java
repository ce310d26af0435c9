package verticles.inventory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.domain.inventory.Allocation.Decision;
import verticles.domain.inventory.Allocation.Request;
import verticles.domain.inventory.Allocation.StockKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of stock levels and reservations. Every method takes the client to run on, so callers
 * decide what shares a transaction; the batch methods cost one round trip however many orders.
 */
final class InventoryStore {

    private static final String SELECT = "SELECT sku, available, updated_at FROM inventory WHERE tenant_id = $1 AND sku = $2";
    private static final String SEED = """
        INSERT INTO inventory (tenant_id, sku, available) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, sku) DO NOTHING""";
    private static final String UPSERT = """
        INSERT INTO inventory (tenant_id, sku, available, updated_at) VALUES ($1, $2, $3, now())
        ON CONFLICT (tenant_id, sku) DO UPDATE SET available = EXCLUDED.available, updated_at = now()
        RETURNING sku, available, updated_at""";
    private static final String CLAIM = """
        INSERT INTO reservations (order_id, tenant_id, items, status)
        SELECT o.order_id, o.tenant_id, o.items::jsonb, 'PENDING'
        FROM unnest($1::text[], $2::text[], $3::text[]) AS o(order_id, tenant_id, items)
        ON CONFLICT (order_id) DO NOTHING RETURNING order_id""";
    // Rows are locked in one global order (tenant, then SKU), so two transactions that share
    // SKUs wait for each other instead of deadlocking.
    private static final String LOCK_STOCK = """
        SELECT i.tenant_id, i.sku, i.available FROM inventory i
        JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, sku) ON i.tenant_id = k.tenant_id AND i.sku = k.sku
        ORDER BY i.tenant_id, i.sku FOR UPDATE OF i""";
    private static final String ADJUST_STOCK = """
        UPDATE inventory i SET available = i.available + w.delta, updated_at = now()
        FROM unnest($1::text[], $2::text[], $3::int[]) AS w(tenant_id, sku, delta)
        WHERE i.tenant_id = w.tenant_id AND i.sku = w.sku""";
    private static final String SETTLE = """
        UPDATE reservations r SET status = w.status, reason = w.reason, updated_at = now()
        FROM unnest($1::text[], $2::text[], $3::text[]) AS w(order_id, status, reason)
        WHERE r.order_id = w.order_id""";
    private static final String TAKE_BACK = """
        UPDATE reservations SET status = 'RELEASED', updated_at = now()
        WHERE order_id = $1 AND tenant_id = $2 AND status = 'RESERVED' RETURNING items""";

    Future<Optional<JsonObject>> level(SqlClient db, String tenantId, String sku) {
        return db.preparedQuery(SELECT).execute(Tuple.of(tenantId, sku))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
    }

    /** Stocks each tenant with each SKU's level unless it has stock of that SKU already. */
    static Future<Void> seed(SqlClient db, List<String> tenantIds, Map<String, Integer> levels) {
        List<Tuple> rows = new java.util.ArrayList<>();
        tenantIds.forEach(tenant -> levels.forEach((sku, available) -> rows.add(Tuple.of(tenant, sku, available))));
        return rows.isEmpty() ? Future.succeededFuture() : db.preparedQuery(SEED).executeBatch(rows).mapEmpty();
    }

    Future<JsonObject> setLevel(SqlClient db, String tenantId, String sku, int available) {
        return db.preparedQuery(UPSERT).execute(Tuple.of(tenantId, sku, available))
            .map(rows -> toJson(rows.iterator().next()));
    }

    /** Records that the saga is handling these orders; answers those it had not seen (the rest are redeliveries). */
    Future<Set<String>> claim(SqlClient tx, List<Request> requests) {
        String[] orders = requests.stream().map(Request::orderId).toArray(String[]::new);
        String[] tenants = requests.stream().map(Request::tenantId).toArray(String[]::new);
        String[] items = requests.stream().map(r -> new JsonObject(new HashMap<>(r.demand())).encode()).toArray(String[]::new);
        return tx.preparedQuery(CLAIM).execute(Tuple.from(new Object[] {orders, tenants, items}))
            .map(rows -> {
                Set<String> claimed = new HashSet<>();
                rows.forEach(row -> claimed.add(row.getString(0)));
                return claimed;
            });
    }

    /** Locks these stock rows and reads what is available (a SKU with no row is absent). */
    Future<Map<StockKey, Integer>> lockStock(SqlClient tx, Collection<StockKey> keys) {
        String[] tenants = keys.stream().map(StockKey::tenantId).toArray(String[]::new);
        String[] skus = keys.stream().map(StockKey::sku).toArray(String[]::new);
        return tx.preparedQuery(LOCK_STOCK).execute(Tuple.from(new Object[] {tenants, skus}))
            .map(rows -> {
                Map<StockKey, Integer> available = new HashMap<>();
                for (Row row : rows) {
                    available.put(new StockKey(row.getString("tenant_id"), row.getString("sku")), row.getInteger("available"));
                }
                return available;
            });
    }

    /** Adds {@code sign} times each quantity to the stock (-1 takes, +1 gives back). */
    Future<Void> adjust(SqlClient tx, Map<StockKey, Integer> quantities, int sign) {
        if (quantities.isEmpty()) {
            return Future.succeededFuture();
        }
        List<StockKey> keys = new ArrayList<>(quantities.keySet());
        return tx.preparedQuery(ADJUST_STOCK).execute(Tuple.from(new Object[] {
                keys.stream().map(StockKey::tenantId).toArray(String[]::new),
                keys.stream().map(StockKey::sku).toArray(String[]::new),
                keys.stream().map(k -> sign * quantities.get(k)).toArray(Integer[]::new)}))
            .mapEmpty();
    }

    Future<Void> settle(SqlClient tx, List<Decision> decisions) {
        return tx.preparedQuery(SETTLE).execute(Tuple.from(new Object[] {
                decisions.stream().map(d -> d.request().orderId()).toArray(String[]::new),
                decisions.stream().map(d -> d.reserved() ? "RESERVED" : "FAILED").toArray(String[]::new),
                decisions.stream().map(Decision::reason).toArray(String[]::new)}))
            .mapEmpty();
    }

    /** Marks a held reservation released and answers what it held; empty when none is held (never, or already released). */
    Future<Optional<JsonObject>> takeBack(SqlClient tx, String orderId, String tenantId) {
        return tx.preparedQuery(TAKE_BACK).execute(Tuple.of(orderId, tenantId))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of((JsonObject) rows.iterator().next().getJson(0)));
    }

    private static JsonObject toJson(Row row) {
        return new JsonObject()
            .put("sku", row.getString("sku"))
            .put("available", row.getInteger("available"))
            .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
    }
}
