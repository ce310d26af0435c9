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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
