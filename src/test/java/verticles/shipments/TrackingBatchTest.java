package verticles.shipments;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.geo.GreatCircle.Point;
import verticles.domain.shipment.EtaHistory;
import verticles.domain.shipment.Geofence;

import java.time.Duration;

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

    private static final Course.Rules RULES = new Course.Rules(Geofence.of(300, Duration.ofSeconds(20)),
        Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(1));

    private static TrackingBatch estimated(Course course, Instant now, JsonObject... fixes) {
        TrackingBatch batch = new TrackingBatch();
        for (JsonObject fix : fixes) {
            batch.add(fix, "c");
        }
        batch.estimate(Map.of("shp_a", course), RULES, now);
        return batch;
    }

    @Test
    @DisplayName("puts an ETA on the newest position, and notes the arrival once the courier dwelt inside the geofence")
    void etaAndArrival() {
        Course standalone = new Course(new Course.Target(DESTINATION, null));
        TrackingBatch far = estimated(standalone, T0, fix("shp_a", 52.40, T0));
        JsonObject eta = far.latest.get("shp_a").position.getJsonObject("eta");
        assertNotNull(eta.getString("arrivesAt"));
        assertEquals(eta.getString("arrivesAt"), eta.getString("originalArrivesAt"), "the first estimate is the original");
        assertTrue(far.arrivals().isEmpty(), "13 km out is not arriving");

        TrackingBatch entering = estimated(standalone, T0.plusSeconds(600), fix("shp_a", 52.519, T0.plusSeconds(600)));
        assertTrue(entering.arrivals().isEmpty(), "inside, but not for the dwell yet");
        TrackingBatch near = estimated(standalone, T0.plusSeconds(630), fix("shp_a", 52.5191, T0.plusSeconds(630)));
        assertEquals(Map.of("shp_a", T0.plusSeconds(600)), near.arrivals(), "arrived when it entered");
        ShipmentCache.Move move = near.moves(Map.of("shp_a", standalone)).get(0);
        assertNotNull(move.arrivingEvent(), "a standalone shipment journals its own arrival");

        standalone.arrivalRecorded(true);
        TrackingBatch again = estimated(standalone, T0.plusSeconds(660), fix("shp_a", 52.5195, T0.plusSeconds(660)));
        assertTrue(again.arrivals().isEmpty(), "an arrival is noted once");
    }

    @Test
    @DisplayName("revises the announced ETA when the estimate moves beyond the threshold, with an event and a live frame")
    void etaRevision() {
        Course course = new Course(new Course.Target(DESTINATION, "ord_1"));
        TrackingBatch first = estimated(course, T0, fix("shp_a", 52.40, T0));
        EtaHistory told = first.etaChanges().get("shp_a");
        assertNotNull(told.announced());
        assertTrue(first.etaRevisions().isEmpty());
        course.eta(told);

        // 13 km at 10 m/s is about 22 minutes; at 2 m/s it is well over an hour: a revision, once the
        // estimates have called for it for a minute of device time.
        TrackingBatch pending = estimated(course, T0.plusSeconds(60), slowFix(52.401, T0.plusSeconds(60)));
        assertTrue(pending.etaRevisions().isEmpty(), "a stop at a light revises nothing");
        assertTrue(pending.etaChanges().isEmpty());
        TrackingBatch slower = estimated(course, T0.plusSeconds(120), slowFix(52.402, T0.plusSeconds(120)));
        assertEquals(1, slower.etaRevisions().size());
        JsonObject revised = slower.etaRevisions().get(0);
        assertEquals(ShipmentEvents.ETA_REVISED, revised.getString("type"));
        JsonObject data = revised.getJsonObject("data");
        assertEquals("ord_1", data.getString("orderId"));
        assertEquals(told.announced().toString(), data.getString("previousArrivesAt"));
        assertEquals(told.original().toString(), data.getString("originalArrivesAt"));
        JsonObject shown = slower.latest.get("shp_a").position.getJsonObject("eta");
        assertEquals(data.getString("arrivesAt"), shown.getString("arrivesAt"));
        assertEquals(T0.plusSeconds(120).toString(), shown.getString("revisedAt"));
        assertNotNull(slower.moves(Map.of("shp_a", course)).get(0).etaRevisedEvent());
    }

    @Test
    @DisplayName("a stop shorter than the confirmation revises nothing, there or back")
    void aShortStopRevisesNothing() {
        Course course = new Course(new Course.Target(DESTINATION, null));
        course.eta(estimated(course, T0, fix("shp_a", 52.40, T0)).etaChanges().get("shp_a"));
        assertTrue(estimated(course, T0.plusSeconds(30), slowFix(52.4001, T0.plusSeconds(30))).etaRevisions().isEmpty());
        assertTrue(estimated(course, T0.plusSeconds(50), fix("shp_a", 52.402, T0.plusSeconds(50))).etaRevisions().isEmpty(),
            "moving again, the estimate is back within the threshold");
        assertTrue(estimated(course, T0.plusSeconds(100), slowFix(52.4021, T0.plusSeconds(100))).etaRevisions().isEmpty(),
            "a new stop waits its own minute");
    }

    private static JsonObject slowFix(double lat, Instant at) {
        JsonObject slow = fix("shp_a", lat, at);
        slow.getJsonObject("data").put("speed", 2.0);
        return slow;
    }

    @Test
    @DisplayName("an arrived courier's ETA is not revised, however late it now looks")
    void noRevisionAfterArrival() {
        EtaHistory passed = new EtaHistory(T0, T0, null, null);
        Course waiting = new Course(new Course.Target(DESTINATION, null, null, passed));
        estimated(waiting, T0.plusSeconds(600), fix("shp_a", 52.47, T0.plusSeconds(600)));
        assertEquals(1, estimated(waiting, T0.plusSeconds(660), fix("shp_a", 52.471, T0.plusSeconds(660))).etaRevisions().size(),
            "not arrived: ten minutes late, for a minute, is a revision");
        Course arrived = new Course(new Course.Target(DESTINATION, null, T0, passed));
        estimated(arrived, T0.plusSeconds(600), fix("shp_a", 52.47, T0.plusSeconds(600)));
        assertTrue(estimated(arrived, T0.plusSeconds(660), fix("shp_a", 52.471, T0.plusSeconds(660))).etaRevisions().isEmpty());
    }

    @Test
    @DisplayName("a late fix neither revises the ETA nor raises an arrival, and a stale one shows no arrival time")
    void lateAndStaleFixes() {
        Course course = new Course(new Course.Target(DESTINATION, null));
        TrackingBatch newest = estimated(course, T0.plusSeconds(600), fix("shp_a", 52.40, T0.plusSeconds(600)));
        course.eta(newest.etaChanges().get("shp_a"));
        TrackingBatch late = estimated(course, T0.plusSeconds(700),
            fix("shp_a", 52.5199, T0), fix("shp_a", 52.5199, T0.plusSeconds(60)));
        assertTrue(late.arrivals().isEmpty());
        assertTrue(late.etaChanges().isEmpty());
        assertTrue(late.etaRevisions().isEmpty());

        Course silent = new Course(new Course.Target(DESTINATION, null));
        TrackingBatch stale = estimated(silent, T0.plus(Duration.ofHours(2)), fix("shp_a", 52.40, T0));
        JsonObject position = stale.latest.get("shp_a").position;
        assertTrue(position.getBoolean("stale"));
        assertNull(position.getJsonObject("eta").getString("arrivesAt"), "a two-hour-old fix gives no arrival time");
        assertTrue(stale.etaChanges().isEmpty());
    }
}
