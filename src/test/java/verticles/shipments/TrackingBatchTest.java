package verticles.shipments;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.geo.GreatCircle.Point;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("One batch of tracking events")
class TrackingBatchTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Point DESTINATION = new Point(52.52, 13.405);

    private static JsonObject fix(String shipment, double lat, Instant at) {
        JsonObject fix = new JsonObject().put("shipmentId", shipment).put("lat", lat).put("lon", 13.405)
            .put("recordedAt", at.toString()).put("speed", 10.0).put("heading", null).put("accuracy", null)
            .put("courierId", null);
        return ShipmentEvents.locationRecorded("demo", fix, at.plusSeconds(1));
    }

    private static JsonObject scan(String shipment, String type, Instant at) {
        JsonObject scan = new JsonObject().put("shipmentId", shipment).put("facility", "hub").put("type", type)
            .put("at", at.toString());
        return ShipmentEvents.checkpointRecorded("demo", scan, at.plusSeconds(1));
    }

    @Test
    @DisplayName("keeps every fix for the history and the newest (with its correlation id) as the position, in any order")
    void newestFixWins() {
        TrackingBatch batch = new TrackingBatch();
        batch.add(fix("shp_a", 52.0, T0.plusSeconds(20)), "newest");
        batch.add(fix("shp_a", 51.0, T0), "oldest");
        batch.add(fix("shp_a", 51.5, T0.plusSeconds(10)), "middle");
        assertEquals(3, batch.fixes.size());
        assertEquals(52.0, batch.latest.get("shp_a").position.getDouble("lat"));
        assertEquals("newest", batch.latest.get("shp_a").correlationId, "an arrival is the newest fix's doing");
        assertEquals(List.of("shp_a"), batch.moving());
    }

    @Test
    @DisplayName("refuses a fix without a position or an owner, and ignores event types it does not track")
    void unreadableEventsAreRefused() {
        TrackingBatch batch = new TrackingBatch();
        JsonObject noLat = fix("shp_a", 52.0, T0);
        noLat.getJsonObject("data").remove("lat");
        assertThrows(NullPointerException.class, () -> batch.add(noLat, "c"));
        JsonObject noTenant = fix("shp_a", 52.0, T0);
        noTenant.remove("tenantid");
        assertThrows(NullPointerException.class, () -> batch.add(noTenant, "c"));
        batch.add(new JsonObject().put("type", "shipment.something-else").put("data", new JsonObject()), "c");
        assertTrue(batch.isEmpty());
    }

    @Test
    @DisplayName("journals every scan in time order, and the position as its own event")
    void scansInTimeOrder() {
        TrackingBatch batch = new TrackingBatch();
        batch.add(scan("shp_a", "DEPARTED", T0.plusSeconds(60)), "c");
        batch.add(scan("shp_a", "ARRIVED", T0), "c");
        batch.add(fix("shp_a", 52.0, T0), "c");
        ShipmentCache.Move move = batch.moves(Map.of()).get(0);
        assertEquals(List.of("ARRIVED", "DEPARTED"), move.scans().stream().map(s -> s.checkpoint().getString("type")).toList());
        assertTrue(move.scans().get(0).event().contains("\"checkpoint\""));
        assertTrue(move.positionEvent().contains("\"position\""));
        assertNull(move.arrivingAt());
    }

    @Test
    @DisplayName("puts an ETA on the newest position, and notes the arrival inside the geofence once")
    void etaAndArrival() {
        Course standalone = new Course(new Course.Target(DESTINATION, null));
        TrackingBatch far = new TrackingBatch();
        far.add(fix("shp_a", 52.40, T0), "c");
        far.estimate(Map.of("shp_a", standalone), 300);
        assertNotNull(far.latest.get("shp_a").position.getJsonObject("eta"));
        assertTrue(far.arrivals().isEmpty(), "13 km out is not arriving");

        TrackingBatch near = new TrackingBatch();
        near.add(fix("shp_a", 52.519, T0.plusSeconds(600)), "c");
        near.estimate(Map.of("shp_a", standalone), 300);
        assertEquals(Map.of("shp_a", T0.plusSeconds(600)), near.arrivals());
        ShipmentCache.Move move = near.moves(Map.of("shp_a", standalone)).get(0);
        assertNotNull(move.arrivingEvent(), "a standalone shipment journals its own arrival");

        standalone.arrivalRecorded(true);
        TrackingBatch again = new TrackingBatch();
        again.add(fix("shp_a", 52.5195, T0.plusSeconds(660)), "c");
        again.estimate(Map.of("shp_a", standalone), 300);
        assertTrue(again.arrivals().isEmpty(), "an arrival is noted once");
    }
}
