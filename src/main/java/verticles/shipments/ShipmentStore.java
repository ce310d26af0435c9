package verticles.shipments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.platform.db.CreatedOnce;
import verticles.domain.geo.GreatCircle;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.Optional;

/** The SQL of shipments, their location history and their checkpoints. */
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
    private static final String DESTINATIONS = "SELECT id, order_id, destination FROM shipments WHERE id = ANY($1)";
    private static final String MARK_ARRIVING = """
        UPDATE shipments SET arriving_at = a.at
        FROM unnest($1::text[], $2::timestamptz[]) AS a(id, at)
        WHERE shipments.id = a.id AND shipments.arriving_at IS NULL""";
    private static final String LATEST_LOCATION = """
        SELECT recorded_at, lat, lon, speed, heading, accuracy, courier_id, received_at FROM location_history
        WHERE shipment_id = $1 ORDER BY recorded_at DESC LIMIT 1""";
    private static final String LATEST_CHECKPOINT = """
        SELECT at, type, facility, received_at FROM checkpoints WHERE shipment_id = $1 ORDER BY at DESC LIMIT 1""";
    // Arrays in, one statement: a whole consumer batch is one round trip, and a fix already
    // stored (a redelivery) is skipped by its primary key.
    private static final String APPEND_LOCATIONS = """
        INSERT INTO location_history (shipment_id, recorded_at, lat, lon, speed, heading, accuracy, courier_id, received_at)
        SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float4[], $6::float4[],
                             $7::float4[], $8::text[], $9::timestamptz[])
        ON CONFLICT DO NOTHING""";
    private static final String APPEND_CHECKPOINTS = """
        INSERT INTO checkpoints (shipment_id, at, type, facility, received_at)
        SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::timestamptz[])
        ON CONFLICT DO NOTHING""";
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

    /** Where each of these shipments is going and the order it delivers (either may be null), by shipment id. */
    Future<Map<String, Course.Target>> targets(SqlClient db, Collection<String> shipmentIds) {
        if (shipmentIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return db.preparedQuery(DESTINATIONS).execute(Tuple.from(new Object[] {shipmentIds.toArray(String[]::new)})).map(rows -> {
            Map<String, Course.Target> targets = new HashMap<>();
            for (Row row : rows) {
                JsonObject destination = (JsonObject) row.getJson("destination");
                targets.put(row.getString("id"), new Course.Target(destination == null ? null
                    : new GreatCircle.Point(destination.getDouble("lat"), destination.getDouble("lon")),
                    row.getString("order_id")));
            }
            return targets;
        });
    }

    /** Records when each of these shipments first came inside its destination's geofence; a later time never replaces it. */
    Future<Void> markArriving(SqlClient db, Map<String, Instant> arrivals) {
        if (arrivals.isEmpty()) {
            return Future.succeededFuture();
        }
        String[] ids = arrivals.keySet().toArray(String[]::new);
        OffsetDateTime[] at = new OffsetDateTime[ids.length];
        for (int i = 0; i < ids.length; i++) {
            at[i] = utc(arrivals.get(ids[i]));
        }
        return db.preparedQuery(MARK_ARRIVING).execute(Tuple.from(new Object[] {ids, at})).mapEmpty();
    }

    Future<Void> appendLocations(SqlClient db, List<JsonObject> fixes) {
        if (fixes.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = fixes.size();
        String[] ids = new String[n];
        OffsetDateTime[] recorded = new OffsetDateTime[n];
        Double[] lat = new Double[n];
        Double[] lon = new Double[n];
        Float[] speed = new Float[n];
        Float[] heading = new Float[n];
        Float[] accuracy = new Float[n];
        String[] courier = new String[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            JsonObject f = fixes.get(i);
            ids[i] = f.getString("shipmentId");
            recorded[i] = utc(Instant.parse(f.getString("recordedAt")));
            lat[i] = f.getDouble("lat");
            lon[i] = f.getDouble("lon");
            speed[i] = f.getFloat("speed");
            heading[i] = f.getFloat("heading");
            accuracy[i] = f.getFloat("accuracy");
            courier[i] = f.getString("courierId");
            received[i] = utc(Instant.parse(f.getString("receivedAt")));
        }
        return db.preparedQuery(APPEND_LOCATIONS)
            .execute(Tuple.from(new Object[] {ids, recorded, lat, lon, speed, heading, accuracy, courier, received}))
            .mapEmpty();
    }

    Future<Void> appendCheckpoints(SqlClient db, List<JsonObject> scans) {
        if (scans.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = scans.size();
        String[] ids = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] type = new String[n];
        String[] facility = new String[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            JsonObject c = scans.get(i);
            ids[i] = c.getString("shipmentId");
            at[i] = utc(Instant.parse(c.getString("at")));
            type[i] = c.getString("type");
            facility[i] = c.getString("facility");
            received[i] = utc(Instant.parse(c.getString("receivedAt")));
        }
        return db.preparedQuery(APPEND_CHECKPOINTS).execute(Tuple.from(new Object[] {ids, at, type, facility, received}))
            .mapEmpty();
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

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
