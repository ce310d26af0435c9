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
        assertTrue(live.json().getInteger("eventLoops") >= 1, live.toString());
    }

    @Test
    @DisplayName("reports itself ready, with Kafka, Redis, PostgreSQL and the cluster each checked")
    void isReady() {
        Api.Response ready = anonymous.get("/health/ready");
        assertEquals(200, ready.status(), ready.toString());
        assertEquals("UP", ready.json().getString("status"), ready.toString());
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
    @DisplayName("answers a method the route does not have with 405 problem+json, naming those it has")
    void wrongMethods() {
        Api.Response wrong = node.api("demo-key").send("DELETE", "/v1/orders", null, null);
        assertEquals(405, wrong.status(), wrong.toString());
        assertTrue(wrong.isProblem(), wrong.toString());
        assertEquals("GET, POST", wrong.header("Allow"), wrong.toString());
    }

    @Test
    @DisplayName("close connections past http.max-connections at once, and admit new ones when others close")
    void capConnections() throws Exception {
        try (TestNodes.RunningNode capped = TestNodes.start(infra, java.util.Map.of("MERIDIAN_HTTP_MAX_CONNECTIONS", "2",
                "MERIDIAN_VERTICLES_ORDERS_INSTANCES", "0", "MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES", "0",
                "MERIDIAN_VERTICLES_NOTIFY_INSTANCES", "0", "MERIDIAN_VERTICLES_TRACKING_INSTANCES", "0",
                "MERIDIAN_VERTICLES_ORDER_JOURNAL_INSTANCES", "0"))) {
            int port = capped.node().config().get(verticles.platform.config.Keys.HTTP_PORT);
            try (java.net.Socket first = new java.net.Socket("127.0.0.1", port);
                 java.net.Socket second = new java.net.Socket("127.0.0.1", port)) {
                assertTrue(liveAnswer(first).startsWith("HTTP/1.1 200"));
                assertTrue(liveAnswer(second).startsWith("HTTP/1.1 200"));
                try (java.net.Socket third = new java.net.Socket("127.0.0.1", port)) {
                    assertEquals("", liveAnswer(third), "a third connection is closed unanswered");
                }
                first.close();
                verticles.testsupport.Eventually.await(java.time.Duration.ofSeconds(10), () -> {
                    try (java.net.Socket again = new java.net.Socket("127.0.0.1", port)) {
                        return liveAnswer(again);
                    } catch (java.io.IOException e) {
                        return e.toString();
                    }
                }, answer -> answer.startsWith("HTTP/1.1 200"));
            }
        }
    }

    /** Asks {@code /health/live} on a kept-alive connection; the answer's first bytes, or "" if the node closed it. */
    private static String liveAnswer(java.net.Socket socket) throws java.io.IOException {
        socket.setSoTimeout(5_000);
        try {
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] answer = new byte[256];
            int n = socket.getInputStream().read(answer);
            return n <= 0 ? "" : new String(answer, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.net.SocketException closed) {
            return "";
        }
    }
}
