package verticles.shipments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.platform.db.CreatedOnce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/** The SQL of shipments as the API reads and makes them: a shipment, its owner, its newest state and its track. */
final class ShipmentStore {

    /** Every shipment's id and tenant, a keyset page at a time ({@code KeysetScan}): for a cache rebuild. */
    static final String EVERY_ID_PAGE = "SELECT id, tenant_id FROM shipments WHERE id > $1 ORDER BY id LIMIT $2";
    // The rest of a CreatedOnce statement: a request's idempotency key and the shipment commit
    // together. An order's shipment has the id its order event names, so a redelivery changes nothing.
    private static final String CREATE = """
        created AS (
          INSERT INTO shipments (id, tenant_id, order_id, reference, origin, destination, created_at)
          SELECT $5, $6, $7, $8, $9, $10, $11 FROM proceed ON CONFLICT (id) DO NOTHING RETURNING id)
        SELECT id FROM created""";
    private static final String OWNER = "SELECT tenant_id FROM shipments WHERE id = $1";
    private static final String SELECT_SHIPMENT = """
        SELECT id, order_id, reference, origin, destination, created_at, arriving_at FROM shipments
        WHERE tenant_id = $1 AND id = $2""";
    private static final String LATEST_LOCATION = """
        SELECT recorded_at, lat, lon, speed, heading, accuracy, courier_id, received_at FROM location_history
        WHERE shipment_id = $1 ORDER BY recorded_at DESC LIMIT 1""";
    private static final String LATEST_CHECKPOINT = """
        SELECT at, type, facility, received_at FROM checkpoints WHERE shipment_id = $1 ORDER BY at DESC LIMIT 1""";
    private static final String CHECKPOINTS = """
        SELECT at, type, facility FROM checkpoints WHERE shipment_id = $1 ORDER BY at DESC LIMIT 50""";
    private static final String TRACK = """
        SELECT recorded_at, lat, lon, speed, heading FROM location_history
        WHERE shipment_id = $1 AND recorded_at >= $2 AND recorded_at <= $3
        ORDER BY recorded_at LIMIT $4""";

    /** Stores a shipment, unless the command's idempotency key already created one: then answers that one's id. */
    Future<CreatedOnce.Outcome> create(SqlClient db, String tenantId, JsonObject command, JsonObject shipment) {
        return CreatedOnce.run(db, command, shipment.getString("id"), CREATE, Arrays.asList(
            shipment.getString("id"), tenantId, shipment.getString("orderId"), shipment.getString("reference"),
            shipment.getJsonObject("origin"), shipment.getJsonObject("destination"),
            utc(Instant.parse(shipment.getString("createdAt")))));
    }

    Future<Optional<String>> owner(SqlClient db, String shipmentId) {
        return db.preparedQuery(OWNER).execute(Tuple.of(shipmentId))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    /** The shipment's fixed data, its newest position and its newest checkpoint; empty for another tenant's. */
    Future<Optional<ShipmentView>> load(SqlClient db, String tenantId, String id) {
        Future<RowSet<Row>> shipment = db.preparedQuery(SELECT_SHIPMENT).execute(Tuple.of(tenantId, id));
        Future<RowSet<Row>> location = db.preparedQuery(LATEST_LOCATION).execute(Tuple.of(id));
        Future<RowSet<Row>> checkpoint = db.preparedQuery(LATEST_CHECKPOINT).execute(Tuple.of(id));
        return Future.all(shipment, location, checkpoint).map(all -> {
            if (shipment.result().size() == 0) {
                return Optional.empty();
            }
            Row s = shipment.result().iterator().next();
            JsonObject fixed = ShipmentView.fixed(s.getString("id"), s.getString("order_id"), s.getString("reference"),
                (JsonObject) s.getJson("origin"), (JsonObject) s.getJson("destination"),
                s.getOffsetDateTime("created_at").toInstant());
            JsonObject position = null;
            if (location.result().size() > 0) {
                Row l = location.result().iterator().next();
                position = ShipmentView.position(l.getOffsetDateTime("recorded_at").toInstant(), l.getDouble("lat"),
                    l.getDouble("lon"), floatOrNull(l, "speed"), floatOrNull(l, "heading"), floatOrNull(l, "accuracy"),
                    l.getString("courier_id"), l.getOffsetDateTime("received_at").toInstant());
            }
            JsonObject lastCheckpoint = null;
            if (checkpoint.result().size() > 0) {
                Row c = checkpoint.result().iterator().next();
                lastCheckpoint = ShipmentView.checkpoint(c.getOffsetDateTime("at").toInstant(), c.getString("type"),
                    c.getString("facility"), c.getOffsetDateTime("received_at").toInstant());
            }
            OffsetDateTime arrivingAt = s.getOffsetDateTime("arriving_at");
            return Optional.of(new ShipmentView(tenantId, fixed, position, lastCheckpoint,
                arrivingAt == null ? null : arrivingAt.toInstant().toString()));
        });
    }

    /** The shipment's newest checkpoints (50 at most), newest first. */
    Future<JsonArray> checkpoints(SqlClient db, String id) {
        return db.preparedQuery(CHECKPOINTS).execute(Tuple.of(id)).map(rows -> {
            JsonArray items = new JsonArray();
            for (Row r : rows) {
                items.add(new JsonObject().put("type", r.getString("type")).put("facility", r.getString("facility"))
                    .put("at", r.getOffsetDateTime("at").toInstant().toString()));
            }
            return items;
        });
    }

    /**
     * History as an RFC 7946 Feature of [lon, lat] positions in time order, the times in
     * properties: a LineString from two positions, a Point for one (a LineString needs two), and a
     * null geometry (an unlocated Feature) for none.
     */
    Future<JsonObject> track(SqlClient db, String id, Instant from, Instant to, int limit) {
        return db.preparedQuery(TRACK).execute(Tuple.of(id, utc(from), utc(to), limit)).map(rows -> {
            JsonArray coordinates = new JsonArray();
            JsonArray times = new JsonArray();
            JsonArray speeds = new JsonArray();
            for (Row r : rows) {
                coordinates.add(new JsonArray().add(r.getDouble("lon")).add(r.getDouble("lat")));
                times.add(r.getOffsetDateTime("recorded_at").toInstant().toString());
                speeds.add(floatOrNull(r, "speed"));
            }
            return new JsonObject()
                .put("type", "Feature")
                .put("geometry", geometryOf(coordinates))
                .put("properties", new JsonObject().put("shipmentId", id).put("times", times).put("speeds", speeds)
                    .put("points", coordinates.size()));
        });
    }

    private static JsonObject geometryOf(JsonArray positions) {
        return switch (positions.size()) {
            case 0 -> null;
            case 1 -> new JsonObject().put("type", "Point").put("coordinates", positions.getJsonArray(0));
            default -> new JsonObject().put("type", "LineString").put("coordinates", positions);
        };
    }

    private static Double floatOrNull(Row row, String column) {
        Float f = row.getFloat(column);
        return f == null ? null : f.doubleValue();
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
