package verticles.platform.redis;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.platform.Clients;
import verticles.platform.config.MeridianConfig;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.SseClient;
import verticles.testsupport.TestNodes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything Meridian keeps in Redis, exercised through the API: the latest-position cache and
 * its refill, the journals behind live streams and their resumption, the order journal fed by
 * the saga, idempotency keys and rate-limit buckets. The same tests run against a single Redis
 * ({@code SingleRedisIT}) and a Redis Cluster ({@code RedisClusterIT}), with two tenants whose
 * updates share the tracking consumer's batches, so a pipeline spans hash slots.
 */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisBehaviour {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int FIXES = 20;

    private TestNodes.RunningNode node;
    private Vertx vertx;
    private Redis redis;
    protected Api demo;
    protected Api acme;

    /** The node's endpoints: Kafka and PostgreSQL as every test has them ({@code shared}), and the Redis under test. */
    protected abstract Infrastructure withRedisUnderTest(Infrastructure shared) throws Exception;

    @BeforeAll
    void startNode(Infrastructure shared) throws Exception {
        Infrastructure infra = withRedisUnderTest(shared);
        Map<String, String> overrides = new HashMap<>(Map.of(
            "MERIDIAN_VERTICLES_INVENTORY_INSTANCES", "1", "MERIDIAN_VERTICLES_ORDER_SAGA_INSTANCES", "1",
            "MERIDIAN_RATELIMIT_PER_SECOND", "50", "MERIDIAN_RATELIMIT_BURST", "200"));
        node = TestNodes.start(infra, overrides);
        demo = node.api("demo-key");
        acme = node.api("acme-key");
        vertx = Vertx.vertx();
        redis = Clients.redis(vertx, MeridianConfig.withOverrides(new JsonObject(), infra.endpoints()));
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("two tenants' updates, batched together, reach their positions and live streams, and a stream resumes exactly")
    void positionsAndStreams() throws Exception {
        String demoShipment = demo.createShipment();
        String acmeShipment = acme.createShipment();
        Instant base = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        try (SseClient shipmentStream = SseClient.open(node.baseUrl(), "/v1/shipments/" + demoShipment + "/events",
                 "demo-key", null);
             SseClient acmeFeed = SseClient.open(node.baseUrl(), "/v1/events", "acme-key", null)) {
            assertEquals("snapshot", shipmentStream.next(DEADLINE).type());
            Thread other = new Thread(() -> sendFixes(acme, acmeShipment, base));
            other.start();
            sendFixes(demo, demoShipment, base);
            other.join();

            // A batch moves a shipment once, to its newest fix, so some fixes share one event.
            List<String> demoIds = new ArrayList<>();
            Instant last = base.minusSeconds(1);
            String lastFix = base.plusSeconds(FIXES - 1).toString();
            while (!last.toString().equals(lastFix)) {
                SseClient.Event event = shipmentStream.next(DEADLINE);
                demoIds.add(event.id());
                if ("location".equals(event.type())) {
                    Instant at = Instant.parse(event.json().getJsonObject("position").getString("recordedAt"));
                    assertTrue(at.isAfter(last), "only forward: " + at + " after " + last);
                    last = at;
                }
            }
            String lastAcme = null;
            while (!lastFix.equals(lastAcme)) {
                SseClient.Event event = acmeFeed.next(DEADLINE);
                if ("location".equals(event.type())) {
                    assertEquals(acmeShipment, event.json().getString("shipmentId"), "only the tenant's own events");
                    lastAcme = event.json().getJsonObject("position").getString("recordedAt");
                }
            }
            assertEquals(base.plusSeconds(FIXES - 1).toString(), position(demo, demoShipment).getString("recordedAt"));
            assertEquals(base.plusSeconds(FIXES - 1).toString(), position(acme, acmeShipment).getString("recordedAt"));

            try (SseClient resumed = SseClient.open(node.baseUrl(), "/v1/shipments/" + demoShipment + "/events",
                    "demo-key", demoIds.get(0))) {
                for (String expected : demoIds.subList(1, demoIds.size())) {
                    assertEquals(expected, resumed.next(DEADLINE).id(), "the journal replays exactly the missed events");
                }
            }
        }
    }

    @Test
    @DisplayName("an order is confirmed by the saga and its journal feeds the order's stream and the tenant's feed")
    void ordersThroughTheSaga() {
        try (SseClient feed = SseClient.open(node.baseUrl(), "/v1/events", "demo-key", null)) {
            String orderId = demo.createOrder().json().getString("id");
            Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + orderId).json().getString("status"),
                "CONFIRMED"::equals);
            SseClient.Event confirmed = Eventually.await(DEADLINE, () -> feed.next("status", DEADLINE),
                e -> orderId.equals(e.json().getString("orderId")) && "CONFIRMED".equals(e.json().getString("status")));
            assertNotNull(confirmed.id());
            try (SseClient order = SseClient.open(node.baseUrl(), "/v1/orders/" + orderId + "/events", "demo-key", "0")) {
                List<String> statuses = new ArrayList<>();
                while (!statuses.contains("CONFIRMED")) {
                    statuses.add(order.next("status", DEADLINE).json().getString("status"));
                }
                assertEquals(List.of("PLACED", "CONFIRMED"), statuses.subList(statuses.size() - 2, statuses.size()),
                    "the order's journal from its start: " + statuses);
            }
        }
    }

    @Test
    @DisplayName("an idempotency key replays the first answer")
    void idempotency() {
        String body = "{\"reference\": \"idem\", \"destination\": {\"lat\": 48.85, \"lon\": 2.35}}";
        Api once = demo.withHeader("Idempotency-Key", "redis-behaviour-" + System.nanoTime());
        Api.Response first = once.post("/v1/shipments", body);
        Api.Response again = once.post("/v1/shipments", body);
        assertEquals(201, first.status(), first.toString());
        assertEquals(first.json().getString("id"), again.json().getString("id"));
        assertEquals("true", again.header("Idempotent-Replayed"), again.toString());
    }

    @Test
    @DisplayName("a key past its rate gets 429 with Retry-After")
    void rateLimits() {
        Api.Response last = null;
        for (int i = 0; i < 600 && (last == null || last.status() != 429); i++) {
            last = acme.get("/v1/orders?limit=1");
        }
        assertEquals(429, last.status(), "the bucket in Redis ran out");
        assertNotNull(last.header("Retry-After"));
    }

    @Test
    @DisplayName("a shipment Redis lost is read from PostgreSQL and written back")
    void refillsFromPostgres() throws Exception {
        Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        String shipmentId = demo.createShipmentPositionedAt(10, 20, at);
        String key = "meridian:" + HashSlots.tag("demo") + ":shipment:" + shipmentId;
        RedisAPI api = RedisAPI.api(redis);
        assertEquals(1, api.del(List.of(key)).await(10, TimeUnit.SECONDS).toInteger(), "the entry is under the tenant's tag");
        assertEquals(at.toString(), position(demo, shipmentId).getString("recordedAt"));
        assertEquals(1, api.exists(List.of(key)).await(10, TimeUnit.SECONDS).toInteger(), "the read refilled Redis");
        assertEquals(404, acme.get("/v1/shipments/" + shipmentId).status(), "another tenant still finds nothing");
    }

    private static void sendFixes(Api api, String shipmentId, Instant base) {
        for (int i = 0; i < FIXES; i++) {
            Api.Response r = api.postFix(shipmentId, 48 + i * 0.001, 11, base.plusSeconds(i));
            assertEquals(202, r.status(), r.toString());
        }
    }

    private static JsonObject position(Api api, String shipmentId) {
        return api.get("/v1/shipments/" + shipmentId).json().getJsonObject("position");
    }
}
