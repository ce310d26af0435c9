package verticles.push;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.Metrics;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.SseClient;
import verticles.testsupport.TestNodes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Server-Sent Event streams")
class StreamsIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int RETAINED = 6;

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("MERIDIAN_PUSH_JOURNAL_ENTITY_EVENTS", String.valueOf(RETAINED),
            "MERIDIAN_PUSH_HEARTBEAT", "1s");
    }

    private SseClient open(String path, String key, String lastEventId) {
        return SseClient.open(node.baseUrl(), path, key, lastEventId);
    }

    /** Posts a fix and waits until the shipment shows it, so each fix becomes an event of its own. */
    private Instant move(String shipmentId, double lat, Instant at) {
        assertEquals(202, demo.postFix(shipmentId, lat, 1, at).status());
        Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipmentId).json().getJsonObject("position"),
            p -> p != null && at.toString().equals(p.getString("recordedAt")));
        return at;
    }

    private static Instant someTimeAgo(int secondsAgo) {
        return Instant.now().minusSeconds(secondsAgo).truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    @DisplayName("start with a snapshot of the shipment, then send its moves as they happen")
    void snapshotThenLive() {
        String id = demo.createShipment();
        try (SseClient stream = open("/v1/shipments/" + id + "/events", "demo-key", null)) {
            assertEquals(200, stream.status());
            assertTrue(stream.header("Content-Type").startsWith("text/event-stream"));
            SseClient.Event snapshot = stream.next(DEADLINE);
            assertEquals("snapshot", snapshot.type());
            assertEquals("0", snapshot.id(), "a shipment without events yet");
            assertEquals(id, snapshot.json().getString("id"));
            assertEquals("CREATED", snapshot.json().getString("status"));
            assertNotNull(stream.retry(), "a retry hint comes first");

            Instant at = someTimeAgo(30);
            assertEquals(202, demo.postFix(id, 45.5, 9.2, at).status());
            SseClient.Event location = stream.next(DEADLINE);
            assertEquals("location", location.type());
            assertNotEquals("0", location.id());
            assertEquals(id, location.json().getString("shipmentId"));
            assertEquals(at.toString(), location.json().getJsonObject("position").getString("recordedAt"));

            assertEquals(202, demo.post("/v1/shipments/" + id + "/checkpoints",
                "{\"facility\": \"Milan hub\", \"type\": \"ARRIVED\", \"at\": \"" + at + "\"}").status());
            SseClient.Event checkpoint = stream.next(DEADLINE);
            assertEquals("checkpoint", checkpoint.type());
            assertEquals("Milan hub", checkpoint.json().getJsonObject("checkpoint").getString("facility"));

            Eventually.await(Duration.ofSeconds(5), stream::comments, n -> n > 0);
        }
    }

    @Test
    @DisplayName("send an order's status changes on its stream, on its shipment's stream and on the tenant's feed")
    void orderStatusEverywhere() {
        String orderId = demo.createOrder().json().getString("id");
        try (SseClient order = open("/v1/orders/" + orderId + "/events", "demo-key", null);
             SseClient feed = open("/v1/events", "demo-key", null)) {
            assertEquals("snapshot", order.next(DEADLINE).type());
            SseClient.Event feedSnapshot = feed.next(DEADLINE);
            assertEquals("snapshot", feedSnapshot.type());
            assertEquals("demo", feedSnapshot.json().getString("tenantId"));
            assertNotNull(feedSnapshot.json().getJsonArray("orders"));

            JsonObject confirmed = node.settleAsTheSaga("demo", orderId, "CONFIRMED");
            String shipmentId = confirmed.getString("shipmentId");
            SseClient.Event status = awaitStatus(order, orderId, "CONFIRMED");
            assertEquals(shipmentId, status.json().getString("shipmentId"));
            awaitStatus(feed, orderId, "CONFIRMED");

            // The shipment is made from the order's CONFIRMED event, a moment after the answer:
            // a stream opened before it exists is refused 404, once and for good.
            Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipmentId).status(), s -> s == 200);
            try (SseClient shipment = open("/v1/shipments/" + shipmentId + "/events", "demo-key", null)) {
                assertEquals(200, shipment.status(), shipment.errorBody());
                assertEquals("snapshot", shipment.next(DEADLINE).type());
                assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"PREPARING\"}").status());
                awaitStatus(shipment, orderId, "PREPARING");
                awaitStatus(order, orderId, "PREPARING");
            }
        }
    }

    private static SseClient.Event awaitStatus(SseClient stream, String orderId, String status) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            SseClient.Event e = stream.next("status", Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (orderId.equals(e.json().getString("orderId")) && status.equals(e.json().getString("status"))) {
                return e;
            }
        }
    }

    @Test
    @DisplayName("resume with Last-Event-ID: exactly the missed events, in order, nothing twice")
    void exactResume() throws Exception {
        String id = demo.createShipmentGoingNowhere();
        Instant start = someTimeAgo(600);
        try (SseClient watcher = open("/v1/shipments/" + id + "/events", "demo-key", null)) {
            assertEquals("snapshot", watcher.next(DEADLINE).type());
            String lastSeen;
            try (SseClient leaving = open("/v1/shipments/" + id + "/events", "demo-key", null)) {
                assertEquals("snapshot", leaving.next(DEADLINE).type());
                move(id, 1, start);
                lastSeen = leaving.next(DEADLINE).id();
            }
            List<Instant> missed = List.of(move(id, 2, start.plusSeconds(1)), move(id, 3, start.plusSeconds(2)),
                move(id, 4, start.plusSeconds(3)));

            List<SseClient.Event> seenThroughout = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                seenThroughout.add(watcher.next(DEADLINE));
            }
            assertEquals(lastSeen, seenThroughout.get(0).id());

            try (SseClient back = open("/v1/shipments/" + id + "/events", "demo-key", lastSeen)) {
                List<SseClient.Event> resumed = List.of(back.next(DEADLINE), back.next(DEADLINE), back.next(DEADLINE));
                assertEquals(seenThroughout.subList(1, 4), resumed, "the same events, in the same order");
                for (int i = 0; i < missed.size(); i++) {
                    assertEquals(missed.get(i).toString(),
                        resumed.get(i).json().getJsonObject("position").getString("recordedAt"));
                }
                assertNull(back.poll(Duration.ofMillis(700)), "nothing more, and no snapshot");
                Instant after = move(id, 5, start.plusSeconds(4));
                assertEquals(after.toString(),
                    back.next(DEADLINE).json().getJsonObject("position").getString("recordedAt"), "then live");
            }
        }
    }

    @Test
    @DisplayName("resume from an event trimmed from the journal: reset, then a fresh snapshot")
    void resetPastRetention() throws Exception {
        String id = demo.createShipmentGoingNowhere();
        Instant start = someTimeAgo(900);
        String lastSeen;
        try (SseClient leaving = open("/v1/shipments/" + id + "/events", "demo-key", null)) {
            assertEquals("snapshot", leaving.next(DEADLINE).type());
            move(id, 1, start);
            lastSeen = leaving.next(DEADLINE).id();
        }
        Instant newest = null;
        for (int i = 1; i <= RETAINED + 1; i++) {
            newest = move(id, 1 + i, start.plusSeconds(i));
        }
        try (SseClient back = open("/v1/shipments/" + id + "/events", "demo-key", lastSeen)) {
            assertEquals("reset", back.next(DEADLINE).type());
            SseClient.Event snapshot = back.next(DEADLINE);
            assertEquals("snapshot", snapshot.type());
            assertEquals(newest.toString(), snapshot.json().getJsonObject("position").getString("recordedAt"));
            assertNull(back.poll(Duration.ofMillis(700)), "the snapshot is current: nothing follows it");
        }
        try (SseClient garbled = open("/v1/shipments/" + id + "/events", "demo-key", "not-an-id")) {
            assertEquals("reset", garbled.next(DEADLINE).type());
            assertEquals("snapshot", garbled.next(DEADLINE).type());
        }
    }

    @Test
    @DisplayName("answer 401 without a key and 404 for unknown, malformed or another tenant's ids, before any stream")
    void refusals() {
        String id = demo.createShipment();
        String acmes = acme.createShipment();
        try (SseClient noKey = open("/v1/shipments/" + id + "/events", null, null);
             SseClient badKey = open("/v1/events", "nope", null);
             SseClient unknown = open("/v1/shipments/shp_01JZZZZZZZZZZZZZZZZZZZZZZZ/events", "demo-key", null);
             SseClient malformed = open("/v1/orders/banana/events", "demo-key", null);
             SseClient foreign = open("/v1/shipments/" + acmes + "/events", "demo-key", null)) {
            assertEquals(401, noKey.status());
            assertEquals(401, badKey.status());
            assertEquals(404, unknown.status(), unknown.errorBody());
            assertEquals(404, malformed.status());
            assertEquals(404, foreign.status());
            assertTrue(foreign.errorBody().contains("\"status\":404"));
        }
    }

    @Test
    @DisplayName("accept stream tokens for their tenant and entity only, and refuse expired or forged ones")
    void streamTokens() {
        String id = demo.createShipment();
        String other = demo.createShipment();
        Api.Response issued = demo.post("/v1/stream-tokens", "{\"shipmentId\": \"" + id + "\"}");
        assertEquals(200, issued.status(), issued.toString());
        String token = issued.json().getString("token");
        assertTrue(Instant.parse(issued.json().getString("expiresAt")).isAfter(Instant.now()));

        try (SseClient ok = SseClient.open(node.baseUrl() + "/v1/shipments/" + id + "/events?token=" + token, Map.of());
             SseClient wrongEntity = SseClient.open(node.baseUrl() + "/v1/shipments/" + other + "/events?token=" + token,
                 Map.of());
             SseClient notTheFeed = SseClient.open(node.baseUrl() + "/v1/events?token=" + token, Map.of());
             SseClient notAnApiKey = SseClient.open(node.baseUrl() + "/v1/shipments/" + id + "?token=" + token,
                 Map.of())) {
            assertEquals(200, ok.status());
            assertEquals(id, ok.next(DEADLINE).json().getString("id"));
            assertEquals(403, wrongEntity.status());
            assertEquals(403, notTheFeed.status());
            assertEquals(401, notAnApiKey.status(), "tokens open streams, nothing else");
        }

        String feedToken = demo.post("/v1/stream-tokens", "").json().getString("token");
        try (SseClient feed = SseClient.open(node.baseUrl() + "/v1/events?token=" + feedToken, Map.of())) {
            assertEquals(200, feed.status());
            assertEquals("demo", feed.next(DEADLINE).json().getString("tenantId"));
        }

        StreamTokens sameSecret = new StreamTokens("test-only-stream-token-secret".getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(5));
        String expired = sameSecret.issue("demo", id, Instant.now().minus(Duration.ofMinutes(10))).token();
        String forged = new StreamTokens("guessed".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5))
            .issue("demo", id, Instant.now()).token();
        try (SseClient late = SseClient.open(node.baseUrl() + "/v1/shipments/" + id + "/events?token=" + expired, Map.of());
             SseClient fake = SseClient.open(node.baseUrl() + "/v1/shipments/" + id + "/events?token=" + forged, Map.of())) {
            assertEquals(401, late.status());
            assertEquals(401, fake.status());
        }

        assertEquals(404, demo.post("/v1/stream-tokens", "{\"shipmentId\": \"" + acme.createShipment() + "\"}").status(),
            "no token for another tenant's shipment");
        Api.Response invalid = demo.post("/v1/stream-tokens", "{\"shipmentId\": 7, \"colour\": \"red\"}");
        assertEquals(400, invalid.status());
        assertEquals(2, invalid.json().getJsonArray("errors").size());
    }

    @Test
    @DisplayName("release every stream, timer and event-bus consumer after thousands of connects and disconnects")
    void cleanupAfterManyCycles() throws Exception {
        String id = demo.createShipment();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 20; round++) {
                List<Future<Integer>> cycles = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String path = i % 2 == 0 ? "/v1/shipments/" + id + "/events" : "/v1/events";
                    String key = i % 3 == 0 ? "acme-key" : "demo-key";
                    cycles.add(pool.submit(() -> {
                        try (SseClient stream = open(path, key, null)) {
                            return stream.status();
                        }
                    }));
                }
                for (Future<Integer> cycle : cycles) {
                    int status = cycle.get();
                    assertTrue(status == 200 || status == 404, "status " + status);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Eventually.await(DEADLINE, () -> Metrics.value(demo, "meridian_sse_connections"), n -> n == 0);
        Eventually.await(DEADLINE, () -> Metrics.value(demo, "meridian_sse_tenant_subscriptions"), n -> n == 0);
    }

    @Test
    @DisplayName("answer 429 with Retry-After past the node's and the tenant's stream limits")
    void connectionLimits() throws Exception {
        try (TestNodes.RunningNode limited = TestNodes.start(infra, Map.of(
                "MERIDIAN_PUSH_MAX_CONNECTIONS", "3", "MERIDIAN_PUSH_MAX_CONNECTIONS_PER_TENANT", "2",
                "MERIDIAN_VERTICLES_ORDERS_INSTANCES", "0", "MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES", "0",
                "MERIDIAN_VERTICLES_NOTIFY_INSTANCES", "0", "MERIDIAN_VERTICLES_TRACKING_INSTANCES", "0",
                "MERIDIAN_VERTICLES_ORDER_JOURNAL_INSTANCES", "0"))) {
            String id = limited.api("demo-key").createShipment();
            String acmes = limited.api("acme-key").createShipment();
            String base = limited.baseUrl();
            try (SseClient one = SseClient.open(base, "/v1/shipments/" + id + "/events", "demo-key", null);
                 SseClient two = SseClient.open(base, "/v1/shipments/" + id + "/events", "demo-key", null);
                 SseClient three = SseClient.open(base, "/v1/shipments/" + id + "/events", "demo-key", null)) {
                assertEquals(200, one.status());
                assertEquals(200, two.status());
                assertEquals(429, three.status(), "the tenant's limit");
                assertNotNull(three.header("Retry-After"));
                try (SseClient acmeOne = SseClient.open(base, "/v1/shipments/" + acmes + "/events", "acme-key", null);
                     SseClient acmeTwo = SseClient.open(base, "/v1/shipments/" + acmes + "/events", "acme-key", null)) {
                    assertEquals(200, acmeOne.status());
                    assertEquals(429, acmeTwo.status(), "the node's limit");
                }
                one.close();
                Eventually.await(DEADLINE, () -> {
                    try (SseClient again = SseClient.open(base, "/v1/shipments/" + id + "/events", "demo-key", null)) {
                        return again.status();
                    }
                }, status -> status == 200);
            }
        }
    }
}
