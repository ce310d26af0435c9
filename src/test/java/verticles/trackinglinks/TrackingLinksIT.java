package verticles.trackinglinks;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.SseClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A customer's tracking link opens one shipment's page and stream, without a key, until it is revoked or expires")
class TrackingLinksIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Override
    protected Map<String, String> nodeOverrides() {
        return WITH_SAGA;
    }

    private Api anonymous() {
        return node.api(null);
    }

    private JsonObject link(String path) {
        Api.Response made = demo.post(path, "");
        assertEquals(201, made.status(), made::toString);
        JsonObject link = made.json();
        assertTrue(link.getString("url").startsWith("/t/"), link::encode);
        assertTrue(link.getString("id").startsWith("lnk_"), link::encode);
        assertTrue(Instant.parse(link.getString("expiresAt")).isAfter(Instant.now().plus(Duration.ofDays(29))));
        return link;
    }

    @Test
    @DisplayName("the page shows the tenant's branding, the status and the journey, with no API key and no outside sources")
    void pageWithoutAKey() {
        Api.Response branded = demo.put("/v1/tenant/branding", "{\"displayName\": \"Demo <Deliveries>\", \"colour\": \"#0f766e\"}");
        assertEquals(200, branded.status(), branded::toString);
        assertEquals("Demo <Deliveries>", branded.json().getString("displayName"));
        assertEquals(400, demo.put("/v1/tenant/branding", "{\"displayName\": \"Demo\", \"colour\": \"red\"}").status());
        assertEquals(400, demo.put("/v1/tenant/branding", "{\"displayName\": \" \"}").status());

        String shipment = demo.createShipment();
        Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        assertEquals(202, demo.post("/v1/shipments/" + shipment + "/checkpoints",
            "{\"facility\": \"Paris <hub>\", \"type\": \"DEPARTED\", \"at\": \"" + at + "\"}").status());
        assertEquals(202, demo.postFix(shipment, 48.80, 2.30, at.plusSeconds(1)).status());
        Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipment).json(),
            s -> "IN_TRANSIT".equals(s.getString("status")) && s.getJsonObject("lastCheckpoint") != null);
        JsonObject link = link("/v1/shipments/" + shipment + "/tracking-links");

        Api.Response page = anonymous().get(link.getString("url"));
        assertEquals(200, page.status(), page::toString);
        assertTrue(page.contentType().startsWith("text/html"));
        assertTrue(page.body().contains("Demo &lt;Deliveries&gt;"), page.body());
        assertTrue(page.body().contains("--brand: #0f766e"));
        assertTrue(page.body().contains(">On its way<"), "the status in the customer's words");
        assertTrue(page.body().contains("Left Paris &lt;hub&gt;"), () -> "the journey, escaped: " + page.body());
        String policy = page.header("Content-Security-Policy");
        assertNotNull(policy);
        assertTrue(policy.contains("default-src 'self'") && policy.contains("script-src 'self'"), policy);
        assertEquals("no-store", page.header("Cache-Control"));
        assertEquals(200, anonymous().get("/t-assets/page.js").status());
    }

    @Test
    @DisplayName("a tampered, unknown, revoked or expired token gets the same 404, and no other tenant can make a link")
    void refusedTokensLookAlike() throws Exception {
        String shipment = demo.createShipment();
        JsonObject link = link("/v1/shipments/" + shipment + "/tracking-links");
        String url = link.getString("url");
        String notFound = anonymous().get("/t/nothing").body();
        assertEquals(404, anonymous().get("/t/nothing").status());

        String token = url.substring(3);
        String[] parts = token.split("\\.");
        String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2];
        char last = parts[2].charAt(parts[2].length() - 1);
        String resigned = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1) + (last == 'A' ? 'B' : 'A');
        String otherLink = "lnk_01m81t94ht5n1swdp370p9hyf9." + parts[1] + "." + parts[2];
        for (String refused : new String[] {longer, resigned, otherLink, token + "x", token.toUpperCase()}) {
            Api.Response answer = anonymous().get("/t/" + refused);
            assertEquals(404, answer.status(), refused);
            assertEquals(notFound, answer.body(), "every refusal looks the same");
            assertEquals(404, anonymous().get("/t/" + refused + "/events").status());
        }

        assertEquals(404, acme.post("/v1/shipments/" + shipment + "/tracking-links", "").status(), "another tenant's shipment");
        assertEquals(404, acme.send("DELETE", "/v1/tracking-links/" + link.getString("id"), null, null).status());
        assertEquals(200, anonymous().get(url).status(), "another tenant cannot revoke it");

        assertEquals(204, demo.send("DELETE", "/v1/tracking-links/" + link.getString("id"), null, null).status());
        assertEquals(404, anonymous().get(url).status(), "revoked");
        assertEquals(notFound, anonymous().get(url).body());
        assertEquals(404, demo.send("DELETE", "/v1/tracking-links/" + link.getString("id"), null, null).status());

        JsonObject expiring = link("/v1/shipments/" + shipment + "/tracking-links");
        assertEquals(200, anonymous().get(expiring.getString("url")).status());
        assertEquals(1, db.update("UPDATE tracking_links SET expires_at = now() - interval '1 second' WHERE id = $1",
            expiring.getString("id")));
        assertEquals(404, anonymous().get(expiring.getString("url")).status(), "expired");
    }

    @Test
    @DisplayName("the page's stream carries its shipment live, resumes with Last-Event-ID, and ends when the link is revoked")
    void liveStream() throws Exception {
        String shipment = demo.createShipment();
        JsonObject link = link("/v1/shipments/" + shipment + "/tracking-links");
        String events = node.baseUrl() + link.getString("url") + "/events";
        Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        String resumeFrom;
        try (SseClient stream = SseClient.open(events, Map.of())) {
            assertEquals(200, stream.status());
            assertEquals(shipment, stream.next("snapshot", DEADLINE).json().getString("id"));
            assertEquals(202, demo.postFix(shipment, 48.80, 2.30, t0).status());
            SseClient.Event first = stream.next("location", DEADLINE);
            assertEquals(48.80, first.json().getJsonObject("position").getDouble("lat"));
            resumeFrom = first.id();
        }
        assertEquals(202, demo.postFix(shipment, 48.81, 2.30, t0.plusSeconds(10)).status());
        Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipment).json().getJsonObject("position").getDouble("lat"),
            lat -> lat == 48.81);
        try (SseClient resumed = SseClient.open(events, Map.of("Last-Event-ID", resumeFrom))) {
            assertEquals(48.81, resumed.next("location", DEADLINE).json().getJsonObject("position").getDouble("lat"),
                "the fix it missed, first");
            assertEquals(204, demo.send("DELETE", "/v1/tracking-links/" + link.getString("id"), null, null).status());
            Eventually.await(DEADLINE, resumed::ended, ended -> ended);
        }
        try (SseClient again = SseClient.open(events, Map.of())) {
            assertEquals(404, again.status(), "a revoked link's stream cannot be opened again");
        }
    }

    @Test
    @DisplayName("an order's link shows the order's status and streams both the order and its shipment")
    void orderLink() throws Exception {
        assertEquals(200, demo.put("/v1/inventory/LINK-1", "{\"available\": 5}").status());
        String order = demo.createOrder("LINK-1", 1).json().getString("id");
        JsonObject confirmed = Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + order).json(),
            o -> "CONFIRMED".equals(o.getString("status")));
        Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + confirmed.getString("shipmentId")).status(), s -> s == 200);
        JsonObject link = link("/v1/orders/" + order + "/tracking-links");
        Api.Response page = anonymous().get(link.getString("url"));
        assertEquals(200, page.status());
        assertTrue(page.body().contains(">Order confirmed<"), page.body());
        assertTrue(page.body().contains("/order-events"));
        try (SseClient orderStream = SseClient.open(node.baseUrl() + link.getString("url") + "/order-events", Map.of())) {
            assertEquals(order, orderStream.next("snapshot", DEADLINE).json().getString("id"));
            assertEquals(200, demo.put("/v1/orders/" + order + "/status", "{\"status\": \"PREPARING\"}").status());
            assertEquals("PREPARING", orderStream.next("status", DEADLINE).json().getString("status"));
        }
        String shipmentLink = link("/v1/shipments/" + confirmed.getString("shipmentId") + "/tracking-links").getString("url");
        assertEquals(404, anonymous().get(shipmentLink + "/order-events").status(), "a shipment's link opens no order");
    }
}
