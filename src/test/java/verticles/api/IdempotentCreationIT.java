package verticles.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Eventually;
import verticles.testsupport.JarProcess;
import verticles.testsupport.OneNodeIT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An {@code Idempotency-Key} creates at most one thing, however the first attempt's answer was
 * lost: the answer timed out while the write still committed, or the node died after the commit
 * and before answering. The test makes the write wait on a table lock it holds, so the moment the
 * write commits is the moment the test lets go.
 */
@DisplayName("Creating with an Idempotency-Key")
class IdempotentCreationIT extends OneNodeIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One kind of thing a POST creates, found again in PostgreSQL by a marker unique to this run. */
    private record Kind(String name, String callerKey, String path, String body, String table,
                        String createdIdsSql, String marker, String idField) {
    }

    private Kind order(String marker) {
        return new Kind("order", "demo-key", "/v1/orders", """
            {"customer": {"name": "%s"}, "items": [{"sku": "BOOK-1", "quantity": 1}], "destination": {"lat": 52.5, "lon": 13.4}}"""
            .formatted(marker), "orders", "SELECT id FROM orders WHERE customer->>'name' = $1", marker, "id");
    }

    private List<Kind> everyKind() throws Exception {
        String marker = "once-" + UUID.randomUUID();
        HttpResponse<String> tenant = post(baseUrl(), "admin-key", "/v1/admin/tenants", "{\"name\": \"keys-" + marker + "\"}",
            UUID.randomUUID().toString());
        assertEquals(201, tenant.statusCode(), tenant.body());
        String tenantId = new JsonObject(tenant.body()).getString("id");
        return List.of(
            order(marker),
            new Kind("shipment", "demo-key", "/v1/shipments",
                "{\"reference\": \"" + marker + "\", \"destination\": {\"lat\": 48.85, \"lon\": 2.35}}", "shipments",
                "SELECT id FROM shipments WHERE reference = $1", marker, "id"),
            new Kind("webhook", "demo-key", "/v1/webhooks",
                "{\"url\": \"http://127.0.0.1:9/" + marker + "\", \"events\": [\"order.placed\"]}", "webhooks",
                "SELECT id FROM webhooks WHERE url = $1", "http://127.0.0.1:9/" + marker, "id"),
            new Kind("tenant", "admin-key", "/v1/admin/tenants", "{\"name\": \"" + marker + "\"}", "tenants",
                "SELECT id FROM tenants WHERE name = $1", marker, "id"),
            new Kind("key", "admin-key", "/v1/admin/tenants/" + tenantId + "/keys", "", "api_keys",
                "SELECT prefix FROM api_keys WHERE tenant_id = $1 ORDER BY created_at OFFSET 1", tenantId, "keyPrefix"));
    }

    @Test
    @DisplayName("creates each kind once when the first answer times out while its write goes on to commit")
    void answerTimedOutWhileTheWriteCommitted() throws Exception {
        List<Kind> kinds = everyKind();
        List<String> keys = kinds.stream().map(k -> UUID.randomUUID().toString()).toList();
        List<CompletableFuture<HttpResponse<String>>> firstAttempts = new ArrayList<>();
        try (AutoCloseable held = db.lock(kinds.stream().map(Kind::table).distinct().toArray(String[]::new))) {
            for (int i = 0; i < kinds.size(); i++) {
                firstAttempts.add(postAsync(baseUrl(), kinds.get(i), keys.get(i)));
            }
            for (int i = 0; i < kinds.size(); i++) {
                HttpResponse<String> first = firstAttempts.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(503, first.statusCode(), kinds.get(i).name() + ": the answer could not wait: " + first.body());
            }
        } // the writes that were waiting commit now
        for (int i = 0; i < kinds.size(); i++) {
            Kind kind = kinds.get(i);
            List<String[]> created = Eventually.await(Duration.ofSeconds(20), () -> rows(kind), r -> !r.isEmpty());
            HttpResponse<String> retry = retryUntilAnswered(baseUrl(), kind, keys.get(i));
            assertEquals(201, retry.statusCode(), kind.name() + ": " + retry.body());
            assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElse(""), kind.name());
            assertEquals(created.get(0)[0], new JsonObject(retry.body()).getString(kind.idField()),
                kind.name() + ": the retry answers what the first attempt created");
            assertEquals(1, rows(kind).size(), kind.name() + " created once");
        }
    }

    @Test
    @DisplayName("creates an order once when the node dies after the commit and before answering")
    void nodeDiedBetweenCommitAndAnswer() throws Exception {
        Kind kind = order("killed-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        // The dying node holds a running key in Redis for 2 s, not a minute, so the retry need not
        // wait long. One connection per pool, and one order placed first, so its statement is
        // prepared: the fatal attempt then sends all of it at once, and it waits executing, not parsing.
        try (JarProcess dying = JarProcess.start(infra,
                Map.of("MERIDIAN_IDEMPOTENCY_RUNNING_HOLD", "2s", "MERIDIAN_PG_POOL_SIZE", "1"))) {
            dying.awaitReady(Duration.ofSeconds(90));
            String dyingUrl = "http://127.0.0.1:" + dying.httpPort();
            assertEquals(201, post(dyingUrl, "demo-key", kind.path(), kind.body().replace("killed-", "warm-up-"),
                UUID.randomUUID().toString()).statusCode());
            try (AutoCloseable held = db.lock(kind.table())) {
                postAsync(dyingUrl, kind, key);
                Eventually.await(Duration.ofSeconds(20), () -> waitingInserts(kind.table()), n -> n > 0);
                dying.kill();
            } // the statement the dead node sent completes and commits; nobody is left to answer
            List<String[]> created = Eventually.await(Duration.ofSeconds(20), () -> rows(kind), r -> !r.isEmpty());
            HttpResponse<String> retry = retryUntilAnswered(baseUrl(), kind, key);
            assertEquals(201, retry.statusCode(), retry.body());
            assertEquals(created.get(0)[0], new JsonObject(retry.body()).getString("id"),
                "the retry on another node answers the order the dead node created");
            assertEquals(1, rows(kind).size(), "one order");
        }
    }

    private String baseUrl() {
        return node.baseUrl();
    }

    private List<String[]> rows(Kind kind) {
        try {
            return db.rows(kind.createdIdsSql(), kind.marker());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long waitingInserts(String table) {
        try {
            return db.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE $1",
                "%INSERT INTO " + table + "%");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Retries as a client would: while the key is still held by a running first attempt, it waits and asks again. */
    private static HttpResponse<String> retryUntilAnswered(String baseUrl, Kind kind, String key) throws Exception {
        return Eventually.await(Duration.ofSeconds(30), () -> {
            try {
                return post(baseUrl, kind.callerKey(), kind.path(), kind.body(), key);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> r.statusCode() != 409);
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(String baseUrl, Kind kind, String key) {
        return HTTP.sendAsync(request(baseUrl, kind.callerKey(), kind.path(), kind.body(), key),
            HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String baseUrl, String callerKey, String path, String body, String key)
        throws Exception {
        return HTTP.send(request(baseUrl, callerKey, path, body, key), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String baseUrl, String callerKey, String path, String body, String key) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + callerKey).header("Content-Type", "application/json")
            .header("Idempotency-Key", key).timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
