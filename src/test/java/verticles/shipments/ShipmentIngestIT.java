package verticles.shipments;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.platform.events.JournalEntry;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TestNodes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Shipments and location ingest, on real Kafka, Redis and PostgreSQL")
class ShipmentIngestIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);


    private long historyRows(String shipmentId) {
        try {
            return db.count("SELECT count(*) FROM location_history WHERE shipment_id = $1", shipmentId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonObject shipmentView(String id) {
        Api.Response read = demo.get("/v1/shipments/" + id);
        assertEquals(200, read.status(), read.toString());
        return read.json();
    }

    private JsonObject positionOnceStored(String id, Instant recordedAt) {
        return Eventually.await(DEADLINE, () -> shipmentView(id), s -> s.getJsonObject("position") != null
            && Instant.parse(s.getJsonObject("position").getString("recordedAt")).equals(recordedAt));
    }

    @Test
    @DisplayName("creates a standalone shipment: 201, a Location, a shp_ id, no position yet")
    void createsAShipment() {
        String id = demo.createShipment();
        assertTrue(id.startsWith("shp_"), id);
        JsonObject view = shipmentView(id);
        assertEquals("CREATED", view.getString("status"));
        assertEquals("parcel-1", view.getString("reference"));
        assertNull(view.getJsonObject("position"));
        assertEquals(404, acme.get("/v1/shipments/" + id).status(), "another tenant's shipment is 404");
    }

    @Test
    @DisplayName("accepts one update with 202 once Kafka has it, and shows it as the latest position")
    void acceptsOneUpdate() {
        String id = demo.createShipment();
        Instant at = Instant.now().minusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Api.Response accepted = demo.postFix(id, 52.52, 13.405, at);
        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals(1, accepted.json().getInteger("accepted"));
        JsonObject view = positionOnceStored(id, at);
        assertEquals("IN_TRANSIT", view.getString("status"));
        assertEquals(52.52, view.getJsonObject("position").getDouble("lat"));
        assertEquals(9.5, view.getJsonObject("position").getDouble("speed"));
        String receivedAt = view.getJsonObject("position").getString("receivedAt");
        assertEquals(receivedAt, view.getString("updatedAt"), "updatedAt is the server's receipt, not the device clock");
        assertTrue(Instant.parse(receivedAt).isAfter(at));
    }

    @Test
    @DisplayName("ends shuffled, duplicated updates with the newest fix latest and each fix stored once")
    void shuffledAndDuplicatedUpdates() {
        String id = demo.createShipment();
        Instant start = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(Api.batchItem(id, 50 + i * 0.01, 10 + i * 0.01, start.plusSeconds(i)));
        }
        List<String> sent = new ArrayList<>(items);
        sent.addAll(items.subList(10, 30));   // redelivered by a retrying client
        Collections.shuffle(sent, new Random(7));
        for (int from = 0; from < sent.size(); from += 16) {
            List<String> chunk = sent.subList(from, Math.min(sent.size(), from + 16));
            Api.Response accepted = demo.post("/v1/locations", "[" + String.join(",", chunk) + "]");
            assertEquals(202, accepted.status(), accepted.toString());
        }
        // And the newest once more, then an old one, each on its own, after everything else.
        assertEquals(202, demo.postFix(id, 50.59, 10.59, start.plusSeconds(59)).status());
        assertEquals(202, demo.postFix(id, 50.0, 10.0, start).status());

        Eventually.await(DEADLINE, () -> historyRows(id), n -> n >= 60);
        JsonObject view = positionOnceStored(id, start.plusSeconds(59));
        assertEquals(50.59, view.getJsonObject("position").getDouble("lat"), 1e-9);
        assertEquals(60, historyRows(id), "each fix once, whatever was sent twice");
    }

    @Test
    @DisplayName("never moves a shipment back to an older fix that arrives later")
    void olderFixNeverReplacesNewerPosition() {
        String id = demo.createShipment();
        Instant newer = Instant.now().minusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertEquals(202, demo.postFix(id, 1, 1, newer).status());
        positionOnceStored(id, newer);
        assertEquals(202, demo.postFix(id, 2, 2, newer.minusSeconds(5)).status());
        Eventually.await(DEADLINE, () -> historyRows(id), n -> n == 2);
        assertEquals(1.0, shipmentView(id).getJsonObject("position").getDouble("lat"));
    }

    @Test
    @DisplayName("takes a batch as NDJSON too")
    void acceptsNdjson() {
        String id = demo.createShipment();
        Instant at = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String body = Api.batchItem(id, 1, 1, at) + "\n" + Api.batchItem(id, 2, 2, at.plusSeconds(1)) + "\n";
        Api.Response accepted = demo.send("POST", "/v1/locations", "application/x-ndjson", body);
        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals(2, accepted.json().getInteger("accepted"));
        Eventually.await(DEADLINE, () -> historyRows(id), n -> n == 2);
    }

    static Stream<Arguments> invalidUpdates() {
        Instant past = Instant.now().minusSeconds(30);
        return Stream.of(
            Arguments.of("latitude out of range", "{\"lat\": 91, \"lon\": 1, \"recordedAt\": \"" + past + "\"}"),
            Arguments.of("longitude out of range", "{\"lat\": 1, \"lon\": -181, \"recordedAt\": \"" + past + "\"}"),
            Arguments.of("NaN, which JSON cannot carry", "{\"lat\": NaN, \"lon\": 1, \"recordedAt\": \"" + past + "\"}"),
            Arguments.of("a number too large to be finite", "{\"lat\": 1e999, \"lon\": 1, \"recordedAt\": \"" + past + "\"}"),
            Arguments.of("latitude as a string", "{\"lat\": \"1\", \"lon\": 1, \"recordedAt\": \"" + past + "\"}"),
            Arguments.of("no recordedAt", "{\"lat\": 1, \"lon\": 1}"),
            Arguments.of("recordedAt that is not a time", "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"soon\"}"),
            Arguments.of("recordedAt far in the future", "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \""
                + Instant.now().plusSeconds(3600) + "\"}"),
            Arguments.of("negative speed", "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"" + past + "\", \"speed\": -1}"),
            Arguments.of("negative accuracy", "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"" + past + "\", \"accuracy\": -1}"),
            Arguments.of("heading of 360", "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"" + past + "\", \"heading\": 360}"),
            Arguments.of("an unknown field", "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"" + past + "\", \"alt\": 3}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUpdates")
    @DisplayName("refuses with 400 problem+json, recording nothing, an update with")
    void refusesInvalidUpdates(String what, String body) {
        String id = demo.createShipment();
        Api.Response refused = demo.post("/v1/shipments/" + id + "/locations", body);
        assertEquals(400, refused.status(), what + ": " + refused);
        assertTrue(refused.isProblem(), refused.toString());
        proveNothingWasRecorded(id);
    }

    /** A good update sent after the refused one lands alone: the refused one never reached Kafka. */
    private void proveNothingWasRecorded(String id) {
        Instant marker = Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertEquals(202, demo.postFix(id, 0, 0, marker).status());
        positionOnceStored(id, marker);
        assertEquals(1, historyRows(id));
    }

    @Test
    @DisplayName("refuses a batch with one bad item whole, naming its position, and records nothing from it")
    void refusesABatchWithOneBadItem() {
        String id = demo.createShipment();
        Instant at = Instant.now().minusSeconds(100);
        String body = "[" + Api.batchItem(id, 1, 1, at) + "," + Api.batchItem(id, 2, 2, at.plusSeconds(1)) + ","
            + "{\"shipmentId\": \"" + id + "\", \"lat\": 95, \"lon\": 3, \"recordedAt\": \"" + at.plusSeconds(2) + "\"},"
            + Api.batchItem(id, 4, 4, at.plusSeconds(3)) + "]";
        Api.Response refused = demo.post("/v1/locations", body);
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.json().getString("detail").contains("[2]"), refused.toString());
        assertEquals("[2].lat", refused.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        proveNothingWasRecorded(id);
    }

    @Test
    @DisplayName("refuses malformed batches: not an array, empty, too large, unreadable NDJSON, other media types")
    void refusesMalformedBatches() {
        String id = demo.createShipment();
        Instant at = Instant.now().minusSeconds(100);
        assertEquals(400, demo.post("/v1/locations", Api.batchItem(id, 1, 1, at)).status());
        assertEquals(400, demo.post("/v1/locations", "[]").status());
        assertEquals(400, demo.post("/v1/locations", "[" + Api.batchItem(id, 1, 1, at) + ",").status());
        String tooMany = Stream.generate(() -> Api.batchItem(id, 1, 1, at)).limit(1001).collect(Collectors.joining(",", "[", "]"));
        Api.Response large = demo.post("/v1/locations", tooMany);
        assertEquals(400, large.status(), large.toString());
        Api.Response ndjson = demo.send("POST", "/v1/locations", "application/x-ndjson",
            Api.batchItem(id, 1, 1, at) + "\n{not json\n");
        assertEquals(400, ndjson.status(), ndjson.toString());
        assertEquals("[1]", ndjson.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(415, demo.send("POST", "/v1/locations", "text/csv", "1,2,3").status());
        proveNothingWasRecorded(id);
    }

    @Test
    @DisplayName("answers 404 for an unknown or another tenant's shipment, on every shipment route")
    void unknownAndForeignShipmentsAre404() {
        String mine = demo.createShipment();
        String theirs = acme.createShipment();
        Instant at = Instant.now().minusSeconds(10);
        for (String id : List.of(theirs, "shp_01m81t94ht5n1swdp370p9hyf9", "shp_nope")) {
            assertEquals(404, demo.postFix(id, 1, 1, at).status(), id);
            assertEquals(404, demo.get("/v1/shipments/" + id).status(), id);
            assertEquals(404, demo.get("/v1/shipments/" + id + "/track").status(), id);
            assertEquals(404, demo.post("/v1/shipments/" + id + "/checkpoints",
                "{\"facility\": \"Hub\", \"type\": \"SCANNED\", \"at\": \"" + at + "\"}").status(), id);
        }
        Api.Response batch = demo.post("/v1/locations", "[" + Api.batchItem(mine, 1, 1, at) + ","
            + Api.batchItem(theirs, 1, 1, at) + "]");
        assertEquals(404, batch.status(), batch.toString());
        assertTrue(batch.json().getString("detail").contains("[1]"), batch.toString());
        proveNothingWasRecorded(mine);
        assertEquals(0, historyRows(theirs));
    }

    @Test
    @DisplayName("records warehouse checkpoints and shows the newest on the shipment")
    void recordsCheckpoints() throws Exception {
        String id = demo.createShipment();
        Instant arrived = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertEquals(202, demo.post("/v1/shipments/" + id + "/checkpoints",
            "{\"facility\": \"Berlin hub\", \"type\": \"ARRIVED\", \"at\": \"" + arrived + "\"}").status());
        assertEquals(202, demo.post("/v1/shipments/" + id + "/checkpoints",
            "{\"facility\": \"Berlin hub\", \"type\": \"DEPARTED\", \"at\": \"" + arrived.plusSeconds(300) + "\"}").status());
        JsonObject view = Eventually.await(DEADLINE, () -> shipmentView(id), s -> s.getJsonObject("lastCheckpoint") != null
            && "DEPARTED".equals(s.getJsonObject("lastCheckpoint").getString("type")));
        assertEquals("Berlin hub", view.getJsonObject("lastCheckpoint").getString("facility"));
        assertEquals(2, db.count("SELECT count(*) FROM checkpoints WHERE shipment_id = $1", id));
        Api.Response bad = demo.post("/v1/shipments/" + id + "/checkpoints",
            "{\"facility\": \"Berlin hub\", \"type\": \"LOST\", \"at\": \"" + arrived + "\"}");
        assertEquals(400, bad.status());
    }

    @Test
    @DisplayName("answers the track as a GeoJSON LineString of [lon, lat] in time order (a Point for one), filtered by time")
    void answersTheTrack() {
        String id = demo.createShipment();
        Instant start = Instant.now().minusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String body = "[" + Api.batchItem(id, 3, 30, start.plusSeconds(20)) + "," + Api.batchItem(id, 1, 10, start) + ","
            + Api.batchItem(id, 2, 20, start.plusSeconds(10)) + "]";
        assertEquals(202, demo.post("/v1/locations", body).status());
        Eventually.await(DEADLINE, () -> historyRows(id), n -> n == 3);

        JsonObject track = demo.get("/v1/shipments/" + id + "/track").json();
        assertEquals("Feature", track.getString("type"));
        assertEquals("LineString", track.getJsonObject("geometry").getString("type"));
        assertEquals(new JsonArray("[[10.0,1.0],[20.0,2.0],[30.0,3.0]]"),
            track.getJsonObject("geometry").getJsonArray("coordinates"));
        assertEquals(start.toString(), track.getJsonObject("properties").getJsonArray("times").getString(0));

        JsonObject later = demo.get("/v1/shipments/" + id + "/track?from=" + start.plusSeconds(5) + "&limit=1").json();
        assertEquals("Point", later.getJsonObject("geometry").getString("type"), "one position is a Point");
        assertEquals(new JsonArray("[20.0,2.0]"), later.getJsonObject("geometry").getJsonArray("coordinates"));
        assertEquals(400, demo.get("/v1/shipments/" + id + "/track?limit=0").status());
        assertEquals(400, demo.get("/v1/shipments/" + id + "/track?from=yesterday").status());
    }

    @Test
    @DisplayName("rebuilds a shipment from PostgreSQL when Redis lost it (expiry loses nothing)")
    void rebuildsFromPostgresAfterAMiss() throws Exception {
        String id = demo.createShipment();
        Instant at = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertEquals(202, demo.postFix(id, 7, 8, at).status());
        JsonObject fromRedis = positionOnceStored(id, at);
        Vertx vertx = Vertx.vertx();
        try {
            RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, infra.redisUrl()));
            assertEquals(1, redis.del(List.of(ShipmentCache.key("demo", id))).await(5, TimeUnit.SECONDS).toInteger());
            JsonObject rebuilt = shipmentView(id);
            // The ETA is derived as a fix is tracked and not kept in history: the next fix brings it back.
            assertNotNull(fromRedis.getJsonObject("position").remove("eta"), "the tracked position had an ETA");
            assertEquals(fromRedis, rebuilt, "Redis's rendering and PostgreSQL's rebuild are the same view, but the ETA");
            assertEquals(7.0, rebuilt.getJsonObject("position").getDouble("lat"));
            assertEquals(at.toString(), rebuilt.getJsonObject("position").getString("recordedAt"));
            assertTrue(redis.exists(List.of(ShipmentCache.key("demo", id))).await(5, TimeUnit.SECONDS).toInteger() == 1,
                "the read refilled Redis");
        } finally {
            vertx.close();
        }
    }

    @Test
    @DisplayName("gives a confirmed order its shipment, which then takes updates")
    void confirmedOrdersGetAShipment() {
        String orderId = demo.createOrder().json().getString("id");
        String shipmentId = node.settleAsTheSaga("demo", orderId, "CONFIRMED").getString("shipmentId");
        assertEquals("shp_" + orderId.substring(4), shipmentId);
        assertEquals(shipmentId, demo.get("/v1/orders/" + orderId).json().getString("shipmentId"));
        JsonObject shipment = Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipmentId),
            r -> r.status() == 200).json();
        assertEquals(orderId, shipment.getString("orderId"));
        assertEquals(52.52, shipment.getJsonObject("destination").getDouble("lat"));
        Instant at = Instant.now().minusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertEquals(202, demo.postFix(shipmentId, 52.5, 13.4, at).status());
        positionOnceStored(shipmentId, at);
    }

    @Test
    @DisplayName("journals and publishes each forward move on the shipment's and the tenant's streams, and no move back")
    void publishesForwardMoves() throws Exception {
        String id = demo.createShipment();
        var bus = node.node().vertx().eventBus();
        java.util.concurrent.LinkedBlockingQueue<JournalEntry> onShipment = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.LinkedBlockingQueue<JournalEntry> onTenant = new java.util.concurrent.LinkedBlockingQueue<>();
        var tenantConsumer = bus.<JsonObject>consumer(verticles.platform.Addresses.tenantChanged("demo"), m -> {
            for (JournalEntry entry : JournalEntry.fromMessage(m.body())) {
                if (id.equals(entry.subject())) {
                    (entry.stream().equals(id) ? onShipment : onTenant).add(entry);
                }
            }
        });
        try {
            tenantConsumer.completion().await(5, TimeUnit.SECONDS);
            Instant at = Instant.now().minusSeconds(20).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            assertEquals(202, demo.postFix(id, 4, 5, at).status());
            JournalEntry moved = onShipment.poll(30, TimeUnit.SECONDS);
            assertEquals("location", moved.type());
            assertEquals("0", moved.prev(), "the shipment's first event");
            assertEquals(at.toString(), new JsonObject(moved.data()).getJsonObject("position").getString("recordedAt"));
            assertEquals("tenant:demo", onTenant.poll(10, TimeUnit.SECONDS).stream());

            assertEquals(202, demo.post("/v1/shipments/" + id + "/checkpoints",
                "{\"facility\": \"Hub\", \"type\": \"SCANNED\", \"at\": \"" + at + "\"}").status());
            JournalEntry scanned = onShipment.poll(30, TimeUnit.SECONDS);
            assertEquals("checkpoint", scanned.type());
            assertEquals(moved.id(), scanned.prev(), "each event names the one before it");

            // An older fix is stored in history but moves nothing, so nothing is journaled for it.
            assertEquals(202, demo.postFix(id, 6, 7, at.minusSeconds(5)).status());
            Eventually.await(DEADLINE, () -> historyRows(id), n -> n == 2);
            assertNull(onShipment.poll(1, TimeUnit.SECONDS), "no event for a fix that moved nothing");
        } finally {
            tenantConsumer.unregister();
        }
    }

    @Test
    @DisplayName("refuses with 503 and Retry-After what would pass the bound on updates waiting for Kafka")
    void boundsUpdatesInFlight() throws Exception {
        try (TestNodes.RunningNode bounded = TestNodes.start(infra, Map.of("MERIDIAN_INGEST_MAX_IN_FLIGHT", "2",
                "MERIDIAN_VERTICLES_ORDERS_INSTANCES", "0", "MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES", "0",
                "MERIDIAN_VERTICLES_NOTIFY_INSTANCES", "0", "MERIDIAN_VERTICLES_TRACKING_INSTANCES", "0"))) {
            Api api = bounded.api("demo-key");
            String id = api.createShipment();
            Instant at = Instant.now().minusSeconds(100);
            String three = "[" + Api.batchItem(id, 1, 1, at) + "," + Api.batchItem(id, 2, 2, at.plusSeconds(1)) + ","
                + Api.batchItem(id, 3, 3, at.plusSeconds(2)) + "]";
            java.net.http.HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(bounded.baseUrl() + "/v1/locations"))
                    .header("Authorization", "Bearer demo-key").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(three)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            String two = "[" + Api.batchItem(id, 1, 1, at) + "," + Api.batchItem(id, 2, 2, at.plusSeconds(1)) + "]";
            assertEquals(202, api.post("/v1/locations", two).status(), "within the bound it is accepted");
        }
    }

    @Test
    @DisplayName("refuses a fix or scan older than the history keeps, naming the field and the retention")
    void refusesWhatTheHistoryNoLongerKeeps() {
        String shipment = demo.createShipment();
        Api.Response fix = demo.postFix(shipment, 52.5, 13.4, Instant.now().minus(Duration.ofDays(91)));
        assertEquals(400, fix.status(), fix.toString());
        assertTrue(fix.body().contains("recordedAt") && fix.body().contains("90d"), fix.body());
        Api.Response scan = demo.post("/v1/shipments/" + shipment + "/checkpoints", new JsonObject()
            .put("facility", "Berlin hub").put("type", "ARRIVED").put("at", Instant.now().minus(Duration.ofDays(91)).toString())
            .encode());
        assertEquals(400, scan.status(), scan.toString());
        assertTrue(scan.body().contains("\"at\"") && scan.body().contains("90d"), scan.body());
        assertEquals(202, demo.postFix(shipment, 52.5, 13.4, Instant.now().minus(Duration.ofDays(89))).status());
    }
}
