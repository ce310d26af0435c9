package verticles.resilience;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import verticles.dev.EmbeddedKafka;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.Metrics;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.SseClient;
import verticles.testsupport.TestNodes;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka stopped under a running node (a broker of the test's own, so the others keep theirs).
 * Location updates are refused with 503 and {@code Retry-After}, never accepted unacknowledged;
 * reads, open streams, new streams and order placement go on; the pod stays ready, degraded,
 * and live. Once Kafka is back, updates are accepted again and the order placed meanwhile is
 * confirmed.
 */
@ExtendWith(RealInfrastructure.class)
@DisplayName("With Kafka down")
class KafkaDownIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    @DisplayName("ingest answers 503 while reads, streams and orders go on, and the pod stays ready")
    void readsGoOn(Infrastructure infra, @TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka")).start();
        Map<String, String> endpoints = new HashMap<>(infra.endpoints());
        endpoints.put("MERIDIAN_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        Map<String, String> overrides = new HashMap<>(Map.of("MERIDIAN_KAFKA_DELIVERY_TIMEOUT", "1500ms",
            "MERIDIAN_HEALTH_PROBE_INTERVAL", "1s", "MERIDIAN_PUSH_HEARTBEAT", "1s"));
        overrides.putAll(Map.of("MERIDIAN_VERTICLES_INVENTORY_INSTANCES", "1",
            "MERIDIAN_VERTICLES_ORDER_SAGA_INSTANCES", "1"));
        try (TestNodes.RunningNode node = TestNodes.start(new Infrastructure(endpoints), overrides)) {
            Api demo = node.api("demo-key");
            String shipmentId = demo.createShipment();
            Instant fixedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            assertEquals(202, demo.postFix(shipmentId, 48.1, 11.5, fixedAt).status());
            Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipmentId).json().getJsonObject("position"),
                position -> position != null);
            try (SseClient openBefore = SseClient.open(node.baseUrl(), "/v1/events", "demo-key", null)) {
                assertEquals(200, openBefore.status());
                kafka.close();

                Api.Response refused = Eventually.await(DEADLINE,
                    () -> demo.postFix(shipmentId, 48.2, 11.6, Instant.now()), r -> r.status() != 202);
                assertEquals(503, refused.status(), "refused, not accepted without Kafka: " + refused);
                assertTrue(refused.isProblem(), refused.toString());
                assertNotNull(refused.header("Retry-After"), refused.toString());
                for (int i = 0; i < 3; i++) {
                    Api.Response again = demo.postFix(shipmentId, 48.3, 11.7, Instant.now());
                    assertEquals(503, again.status(), "nothing is accepted while Kafka is down: " + again);
                }

                JsonObject position = demo.get("/v1/shipments/" + shipmentId).json().getJsonObject("position");
                assertEquals(fixedAt, Instant.parse(position.getString("recordedAt")),
                    "reads go on, showing the last acknowledged update");
                Api.Response placed = demo.createOrder();
                assertEquals(201, placed.status(), "orders are placed (kept in PostgreSQL's outbox): " + placed);
                String orderId = placed.json().getString("id");
                assertEquals(200, demo.get("/v1/orders/" + orderId).status());
                try (SseClient openDuring = SseClient.open(node.baseUrl(), "/v1/shipments/" + shipmentId + "/events",
                        "demo-key", null)) {
                    assertEquals(200, openDuring.status(), "a new stream opens");
                    assertEquals("snapshot", openDuring.next(DEADLINE).type());
                }
                int heartbeats = openBefore.comments();
                Eventually.await(DEADLINE, openBefore::comments, n -> n > heartbeats + 1);
                assertFalse(openBefore.ended(), "an open stream goes on");

                Api.Response ready = Eventually.await(DEADLINE, () -> demo.get("/health/ready"),
                    r -> "DEGRADED".equals(r.json().getString("status")));
                assertEquals(200, ready.status(), "still ready: " + ready);
                JsonObject kafkaCheck = ready.json().getJsonObject("checks").getJsonObject("kafka");
                assertEquals("DOWN", kafkaCheck.getString("status"), ready.toString());
                assertTrue(kafkaCheck.getString("effect").contains("location updates are refused"), ready.toString());
                assertEquals(0.0, Metrics.value(demo, "meridian_dependency_up", "dependency=\"kafka\""));
                assertEquals(200, demo.get("/health/live").status(), "a store being down is no reason to restart");

                kafka.start();
                Api.Response accepted = Eventually.await(DEADLINE,
                    () -> demo.postFix(shipmentId, 48.4, 11.8, Instant.now()), r -> r.status() == 202);
                assertEquals(202, accepted.status());
                Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + orderId).json().getString("status"),
                    "CONFIRMED"::equals);
                Eventually.await(DEADLINE, () -> demo.get("/health/ready").json().getString("status"), "UP"::equals);
                assertEquals(1.0, Metrics.value(demo, "meridian_dependency_up", "dependency=\"kafka\""));
            }
        } finally {
            kafka.close();
        }
    }
}
