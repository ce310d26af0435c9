package verticles.api;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.tenant.ApiKeys;
import verticles.testsupport.OneNodeIT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Idempotency-Key on POST")
class IdempotencyIT extends OneNodeIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ORDER = """
        {"customer": {"name": "Ada"}, "items": [{"sku": "BOOK-1", "quantity": 1}], "destination": {"lat": 52.52, "lon": 13.405}}""";

    private HttpResponse<String> post(String key, String path, String body, String idempotencyKey) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("replay the first answer for the same key and request, creating nothing more")
    void replaySameRequest() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = db.count("SELECT count(*) FROM orders WHERE tenant_id = 'demo'");
        HttpResponse<String> first = post("demo-key", "/v1/orders", ORDER, key);
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> again = post("demo-key", "/v1/orders", ORDER, key);
        assertEquals(201, again.statusCode());
        assertEquals(first.body(), again.body(), "the same order, not a second one");
        assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(before + 1, db.count("SELECT count(*) FROM orders WHERE tenant_id = 'demo'"));

        HttpResponse<String> otherTenant = post("acme-key", "/v1/orders", ORDER, key);
        assertEquals(201, otherTenant.statusCode(), "keys are per tenant");
        assertNotEquals(new JsonObject(first.body()).getString("id"), new JsonObject(otherTenant.body()).getString("id"));
    }

    @Test
    @DisplayName("replay, never 409, a retry sent the instant the first answer arrives")
    void retryRightAfterTheAnswerIsAReplay() throws Exception {
        for (int i = 0; i < 30; i++) {
            for (String[] route : new String[][] {{"demo-key", "/v1/orders", ORDER},
                    {"admin-key", "/v1/admin/tenants", "{\"name\": \"Retried " + i + "\"}"}}) {
                String key = UUID.randomUUID().toString();
                HttpResponse<String> first = post(route[0], route[1], route[2], key);
                assertEquals(201, first.statusCode(), first.body());
                HttpResponse<String> again = post(route[0], route[1], route[2], key);
                assertEquals(201, again.statusCode(), route[1] + " attempt " + i + ": the first answer was already sent: "
                    + again.body());
                assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
            }
        }
    }

    @Test
    @DisplayName("answer 422 for the same key with another request, and replay refusals as refusals")
    void differentRequestAndRefusals() throws Exception {
        String key = UUID.randomUUID().toString();
        assertEquals(201, post("demo-key", "/v1/orders", ORDER, key).statusCode());
        HttpResponse<String> changed = post("demo-key", "/v1/orders", ORDER.replace("Ada", "Grace"), key);
        assertEquals(422, changed.statusCode());
        assertTrue(changed.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        String shipment = demo.createShipment();
        String refusedKey = UUID.randomUUID().toString();
        HttpResponse<String> refused = post("demo-key", "/v1/shipments/" + shipment + "/locations", "{\"lat\": 91}",
            refusedKey);
        assertEquals(400, refused.statusCode());
        HttpResponse<String> replayed = post("demo-key", "/v1/shipments/" + shipment + "/locations", "{\"lat\": 91}",
            refusedKey);
        assertEquals(400, replayed.statusCode());
        assertEquals(refused.body(), replayed.body());
        assertEquals("true", replayed.headers().firstValue("Idempotent-Replayed").orElse(""));

        assertEquals(400, post("demo-key", "/v1/orders", ORDER, "k".repeat(256)).statusCode(), "a key of 256 characters");
    }

    @Test
    @DisplayName("answer 409 with Retry-After while the first request with the key is still running")
    void conflictWhileRunning() throws Exception {
        String key = UUID.randomUUID().toString();
        String fingerprint = ApiKeys.hash("POST /v1/orders\n" + ORDER);
        Redis redis = Redis.createClient(node.node().vertx(), infra.endpoints().get("MERIDIAN_REDIS_URL"));
        try {
            // The state a first request leaves while it runs, as a slow first request would.
            redis.send(Request.cmd(Command.SET).arg("meridian:idempotency:demo:" + ApiKeys.hash(key))
                    .arg(new JsonObject().put("state", "running").put("fingerprint", fingerprint).encode()).arg("PX").arg(60_000))
                .await(10, TimeUnit.SECONDS);
        } finally {
            redis.close();
        }
        HttpResponse<String> running = post("demo-key", "/v1/orders", ORDER, key);
        assertEquals(409, running.statusCode(), running.body());
        assertEquals("1", running.headers().firstValue("Retry-After").orElse(""));
        assertTrue(running.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    @DisplayName("replay a request that issued a secret without the secret, which Redis never keeps in clear")
    void secretsAreShownOnce() throws Exception {
        String tenantKey = UUID.randomUUID().toString();
        HttpResponse<String> first = post("admin-key", "/v1/admin/tenants", "{\"name\": \"Once\"}", tenantKey);
        assertEquals(201, first.statusCode(), first.body());
        String apiKey = new JsonObject(first.body()).getString("apiKey");
        assertTrue(apiKey.startsWith("mk_"), first.body());
        HttpResponse<String> again = post("admin-key", "/v1/admin/tenants", "{\"name\": \"Once\"}", tenantKey);
        assertEquals(201, again.statusCode());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        JsonObject replayed = new JsonObject(again.body());
        assertEquals(new JsonObject(first.body()).getString("id"), replayed.getString("id"), "the same tenant");
        assertNull(replayed.getString("apiKey"), again.body());
        assertEquals(List.of("apiKey"), replayed.getJsonArray("withheld").getList());

        String tenantId = replayed.getString("id");
        HttpResponse<String> issued = post("admin-key", "/v1/admin/tenants/" + tenantId + "/keys", "", UUID.randomUUID().toString());
        assertEquals(201, issued.statusCode(), issued.body());
        String secondKey = new JsonObject(issued.body()).getString("apiKey");

        String hookKey = UUID.randomUUID().toString();
        HttpResponse<String> hook = post(apiKey, "/v1/webhooks",
            "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"order.placed\"]}", hookKey);
        assertEquals(201, hook.statusCode(), hook.body());
        String secret = new JsonObject(hook.body()).getString("secret");
        JsonObject hookAgain = new JsonObject(post(apiKey, "/v1/webhooks",
            "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"order.placed\"]}", hookKey).body());
        assertNull(hookAgain.getString("secret"), hookAgain.encode());
        HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/webhooks/" + hookAgain.getString("id")))
            .header("Authorization", "Bearer " + apiKey).DELETE().build(), HttpResponse.BodyHandlers.discarding());

        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.redis.client.RedisAPI redis = io.vertx.redis.client.RedisAPI.api(
                io.vertx.redis.client.Redis.createClient(vertx, infra.redisUrl()));
            StringBuilder kept = new StringBuilder();
            for (var key : redis.keys("meridian:idempotency:*").await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                var value = redis.get(key.toString()).await(10, java.util.concurrent.TimeUnit.SECONDS);
                kept.append(value == null ? "" : value.toString());
            }
            for (String shownOnce : List.of(apiKey, secondKey, secret)) {
                assertFalse(kept.toString().contains(shownOnce), "an idempotency record keeps a secret in clear");
            }
        } finally {
            vertx.close();
        }
    }
}
