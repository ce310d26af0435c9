package verticles.devices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/** The SQL of devices. */
final class DeviceStore {

    private static final String CREATE = """
        INSERT INTO devices (id, tenant_id, identifier, name) VALUES ($1, $2, $3, $4)
        RETURNING id, identifier, name, shipment_id, created_at, assigned_at""";
    private static final String GET = """
        SELECT id, identifier, name, shipment_id, created_at, assigned_at FROM devices WHERE tenant_id = $1 AND id = $2""";
    private static final String ASSIGN = """
        UPDATE devices SET shipment_id = $3, assigned_at = now() WHERE tenant_id = $1 AND id = $2
        RETURNING id, identifier, name, shipment_id, created_at, assigned_at""";
    private static final String RESOLVE = "SELECT id, tenant_id, shipment_id FROM devices WHERE identifier = $1";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;

    DeviceStore(Pool pool) {
        this.pool = pool;
    }

    /** The new device, or empty when another device (of any tenant) already has the identifier. */
    Future<Optional<JsonObject>> create(String id, String tenantId, String identifier, String name) {
        return pool.preparedQuery(CREATE).execute(Tuple.of(id, tenantId, identifier, name))
            .map(rows -> Optional.of(toJson(rows.iterator().next())))
            .recover(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
    }

    Future<Optional<JsonObject>> get(String tenantId, String id) {
        return pool.preparedQuery(GET).execute(Tuple.of(tenantId, id))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
    }

    Future<Optional<JsonObject>> assign(String tenantId, String id, String shipmentId) {
        return pool.preparedQuery(ASSIGN).execute(Tuple.of(tenantId, id, shipmentId))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
    }

    Future<Optional<JsonObject>> resolve(String identifier) {
        return pool.preparedQuery(RESOLVE).execute(Tuple.of(identifier)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new JsonObject().put("deviceId", r.getString("id")).put("tenantId", r.getString("tenant_id"))
                .put("shipmentId", r.getString("shipment_id")));
        });
    }

    private static JsonObject toJson(Row r) {
        return new JsonObject()
            .put("id", r.getString("id"))
            .put("identifier", r.getString("identifier"))
            .put("name", r.getString("name"))
            .put("shipmentId", r.getString("shipment_id"))
            .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
            .put("assignedAt", r.getOffsetDateTime("assigned_at") == null ? null
                : r.getOffsetDateTime("assigned_at").toInstant().toString());
    }
}
