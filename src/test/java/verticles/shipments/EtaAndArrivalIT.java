package verticles.shipments;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.LogCapture;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.SseClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("ETA on every position, and the arriving event at the destination's geofence")
class EtaAndArrivalIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** Metres per degree of latitude on the mean sphere: a fix this many metres north of a place. */
    private static final double METERS_PER_DEGREE = 111_195.08;

    private final LogCapture notifications = LogCapture.of("meridian.notifications");

    @Override
    protected Map<String, String> nodeOverrides() {
        return WITH_SAGA;
    }

    @AfterAll
    void stopListening() {
        notifications.close();
    }

    @Test
    @DisplayName("a standalone shipment: ETA from distance and derived speed, then ARRIVING once inside the geofence")
    void standaloneShipment() throws Exception {
        // Api.createShipment's destination is (48.85, 2.35).
        String id = demo.createShipment();
        Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
        try (SseClient stream = SseClient.open(node.baseUrl(), "/v1/shipments/" + id + "/events", "demo-key", null)) {
            stream.next("snapshot", DEADLINE);
            postWithoutSpeed(id, north(48.85, 5000), 2.35, t0);
            awaitPositionAt(id, t0);
            Instant posted = Instant.now();
            postWithoutSpeed(id, north(48.85, 4900), 2.35, t0.plusSeconds(10));
            JsonObject moving = awaitPositionAt(id, t0.plusSeconds(10));
            Instant seen = Instant.now();

            JsonObject eta = moving.getJsonObject("position").getJsonObject("eta");
            assertEquals(4900, eta.getDouble("remainingMeters"), 5);
            assertEquals(10, eta.getDouble("speed"), 0.1, "100 m in 10 s, no device speed: derived");
            // 490 s counted from when the fix was estimated, not from its device time 110 s ago.
            Instant arrivesAt = Instant.parse(eta.getString("arrivesAt"));
            assertTrue(!arrivesAt.isBefore(posted.plusSeconds(489)) && !arrivesAt.isAfter(seen.plusSeconds(491)),
                () -> "arrives at " + arrivesAt + ", estimated between " + posted + " and " + seen);
            assertEquals(eta.getString("arrivesAt"), eta.getString("originalArrivesAt"));
            assertNull(eta.getString("revisedAt"));
            assertEquals(false, moving.getJsonObject("position").getBoolean("stale"));
            assertEquals("IN_TRANSIT", moving.getString("status"));
            assertNull(moving.getString("arrivingAt"));

            Instant inside = t0.plusSeconds(60);
            postWithoutSpeed(id, north(48.85, 250), 2.35, inside);
            assertEquals("IN_TRANSIT", awaitPositionAt(id, inside).getString("status"), "inside, but not for the dwell");
            postWithoutSpeed(id, north(48.85, 150), 2.35, inside.plusSeconds(25));
            JsonObject arriving = awaitPositionAt(id, inside.plusSeconds(25));
            assertEquals("ARRIVING", arriving.getString("status"));
            assertEquals(inside, Instant.parse(arriving.getString("arrivingAt")));
            assertEquals(1, db.count("SELECT count(*) FROM shipments WHERE id = $1 AND arriving_at IS NOT NULL", id));

            SseClient.Event event = stream.next("arriving", DEADLINE);
            assertEquals(id, event.json().getString("shipmentId"));
            assertEquals(inside, Instant.parse(event.json().getString("at")));
            assertEquals(150, event.json().getDouble("remainingMeters"), 5);

            // Still inside: no second arrival, and the first time stays.
            postWithoutSpeed(id, north(48.85, 50), 2.35, t0.plusSeconds(95));
            awaitPositionAt(id, t0.plusSeconds(95));
            assertTrue(stream.until(Duration.ofSeconds(2)).stream().noneMatch(e -> "arriving".equals(e.type())));
            assertEquals(inside, Instant.parse(demo.get("/v1/shipments/" + id).json().getString("arrivingAt")));
        }
    }

    @Test
    @DisplayName("an order: the arrival is a new version with cause arriving, on its stream and notified once")
    void orderArrival() throws Exception {
        assertEquals(200, demo.put("/v1/inventory/ARRIVAL-1", "{\"available\": 10}").status());
        String orderId = demo.createOrder("ARRIVAL-1", 1).json().getString("id");
        JsonObject confirmed = Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + orderId).json(),
            o -> "CONFIRMED".equals(o.getString("status")));
        String shipmentId = confirmed.getString("shipmentId");
        assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"PREPARING\"}").status());
        assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"OUT_FOR_DELIVERY\"}").status());
        Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipmentId).status(), s -> s == 200);

        Instant t0 = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.MILLIS);
        try (SseClient stream = SseClient.open(node.baseUrl(), "/v1/orders/" + orderId + "/events", "demo-key", null)) {
            stream.next("snapshot", DEADLINE);
            // Api.createOrder's destination is (52.52, 13.405); the device reports 9.5 m/s.
            Api.Response far0 = demo.postFix(shipmentId, north(52.52, 2000), 13.405, t0);
            assertEquals(202, far0.status(), far0::toString);
            JsonObject far = awaitPositionAt(shipmentId, t0);
            assertEquals(2000, far.getJsonObject("position").getJsonObject("eta").getDouble("remainingMeters"), 5);
            assertEquals(9.5, far.getJsonObject("position").getJsonObject("eta").getDouble("speed"), 0.01);

            Instant inside = t0.plusSeconds(200);
            assertEquals(202, demo.postFix(shipmentId, north(52.52, 100), 13.405, inside).status());
            assertEquals(202, demo.postFix(shipmentId, north(52.52, 60), 13.405, inside.plusSeconds(20)).status());
            SseClient.Event event = stream.next("arriving", DEADLINE);
            assertEquals(orderId, event.json().getString("orderId"));
            assertEquals("OUT_FOR_DELIVERY", event.json().getString("status"));
            assertEquals(5, event.json().getInteger("version"));

            JsonObject order = Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + orderId).json(),
                o -> o.getString("arrivingAt") != null);
            assertEquals(inside, Instant.parse(order.getString("arrivingAt")));
            assertEquals(5, order.getInteger("version"));
            JsonObject last = order.getJsonArray("history").getJsonObject(4);
            assertEquals("arriving", last.getString("cause"));
            assertEquals("OUT_FOR_DELIVERY", last.getString("status"));
            assertEquals("ARRIVING", demo.get("/v1/shipments/" + shipmentId).json().getString("status"));
            Eventually.await(DEADLINE, () -> arrivingNotifications(orderId), lines -> lines.size() == 1);

            // Another fix inside the geofence announces nothing more.
            assertEquals(202, demo.postFix(shipmentId, north(52.52, 20), 13.405, inside.plusSeconds(40)).status());
            // The position moves only after the batch asked the orders, so a second arrival would show by now.
            awaitPositionAt(shipmentId, inside.plusSeconds(40));
            assertEquals(5, demo.get("/v1/orders/" + orderId).json().getInteger("version"));
            assertEquals(1, arrivingNotifications(orderId).size());

            // The arrival changes no status: the delivery goes on as usual.
            assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"DELIVERED\"}").status());
            assertEquals("DELIVERED", stream.next("status", DEADLINE).json().getString("status"));
        }
    }

    @Test
    @DisplayName("a shipment without a destination has positions but no ETA and never arrives")
    void noDestinationNoEta() {
        Api.Response created = demo.post("/v1/shipments", "{\"reference\": \"no-destination\"}");
        String id = created.json().getString("id");
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        assertEquals(202, demo.postFix(id, 48.85, 2.35, at).status());
        JsonObject shipment = awaitPositionAt(id, at);
        assertNull(shipment.getJsonObject("position").getValue("eta"));
        assertEquals("IN_TRANSIT", shipment.getString("status"));
    }

    @Test
    @DisplayName("a slower courier revises the announced ETA: on the stream, to the customer, to a webhook, and kept")
    void etaRevision() throws Exception {
        Api.Response hook = demo.post("/v1/webhooks",
            "{\"url\": \"http://127.0.0.1:9/eta\", \"events\": [\"shipment.eta-revised\"]}");
        assertEquals(201, hook.status(), hook::toString);
        String id = demo.createShipment();
        Instant t0 = Instant.now().minusSeconds(180).truncatedTo(ChronoUnit.MILLIS);
        try (SseClient stream = SseClient.open(node.baseUrl(), "/v1/shipments/" + id + "/events", "demo-key", null)) {
            stream.next("snapshot", DEADLINE);
            // 50 km out at 10 m/s: about 83 minutes.
            assertEquals(202, postWithSpeed(id, north(48.85, 50_000), t0, 10.0).status());
            JsonObject first = awaitPositionAt(id, t0).getJsonObject("position").getJsonObject("eta");
            Instant announced = Instant.parse(first.getString("arrivesAt"));

            // At 2 m/s the smoothed speed drops to 7.6 m/s: about 26 minutes later, beyond the 5-minute
            // threshold; but a revision waits for the estimates to call for it for a minute.
            assertEquals(202, postWithSpeed(id, north(48.85, 49_990), t0.plusSeconds(5), 2.0).status());
            JsonObject pending = awaitPositionAt(id, t0.plusSeconds(5)).getJsonObject("position").getJsonObject("eta");
            assertEquals(first.getString("arrivesAt"), pending.getString("arrivesAt"), "a stop at a light revises nothing");
            assertNull(pending.getString("revisedAt"));
            assertEquals(202, postWithSpeed(id, north(48.85, 49_980), t0.plusSeconds(70), 2.0).status());
            JsonObject revised = awaitPositionAt(id, t0.plusSeconds(70)).getJsonObject("position").getJsonObject("eta");
            assertEquals(first.getString("arrivesAt"), revised.getString("previousArrivesAt"));
            assertEquals(first.getString("arrivesAt"), revised.getString("originalArrivesAt"));
            assertNotNull(revised.getString("revisedAt"));
            Instant now = Instant.parse(revised.getString("arrivesAt"));
            assertTrue(Duration.between(announced, now).toMinutes() >= 20, () -> "was " + announced + ", now " + now);

            SseClient.Event live = stream.next("eta-revised", DEADLINE);
            assertEquals(revised.getString("arrivesAt"), live.json().getString("arrivesAt"));
            assertEquals(first.getString("arrivesAt"), live.json().getString("previousArrivesAt"));
            Eventually.await(DEADLINE, () -> notifications.events().stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("shipment " + id + " now arrives at " + revised.getString("arrivesAt"))).count(),
                n -> n == 1);
            Eventually.await(DEADLINE, () -> count("SELECT count(*) FROM webhook_deliveries WHERE event_type = "
                + "'shipment.eta-revised' AND payload::jsonb->'data'->>'shipmentId' = $1", id), n -> n == 1);
            assertEquals(1, db.count("SELECT count(*) FROM shipments WHERE id = $1 AND eta_revised_at IS NOT NULL "
                + "AND eta_original_at < eta_arrives_at", id));

            // A small change moves nothing; nor does a late fix, however different its speed.
            assertEquals(202, postWithSpeed(id, north(48.85, 49_970), t0.plusSeconds(80), 5.92).status());
            awaitPositionAt(id, t0.plusSeconds(80));
            assertEquals(202, postWithSpeed(id, north(48.85, 49_999), t0.plusSeconds(1), 0.6).status());
            Eventually.await(DEADLINE, () -> count("SELECT count(*) FROM location_history WHERE shipment_id = $1", id),
                n -> n == 5);
            assertTrue(stream.until(Duration.ofSeconds(2)).stream().noneMatch(e -> "eta-revised".equals(e.type())));
        }
    }

    @Test
    @DisplayName("a position older than the staleness limit is stale and shows no arrival time, only the distance")
    void staleFixGivesNoArrivalTime() {
        String id = demo.createShipment();
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        assertEquals(202, postWithSpeed(id, north(48.85, 5000), twoHoursAgo, 10.0).status());
        JsonObject position = awaitPositionAt(id, twoHoursAgo).getJsonObject("position");
        assertTrue(position.getBoolean("stale"));
        assertNull(position.getJsonObject("eta").getString("arrivesAt"), "not an arrival in the past, nor one tomorrow");
        assertEquals(5000, position.getJsonObject("eta").getDouble("remainingMeters"), 5);
    }

    private long count(String sql, String id) {
        try {
            return db.count(sql, id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Api.Response postWithSpeed(String shipmentId, double lat, Instant at, double speed) {
        return demo.post("/v1/shipments/" + shipmentId + "/locations",
            "{\"lat\": " + lat + ", \"lon\": 2.35, \"recordedAt\": \"" + at + "\", \"speed\": " + speed + "}");
    }

    private void postWithoutSpeed(String shipmentId, double lat, double lon, Instant at) {
        Api.Response r = demo.post("/v1/shipments/" + shipmentId + "/locations",
            "{\"lat\": " + lat + ", \"lon\": " + lon + ", \"recordedAt\": \"" + at + "\"}");
        assertEquals(202, r.status(), r::toString);
    }

    private JsonObject awaitPositionAt(String shipmentId, Instant recordedAt) {
        JsonObject shipment = Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipmentId).json(),
            s -> s.getJsonObject("position") != null
                && recordedAt.equals(Instant.parse(s.getJsonObject("position").getString("recordedAt"))));
        assertNotNull(shipment.getJsonObject("position"));
        return shipment;
    }

    private List<String> arrivingNotifications(String orderId) {
        return notifications.events().stream().map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.startsWith("order " + orderId + " is arriving")).toList();
    }

    private static double north(double lat, double meters) {
        return lat + meters / METERS_PER_DEGREE;
    }
}
