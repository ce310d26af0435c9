package verticles.push;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.SseClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Open streams end with their credential: a revoked key's at once, a stream token's at its expiry. */
@DisplayName("Streams and their credentials")
class StreamCredentialsIT extends OneNodeIT {

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("MERIDIAN_PUSH_TOKEN_TTL", "3s");
    }

    @Test
    @DisplayName("revoking a key ends the streams it opened within 5 s, and it cannot open another")
    void revocationEndsStreams() {
        Api admin = node.api("admin-key");
        JsonObject tenant = admin.post("/v1/admin/tenants", "{\"name\": \"Revoked\"}").json();
        String key = tenant.getString("apiKey");
        try (SseClient feed = SseClient.open(node.baseUrl(), "/v1/events", key, null);
             SseClient other = SseClient.open(node.baseUrl(), "/v1/events", "demo-key", null)) {
            assertEquals(200, feed.status());
            assertEquals("snapshot", feed.next(Duration.ofSeconds(10)).type());
            assertEquals("snapshot", other.next(Duration.ofSeconds(10)).type());
            Api.Response revoked = admin.send("DELETE", "/v1/admin/tenants/" + tenant.getString("id") + "/keys/"
                + tenant.getString("keyPrefix"), null, null);
            assertEquals(200, revoked.status(), revoked.toString());
            Instant at = Instant.now();
            Eventually.await(Duration.ofSeconds(5), feed::ended, ended -> ended);
            assertTrue(Duration.between(at, Instant.now()).toMillis() < 5_000);
            assertTrue(!other.ended(), "another key's stream goes on");
        }
        try (SseClient again = SseClient.open(node.baseUrl(), "/v1/events", key, null)) {
            assertEquals(401, again.status());
        }
    }

    @Test
    @DisplayName("a stream opened with a token ends when the token expires; a new token resumes with nothing missed")
    void tokensEndTheirStreams() throws Exception {
        String shipment = demo.createShipment();
        String token = demo.post("/v1/stream-tokens", "{}").json().getString("token");
        String lastId;
        try (SseClient feed = SseClient.open(node.baseUrl() + "/v1/events?token=" + token, Map.of())) {
            assertEquals(200, feed.status());
            lastId = feed.next("snapshot", Duration.ofSeconds(10)).id();
            Eventually.await(Duration.ofSeconds(8), feed::ended, ended -> ended);
        }
        // While no stream is open, the shipment moves; the next stream must bring that move.
        assertEquals(202, demo.postFix(shipment, 45.0, 7.0, Instant.now()).status());
        Eventually.await(Duration.ofSeconds(20), () -> demo.get("/v1/shipments/" + shipment).json().getJsonObject("position"),
            p -> p != null);
        try (SseClient expired = SseClient.open(node.baseUrl() + "/v1/events?token=" + token, Map.of())) {
            assertEquals(401, expired.status(), "the expired token opens nothing");
        }
        String fresh = demo.post("/v1/stream-tokens", "{}").json().getString("token");
        try (SseClient resumed = SseClient.open(node.baseUrl() + "/v1/events?token=" + fresh + "&lastEventId=" + lastId,
                Map.of())) {
            assertEquals(200, resumed.status());
            SseClient.Event missed = resumed.next("location", Duration.ofSeconds(10));
            assertEquals(shipment, missed.json().getString("shipmentId"));
        }
    }
}
