package verticles.shipments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.domain.geo.GreatCircle;
import verticles.domain.shipment.EtaHistory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static verticles.shipments.ShipmentStore.utc;

/**
 * The SQL of the tracking consumer: what it reads of each shipment it meets (destination, order,
 * arrival, ETA history) and what a batch writes (history rows, arrivals, ETA histories).
 */
final class TrackingStore {

    private static final String TARGETS = """
        SELECT id, order_id, destination, arriving_at, eta_original_at, eta_arrives_at, eta_previous_at, eta_revised_at
        FROM shipments WHERE id = ANY($1)""";
    private static final String RECORD_ETAS = """
        UPDATE shipments SET eta_original_at = e.original, eta_arrives_at = e.announced, eta_previous_at = e.previous,
                             eta_revised_at = e.revised
        FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[])
          AS e(id, original, announced, previous, revised)
        WHERE shipments.id = e.id""";
    private static final String MARK_ARRIVING = """
        UPDATE shipments SET arriving_at = a.at
        FROM unnest($1::text[], $2::timestamptz[]) AS a(id, at)
        WHERE shipments.id = a.id AND shipments.arriving_at IS NULL""";
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

    /**
     * Where each of these shipments is going and the order it delivers (either may be null), when
     * it arrived and what ETAs it was given, by shipment id.
     */
    Future<Map<String, Course.Target>> targets(SqlClient db, Collection<String> shipmentIds) {
        if (shipmentIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return db.preparedQuery(TARGETS).execute(Tuple.from(new Object[] {shipmentIds.toArray(String[]::new)})).map(rows -> {
            Map<String, Course.Target> targets = new HashMap<>();
            for (Row row : rows) {
                JsonObject destination = (JsonObject) row.getJson("destination");
                EtaHistory eta = new EtaHistory(instantOrNull(row, "eta_original_at"), instantOrNull(row, "eta_arrives_at"),
                    instantOrNull(row, "eta_previous_at"), instantOrNull(row, "eta_revised_at"));
                targets.put(row.getString("id"), new Course.Target(destination == null ? null
                    : new GreatCircle.Point(destination.getDouble("lat"), destination.getDouble("lon")),
                    row.getString("order_id"), instantOrNull(row, "arriving_at"), eta));
            }
            return targets;
        });
    }

    /** Keeps the ETA history of each of these shipments: a first estimate or a revision. */
    Future<Void> recordEtas(SqlClient db, Map<String, EtaHistory> etas) {
        if (etas.isEmpty()) {
            return Future.succeededFuture();
        }
        String[] ids = etas.keySet().toArray(String[]::new);
        OffsetDateTime[][] columns = new OffsetDateTime[4][ids.length];
        for (int i = 0; i < ids.length; i++) {
            EtaHistory eta = etas.get(ids[i]);
            columns[0][i] = utcOrNull(eta.original());
            columns[1][i] = utcOrNull(eta.announced());
            columns[2][i] = utcOrNull(eta.previous());
            columns[3][i] = utcOrNull(eta.revisedAt());
        }
        return db.preparedQuery(RECORD_ETAS)
            .execute(Tuple.from(new Object[] {ids, columns[0], columns[1], columns[2], columns[3]})).mapEmpty();
    }

    private static Instant instantOrNull(Row row, String column) {
        OffsetDateTime at = row.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utcOrNull(Instant at) {
        return at == null ? null : utc(at);
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
}
