package verticles.webhooks;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.webhook.Signature;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TestNodes;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook signing secrets at rest: sealed in PostgreSQL, never in clear, and a key rotation
 * (a node started with a new key first and the old one after it) reseals them while deliveries
 * stay verifiable with the secret the merchant was shown.
 */
@DisplayName("Webhook secrets at rest")
class WebhookSecretsIT extends OneNodeIT {

    /** The test profile's key (conf/meridian-test.yaml), and a new one to rotate to. */
    private static final String OLD = "test:G2h/soz0Pxs9HgXmxjMdFZH7DVdzSJ0sy8LfsxomrPg=";
    private static final String NEW = "rotated:" + java.util.Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    private final List<String[]> received = new CopyOnWriteArrayList<>();

    /** Rotation's first step: every node can open under the new key before any seals with it. */
    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("MERIDIAN_WEBHOOKS_SECRET_KEYS", OLD + "," + NEW);
    }
    private HttpServer receiver;

    @BeforeAll
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            received.add(new String[] {h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                h.getFirst("webhook-signature"), body});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    void stopReceiver() {
        demo.get("/v1/webhooks").json().getJsonArray("items").forEach(w ->
            demo.send("DELETE", "/v1/webhooks/" + ((JsonObject) w).getString("id"), null, null));
        receiver.stop(0);
    }

    @Test
    @DisplayName("are sealed in the database, and resealed under a new key by a node started with it first")
    void sealedAndRotated() throws Exception {
        JsonObject hook = demo.post("/v1/webhooks", new JsonObject().put("url", "http://127.0.0.1:"
            + receiver.getAddress().getPort() + "/h").put("events", List.of("order.placed")).encode()).json();
        String id = hook.getString("id");
        String secret = hook.getString("secret");
        String stored = db.rows("SELECT secret FROM webhooks WHERE id = $1", id).get(0)[0];
        assertTrue(stored.startsWith("v1:test:"), stored);
        assertFalse(stored.contains(secret.substring("whsec_".length())), "the secret is not in clear");

        // Rotation's second step: a node with the new key first reseals at start; the class's node still opens it.
        try (TestNodes.RunningNode rotated = TestNodes.start(infra, Map.of("MERIDIAN_WEBHOOKS_SECRET_KEYS", NEW + "," + OLD,
                "MERIDIAN_VERTICLES_API_INSTANCES", "0"))) {
            String resealed = Eventually.await(Duration.ofSeconds(20),
                () -> rows("SELECT secret FROM webhooks WHERE id = $1", id), s -> s.startsWith("v1:rotated:"));
            assertFalse(resealed.contains(secret.substring("whsec_".length())));
            assertEquals(0, db.count("SELECT count(*) FROM webhooks WHERE secret LIKE 'whsec_%'"),
                "no secret in clear is left after a rotation");
            String orderId = demo.createOrder().json().getString("id");
            String[] delivery = Eventually.await(Duration.ofSeconds(30), () -> received.stream()
                .filter(r -> r[0].equals(orderId + ".v1")).findFirst().orElse(null), r -> r != null);
            assertEquals(Signature.sign(secret, delivery[0], Long.parseLong(delivery[1]), delivery[3]), delivery[2],
                "signed with the secret the merchant was shown, whichever node sent it");
        }
    }

    private String rows(String sql, Object... params) {
        try {
            return db.rows(sql, params).get(0)[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
