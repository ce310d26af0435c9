package verticles.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.TestNodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A node's health, metrics and error answers")
class NodeBasicsIT extends OneNodeIT {

    private Api anonymous;

    @BeforeAll
    void anonymousCaller() {
        anonymous = node.api(null);
    }

    @Test
    @DisplayName("reports itself live without a key")
    void isLive() {
        Api.Response live = anonymous.get("/health/live");
        assertEquals(200, live.status());
        assertEquals("UP", live.json().getString("status"));
    }

    @Test
    @DisplayName("reports itself ready, with Kafka, Redis, PostgreSQL and the cluster each checked")
    void isReady() {
        Api.Response ready = anonymous.get("/health/ready");
        assertEquals(200, ready.status(), ready.toString());
        JsonObject checks = ready.json().getJsonObject("checks");
        for (String dependency : new String[] {"postgres", "redis", "kafka", "cluster"}) {
            assertEquals("UP", checks.getJsonObject(dependency).getString("status"), dependency + ": " + ready);
        }
        assertEquals(1, checks.getJsonObject("kafka").getInteger("brokers"));
        assertEquals("standalone", checks.getJsonObject("cluster").getString("mode"));
    }

    @Test
    @DisplayName("serves Prometheus metrics without a key, including its HTTP traffic")
    void servesMetrics() {
        anonymous.get("/health/live");
        Api.Response metrics = anonymous.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("vertx_http_server_requests_total"), "HTTP server metrics present");
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics present");
    }

    @Test
    @DisplayName("refuses to start, promptly and saying why, on a port that is in use")
    void refusesABusyPort(Infrastructure infra) {
        String busyPort = String.valueOf(node.node().config().get(verticles.platform.config.Keys.HTTP_PORT));
        Exception refused = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
            () -> org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> TestNodes.start(infra, java.util.Map.of("MERIDIAN_HTTP_PORT", busyPort))));
        boolean bindFailure = false;
        for (Throwable t = refused; t != null; t = t.getCause()) {
            bindFailure |= t instanceof java.net.BindException;
        }
        assertTrue(bindFailure, "the failure names the bind: " + refused);
        assertEquals(200, anonymous.get("/health/live").status(), "the node holding the port is untouched");
    }

    @Test
    @DisplayName("answers an unknown route with 404 problem+json")
    void unknownRoutes() {
        Api.Response missing = node.api("demo-key").get("/v1/nothing-here");
        assertEquals(404, missing.status());
        assertTrue(missing.isProblem(), missing.toString());
    }

    @Test
    @DisplayName("answers a method the route does not have with 405 problem+json")
    void wrongMethods() {
        Api.Response wrong = node.api("demo-key").send("DELETE", "/v1/orders", null, null);
        assertEquals(405, wrong.status(), wrong.toString());
        assertTrue(wrong.isProblem(), wrong.toString());
    }
}
