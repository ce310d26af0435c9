package verticles.webhooks;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.webhook.Signature;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks against a real receiver on this machine (the test profile allows loopback targets,
 * retries after 100 ms and gives up after 3 attempts). The receiver answers each path with the
 * statuses it is told to, in turn, and keeps every request.
 */
@DisplayName("Webhooks")
class WebhooksIT extends OneNodeIT {

    /** One request the receiver got. */
    record Received(String path, Map<String, String> headers, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> script = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong endlessBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.CountDownLatch endlessDone = new java.util.concurrent.CountDownLatch(1);
    private final HttpServer receiver = startReceiver();

    /**
     * The tenant's webhooks go with the receiver: the database outlives this class, and later
     * classes' orders must not queue deliveries to a receiver that is gone.
     */
    @AfterAll
    void stopReceiver() {
        for (Object webhook : listed()) {
            demo.send("DELETE", "/v1/webhooks/" + ((JsonObject) webhook).getString("id"), null, null);
        }
        receiver.stop(0);
    }

    @Test
    @DisplayName("read a receiver's answer only up to 4 KiB: a body that never ends is cut off and the delivery counts")
    void boundsTheAnswerBody() throws Exception {
        subscribe("/endless", List.of("order.placed"));
        String orderId = demo.createOrder().json().getString("id");
        assertTrue(endlessDone.await(20, java.util.concurrent.TimeUnit.SECONDS), "the receiver is still sending");
        // What the socket buffers held when the node hung up, not the 256 MiB the receiver would have sent.
        assertTrue(endlessBytes.get() < 16L * 1024 * 1024, "the node read " + endlessBytes.get() + " bytes of the answer");
        assertEquals("DELIVERED", Eventually.await(Duration.ofSeconds(20), () -> deliveryStatus(orderId), "DELIVERED"::equals));
    }

    private String deliveryStatus(String orderId) {
        try {
            List<String[]> rows = db.rows("SELECT status FROM webhook_deliveries WHERE event_id = $1", orderId + ".v1");
            return rows.isEmpty() ? null : rows.get(0)[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("deliver an order event signed so that a Standard Webhooks verifier accepts it")
    void deliversSignedEvents() {
        JsonObject webhook = subscribe("/signed", List.of("order.placed"));
        String secret = webhook.getString("secret");
        assertTrue(secret.startsWith("whsec_"));
        String orderId = demo.createOrder().json().getString("id");

        Received delivery = Eventually.await(Duration.ofSeconds(20), () -> firstFor("/signed", orderId), r -> r != null);
        String id = delivery.headers().get("webhook-id");
        long timestamp = Long.parseLong(delivery.headers().get("webhook-timestamp"));
        assertEquals(orderId + ".v1", id);
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60);
        assertEquals(Signature.sign(secret, id, timestamp, delivery.body()), delivery.headers().get("webhook-signature"));
        assertEquals("order.placed", new JsonObject(delivery.body()).getString("type"));
        // A receiver holding another secret would reject it.
        assertFalse(Signature.sign(Signature.newSecret(), id, timestamp, delivery.body())
            .equals(delivery.headers().get("webhook-signature")));
    }

    @Test
    @DisplayName("retry after 500s with the same webhook-id until the receiver takes it")
    void retriesAfterErrors() {
        script.put("/flaky", List.of(500, 503, 200));
        subscribe("/flaky", List.of("order.placed"));
        String orderId = demo.createOrder().json().getString("id");

        Eventually.await(Duration.ofSeconds(20), () -> allFor("/flaky", orderId).size(), n -> n == 3);
        List<Received> attempts = allFor("/flaky", orderId);
        assertEquals(1, attempts.stream().map(r -> r.headers().get("webhook-id")).distinct().count());
        Eventually.await(Duration.ofSeconds(10), () -> deliveryStatus(orderId, "/flaky"), "DELIVERED"::equals);
    }

    @Test
    @DisplayName("send a delivery to the dead letters after the last attempt, and replay it from there")
    void deadLetterAfterTheLastAttemptThenReplay() {
        script.put("/down", List.of(500, 500, 500, 200));
        JsonObject webhook = subscribe("/down", List.of("order.placed"));
        String orderId = demo.createOrder().json().getString("id");

        Eventually.await(Duration.ofSeconds(20), () -> deliveryStatus(orderId, "/down"), "DEAD"::equals);
        assertEquals(3, allFor("/down", orderId).size());
        Api admin = node.api("admin-key");
        JsonObject letter = Eventually.await(Duration.ofSeconds(20), () -> deadLetterFor(admin, orderId), l -> l != null);
        assertTrue(letter.getString("error").contains(webhook.getString("id")), letter.encode());
        assertTrue(letter.getString("error").contains("500"), letter.encode());
        assertEquals("demo", letter.getString("tenantId"));

        Api.Response replayed = admin.post("/v1/admin/dead-letters/" + letter.getLong("id") + "/replay", "");
        assertEquals(202, replayed.status(), replayed.toString());
        Eventually.await(Duration.ofSeconds(20), () -> deliveryStatus(orderId, "/down"), "DELIVERED"::equals);
        assertEquals(4, allFor("/down", orderId).size());
        assertEquals(404, admin.post("/v1/admin/dead-letters/999999999/replay", "").status());
        assertEquals(401, demo.get("/v1/admin/dead-letters").status());
    }

    @Test
    @DisplayName("refuse targets on private, link-local, metadata and unspecified addresses, and other schemes")
    void refusesInternalTargets() {
        for (String url : List.of("http://10.0.0.1/hook", "http://192.168.1.20/hook", "http://172.16.5.5/hook",
            "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/hook", "http://0.0.0.0/hook",
            "http://[::ffff:10.0.0.1]/hook", "http://100.64.0.1/hook")) {
            Api.Response refused = demo.post("/v1/webhooks", body(url, List.of("order.placed")));
            assertEquals(422, refused.status(), url + " " + refused);
            assertTrue(refused.isProblem());
        }
        for (String url : List.of("ftp://example.com/hook", "file:///etc/passwd", "gopher://127.0.0.1:6379/",
            "http://user:secret@example.com/")) {
            assertEquals(400, demo.post("/v1/webhooks", body(url, List.of("order.placed"))).status(), url);
        }
        assertEquals(422, demo.post("/v1/webhooks", body("http://no-such-host.invalid/hook", List.of("order.placed"))).status());
        // Nothing refused was stored: every webhook the tenant has points at the local receiver.
        assertTrue(listed().stream().allMatch(w -> ((JsonObject) w).getString("url").startsWith("http://127.0.0.1:")));
    }

    @Test
    @DisplayName("are read without their secret, deleted with 204, and invisible to other tenants")
    void manage() {
        JsonObject created = subscribe("/managed", List.of("order.status-changed"));
        String id = created.getString("id");
        JsonObject read = demo.get("/v1/webhooks/" + id).json();
        assertEquals(created.getString("url"), read.getString("url"));
        assertNull(read.getString("secret"));
        assertEquals(404, acme.get("/v1/webhooks/" + id).status());
        assertEquals(404, acme.send("DELETE", "/v1/webhooks/" + id, null, null).status());
        assertEquals(204, demo.send("DELETE", "/v1/webhooks/" + id, null, null).status());
        assertEquals(404, demo.get("/v1/webhooks/" + id).status());
        assertEquals(404, demo.send("DELETE", "/v1/webhooks/" + id, null, null).status());
    }

    private JsonObject subscribe(String path, List<String> events) {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
        Api.Response created = demo.post("/v1/webhooks", body(url, events));
        assertEquals(201, created.status(), created.toString());
        assertEquals("/v1/webhooks/" + created.json().getString("id"), created.location());
        return created.json();
    }

    private static String body(String url, List<String> events) {
        return new JsonObject().put("url", url).put("events", new JsonArray(events)).encode();
    }

    private JsonArray listed() {
        return demo.get("/v1/webhooks").json().getJsonArray("items");
    }

    private Received firstFor(String path, String orderId) {
        List<Received> all = allFor(path, orderId);
        return all.isEmpty() ? null : all.get(0);
    }

    private List<Received> allFor(String path, String orderId) {
        return received.stream().filter(r -> r.path().equals(path) && r.body().contains(orderId)).toList();
    }

    private String deliveryStatus(String orderId, String path) {
        try {
            List<String[]> rows = db.rows("""
                SELECT d.status FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.event_id = $1 AND w.url LIKE $2""", orderId + ".v1", "%" + path);
            return rows.isEmpty() ? "none" : rows.get(0)[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject deadLetterFor(Api admin, String orderId) {
        return admin.get("/v1/admin/dead-letters?consumer=webhooks&limit=100").json().getJsonArray("items").stream()
            .map(o -> (JsonObject) o).filter(l -> (orderId + ".v1").equals(l.getString("key"))).findFirst().orElse(null);
    }

    private HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/endless", exchange -> {
                exchange.getRequestBody().readAllBytes();
                received.add(new Received("/endless", Map.of(), ""));
                // 200, then a body that does not end: 16 KiB at a time until the node hangs up (or 256 MiB).
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[16 * 1024];
                try (var out = exchange.getResponseBody()) {
                    while (endlessBytes.get() < 256L * 1024 * 1024) {
                        out.write(chunk);
                        endlessBytes.addAndGet(chunk.length);
                    }
                } catch (IOException hungUp) {
                    // What a node that stops reading does.
                } finally {
                    endlessDone.countDown();
                }
            });
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Map<String, String> headers = new ConcurrentHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
                received.add(new Received(path, headers, body));
                List<Integer> statuses = script.getOrDefault(path, List.of(200));
                int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
                exchange.sendResponseHeaders(statuses.get(Math.min(call, statuses.size() - 1)), -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
