package verticles.resilience;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.dev.FreePorts;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.Metrics;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose Redis is down from the start (its URL names a port nothing listens on). Redis
 * holds only derived state, so the node must keep answering from PostgreSQL, with no 5xx, fail
 * fast once the circuit is open, and say so on its readiness check (degraded, still ready) and in
 * its metrics.
 */
@DisplayName("With Redis down")
class RedisDownIT extends OneNodeIT {

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("MERIDIAN_REDIS_URL", "redis://127.0.0.1:" + FreePorts.next(),
            "MERIDIAN_BREAKERS_RESET_AFTER", "2s");
    }

    @Test
    @DisplayName("orders and shipments are written and read from PostgreSQL with no 5xx, the circuit opens, and the pod stays ready")
    void servesFromPostgres() {
        Api.Response placed = demo.createOrder();
        assertEquals(201, placed.status(), placed.toString());
        String orderId = placed.json().getString("id");
        String shipmentId = demo.createShipment();
        for (int i = 0; i < 20; i++) {
            Api.Response order = demo.get("/v1/orders/" + orderId);
            assertEquals(200, order.status(), order.toString());
            assertEquals("PLACED", order.json().getString("status"));
            assertEquals(200, demo.get("/v1/shipments/" + shipmentId).status());
        }
        node.settleAsTheSaga("demo", orderId, "CONFIRMED");
        assertEquals("CONFIRMED", demo.get("/v1/orders/" + orderId).json().getString("status"));
        assertEquals(404, acme.get("/v1/orders/" + orderId).status());

        assertTrue(Metrics.value(demo, "meridian_circuit_breakers", "dependency=\"redis\",state=\"open\"") >= 1);
        // Every pod shares this Redis: unreadying them all would turn slower reads into an outage.
        Api.Response ready = demo.get("/health/ready");
        assertEquals(200, ready.status(), "still ready: " + ready);
        assertEquals("DEGRADED", ready.json().getString("status"), ready.toString());
        JsonObject checks = ready.json().getJsonObject("checks");
        assertEquals("DOWN", checks.getJsonObject("redis").getString("status"), ready.toString());
        assertTrue(checks.getJsonObject("redis").getString("effect").contains("PostgreSQL"), ready.toString());
        assertEquals("UP", checks.getJsonObject("postgres").getString("status"), ready.toString());
        assertEquals(0.0, Metrics.value(demo, "meridian_dependency_up", "dependency=\"redis\""));
        assertEquals(1.0, Metrics.value(demo, "meridian_dependency_up", "dependency=\"postgres\""));
        assertEquals(200, demo.get("/health/live").status(), "a store being down is no reason to restart");
    }

    @Test
    @DisplayName("half-opens the circuit after the reset time to try Redis again, and keeps answering meanwhile")
    void triesAgainAfterTheReset() {
        String orderId = demo.createOrder().json().getString("id");
        for (int i = 0; i < 10; i++) {
            assertEquals(200, demo.get("/v1/orders/" + orderId).status());
        }
        // After the reset a trial call goes to Redis, fails, and the circuit opens again.
        Eventually.await(Duration.ofSeconds(10), () -> {
            demo.get("/v1/orders/" + orderId);
            return Metrics.value(demo, "meridian_circuit_breakers", "dependency=\"redis\",state=\"open\"");
        }, open -> open >= 1);
        assertEquals(200, demo.get("/v1/orders/" + orderId).status());
    }
}
