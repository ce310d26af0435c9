package verticles.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import verticles.testsupport.Api;
import verticles.testsupport.OneNodeIT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * More than a hundred malformed or hostile requests: broken JSON, wrong types, huge and
 * non-finite numbers, deep nesting, oversized bodies and headers, invalid UTF-8, path
 * traversal, SQL- and script-looking strings where they do not belong, forged tenant fields,
 * other tenants' ids, webhooks aimed at internal addresses, wrong methods and media types. Every
 * one must be answered 4xx, none 5xx and none with a stack trace, and the node must go on serving.
 */
@DisplayName("Hostile input")
class HostileInputIT extends OneNodeIT {

    private record Hostile(String name, Supplier<Api.Response> request) {
    }

    private String demoOrder;
    private String demoShipment;
    private Api admin;

    @BeforeAll
    void demoData() {
        demoOrder = demo.createOrder().json().getString("id");
        demoShipment = demo.createShipment();
        admin = node.api("admin-key");
    }

    @TestFactory
    @DisplayName("each is answered 4xx, without a stack trace")
    Stream<DynamicTest> everyHostileRequestIsRefused() {
        List<Hostile> cases = cases();
        assertTrue(cases.size() >= 100, "the suite holds " + cases.size() + " requests");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Api.Response answer = c.request().get();
            assertTrue(answer.status() >= 400 && answer.status() < 500, c.name() + " → " + answer);
            assertFalse(answer.body().contains("Exception") || answer.body().contains("\tat "), answer.body());
        }));
    }

    @AfterAll
    void stillServing() {
        assertEquals(200, demo.get("/health/live").status());
        assertEquals(201, demo.createOrder().status());
        assertEquals(200, demo.get("/v1/orders/" + demoOrder).status());
    }

    private List<Hostile> cases() {
        List<Hostile> c = new ArrayList<>();
        String json = "application/json";
        String goodOrder = "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"BOOK-1\", \"quantity\": 1}], "
            + "\"destination\": {\"lat\": 52.5, \"lon\": 13.4}}";

        // --- broken JSON, for every route that takes a body
        for (String path : List.of("/v1/orders", "/v1/shipments", "/v1/shipments/" + demoShipment + "/locations",
            "/v1/locations", "/v1/webhooks", "/v1/stream-tokens")) {
            for (String body : List.of("{", "{\"a\":}", "nul", "{} trailing", "{\"a\" 1}", "\u0000", "{'single': 1}")) {
                c.add(new Hostile("broken JSON " + body.replace("\u0000", "NUL") + " to " + short_(path),
                    () -> demo.send("POST", path, json, body)));
            }
        }
        c.add(new Hostile("PUT status with broken JSON",
            () -> demo.put("/v1/orders/" + demoOrder + "/status", "{\"status\":")));
        c.add(new Hostile("PUT inventory with broken JSON", () -> demo.put("/v1/inventory/BOOK-1", "[1,")));
        c.add(new Hostile("an array where an object belongs", () -> demo.post("/v1/orders", "[]")));
        c.add(new Hostile("a bare string where an object belongs", () -> demo.post("/v1/orders", "\"order\"")));
        c.add(new Hostile("a bare number where an object belongs", () -> demo.post("/v1/shipments", "42")));
        c.add(new Hostile("null as the whole body", () -> demo.post("/v1/orders", "null")));
        c.add(new Hostile("an empty body", () -> demo.post("/v1/orders", "")));

        // --- wrong types and impossible values
        String ada = "{\"name\": \"Ada\"}";
        String one = item("1");
        String here = "{\"lat\": 1, \"lon\": 1}";
        for (String order : List.of(
            order("\"Ada\"", one, here),
            order(ada, "{\"sku\": \"BOOK-1\"}", here),
            order(ada, item("\"1\""), here),
            order(ada, item("1.5"), here),
            order(ada, item("-1"), here),
            order(ada, item("0"), here),
            order(ada, item("100000000000000000000"), here),
            order(ada, "[]", here),
            order("{\"name\": \"\"}", one, here),
            order("{\"name\": 7}", one, here),
            order(ada, one, "{\"lat\": 91, \"lon\": 1}"),
            order(ada, one, "{\"lat\": 1e400, \"lon\": 1}"),
            order(ada, one, "{\"lat\": NaN, \"lon\": 1}"),
            order(ada, one, "{\"lat\": Infinity, \"lon\": 1}"),
            order(ada, one, "{\"lat\": \"52.5\", \"lon\": 1}"),
            order(ada, one, "null"),
            order("{\"name\": \"" + "x".repeat(5_000) + "\"}", one, here),
            order(ada, "[{\"sku\": \"" + "S".repeat(65) + "\", \"quantity\": 1}]", here))) {
            c.add(new Hostile("order " + short_(order), () -> demo.post("/v1/orders", order)));
        }
        for (String fix : List.of("{\"lat\": 200, \"lon\": 1, \"recordedAt\": \"" + Instant.now() + "\"}",
            "{\"lat\": 1, \"lon\": -181, \"recordedAt\": \"" + Instant.now() + "\"}",
            "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"yesterday\"}",
            "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"2099-01-01T00:00:00Z\"}",
            "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"1970-01-01T00:00:00Z\"}",
            "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"" + Instant.now() + "\", \"speed\": -3}",
            "{\"lat\": 1, \"lon\": 1, \"recordedAt\": \"" + Instant.now() + "\", \"heading\": 360}",
            "{\"lat\": 1e308, \"lon\": 1e308, \"recordedAt\": \"" + Instant.now() + "\"}",
            "{\"lat\": true, \"lon\": 1, \"recordedAt\": \"" + Instant.now() + "\"}",
            "{\"lon\": 1, \"recordedAt\": \"" + Instant.now() + "\"}")) {
            c.add(new Hostile("location " + fix, () -> demo.post("/v1/shipments/" + demoShipment + "/locations", fix)));
        }
        c.add(new Hostile("a batch of 1,001 updates", () -> demo.post("/v1/locations",
            "[" + String.join(",", java.util.Collections.nCopies(1_001,
                Api.batchItem(demoShipment, 1, 1, Instant.now()))) + "]")));
        c.add(new Hostile("a batch item with a bad id", () -> demo.post("/v1/locations",
            "[{\"shipmentId\": \"shp_../../x\", \"lat\": 1, \"lon\": 1, \"recordedAt\": \"" + Instant.now() + "\"}]")));
        c.add(new Hostile("an empty batch", () -> demo.post("/v1/locations", "[]")));
        c.add(new Hostile("a checkpoint of an unknown type",
            () -> demo.post("/v1/shipments/" + demoShipment + "/checkpoints",
            "{\"facility\": \"HUB\", \"type\": \"TELEPORTED\", \"at\": \"" + Instant.now() + "\"}")));

        // --- deep nesting, oversized bodies and headers, invalid UTF-8
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        c.add(new Hostile("100,000 nested arrays", () -> demo.post("/v1/orders",
            "{\"customer\": {\"name\": \"Ada\", \"x\": " + deep.substring(0, 20_000) + deep.substring(180_000)
                + "}}")));
        c.add(new Hostile("nesting past the parser's limit", () -> demo.post("/v1/shipments",
            "{\"reference\": " + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000) + "}")));
        c.add(new Hostile("a 70 KiB order",
            () -> demo.post("/v1/orders", goodOrder.replace("Ada", "A".repeat(70_000)))));
        c.add(new Hostile("a 2 MiB batch", () -> demo.overHttp1()
            .post("/v1/locations", "[" + " ".repeat(2_100_000) + "]")));
        c.add(new Hostile("a 64 KiB header", () -> demo.overHttp1().withHeader("X-Padding", "p".repeat(65_536))
            .get("/v1/orders")));
        c.add(new Hostile("invalid UTF-8 in an order", () -> demo.sendBytes("POST", "/v1/orders", json,
            concat("{\"customer\": {\"name\": \"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28},
                "\"}, \"items\": [{\"sku\": \"BOOK-1\", \"quantity\": 1}], \"destination\": {\"lat\": 1, \"lon\": 1}}"
                    .getBytes(StandardCharsets.UTF_8)))));
        c.add(new Hostile("invalid UTF-8 in a shipment", () -> demo.sendBytes("POST", "/v1/shipments", json,
            new byte[] {'{', '"', 'r', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'})));

        // --- path traversal and odd paths
        for (String path : List.of("/v1/orders/../../etc/passwd", "/v1/orders/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/v1/shipments/..%2F..%2Fadmin", "/v1/orders/ord_%00", "/v1/inventory/..%2F..%2Fetc",
            "/v1/orders/" + "a".repeat(2_000), "/v1/shipments/shp_" + "9".repeat(26) + "/../../admin/tenants",
            "/v1/webhooks/whk_..%2f", "/v1/orders/%ff%fe")) {
            c.add(new Hostile("path " + short_(path), () -> demo.get(path)));
        }

        // --- SQL- and script-looking strings where they do not belong
        for (String path : List.of("/v1/orders/ord_' OR '1'='1".replace(" ", "%20").replace("'", "%27"),
            "/v1/orders?status=PLACED%27%20OR%201=1--", "/v1/orders?cursor=ord_1%3BDROP%20TABLE%20orders",
            "/v1/orders?limit=1%20UNION%20SELECT%20*", "/v1/inventory/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/v1/orders?status=%3Cscript%3E", "/v1/shipments/shp_%3Cimg%20src=x%3E/track",
            "/v1/orders?limit=-1", "/v1/orders?limit=abc", "/v1/orders?limit=100000000000")) {
            c.add(new Hostile("query or id " + short_(path), () -> demo.get(path)));
        }
        c.add(new Hostile("a script as a status", () -> demo.put("/v1/orders/" + demoOrder + "/status",
            "{\"status\": \"<script>alert(1)</script>\"}")));
        c.add(new Hostile("SQL as a status", () -> demo.put("/v1/orders/" + demoOrder + "/status",
            "{\"status\": \"DELIVERED'; DROP TABLE orders; --\"}")));
        c.add(new Hostile("a javascript: webhook URL", () -> demo.post("/v1/webhooks",
            "{\"url\": \"javascript:alert(1)\", \"events\": [\"order.placed\"]}")));

        // --- forged tenant fields (mass assignment)
        c.add(new Hostile("an order naming its tenant", () -> demo.post("/v1/orders",
            goodOrder.replace("{\"customer\"", "{\"tenantId\": \"acme\", \"customer\""))));
        c.add(new Hostile("an order setting its own status", () -> demo.post("/v1/orders",
            goodOrder.replace("{\"customer\"", "{\"status\": \"DELIVERED\", \"customer\""))));
        c.add(new Hostile("an order setting its own id", () -> demo.post("/v1/orders",
            goodOrder.replace("{\"customer\"", "{\"id\": \"ord_01m8000000000000000000000\", \"customer\""))));
        c.add(new Hostile("a shipment naming its tenant", () -> demo.post("/v1/shipments",
            "{\"tenantId\": \"acme\", \"destination\": {\"lat\": 1, \"lon\": 1}}")));
        c.add(new Hostile("a status change naming a tenant", () -> demo.put("/v1/orders/" + demoOrder + "/status",
            "{\"status\": \"CONFIRMED\", \"tenantId\": \"acme\"}")));
        c.add(new Hostile("a batch item naming a tenant", () -> demo.post("/v1/locations",
            "[{\"shipmentId\": \"" + demoShipment + "\", \"tenantId\": \"acme\", \"lat\": 1, \"lon\": 1, "
                + "\"recordedAt\": \""
                + Instant.now() + "\"}]")));
        c.add(new Hostile("a stock level naming a tenant", () -> demo.put("/v1/inventory/BOOK-1",
            "{\"available\": 5, \"tenantId\": \"acme\"}")));
        c.add(new Hostile("a webhook bringing its own secret", () -> demo.post("/v1/webhooks",
            "{\"url\": \"https://example.com/h\", \"events\": [\"order.placed\"], \"secret\": \"whsec_mine\"}")));

        // --- other tenants' ids
        c.add(new Hostile("another tenant's order", () -> acme.get("/v1/orders/" + demoOrder)));
        c.add(new Hostile("another tenant's order, moved", () -> acme.put("/v1/orders/" + demoOrder + "/status",
            "{\"status\": \"CONFIRMED\"}")));
        c.add(new Hostile("another tenant's order, cancelled",
            () -> acme.post("/v1/orders/" + demoOrder + "/cancel", "")));
        c.add(new Hostile("another tenant's order stream", () -> acme.get("/v1/orders/" + demoOrder + "/events")));
        c.add(new Hostile("another tenant's shipment", () -> acme.get("/v1/shipments/" + demoShipment)));
        c.add(new Hostile("another tenant's shipment track",
            () -> acme.get("/v1/shipments/" + demoShipment + "/track")));
        c.add(new Hostile("another tenant's shipment stream",
            () -> acme.get("/v1/shipments/" + demoShipment + "/events")));
        c.add(new Hostile("a position for another tenant's shipment",
            () -> acme.postFix(demoShipment, 1, 1, Instant.now())));
        c.add(new Hostile("a batch with another tenant's shipment", () -> acme.post("/v1/locations",
            "[" + Api.batchItem(demoShipment, 1, 1, Instant.now()) + "]")));
        c.add(new Hostile("a stream token for another tenant's order", () -> acme.post("/v1/stream-tokens",
            "{\"orderId\": \"" + demoOrder + "\"}")));

        // --- webhooks aimed inside
        for (String url : List.of("http://10.0.0.5/hook", "http://169.254.169.254/latest/meta-data/iam",
            "http://[::ffff:169.254.169.254]/", "http://0.0.0.0:8080/", "http://192.168.0.1/admin",
            "http://172.20.0.1/", "http://[fd12::1]/", "http://100.100.100.200/latest/meta-data", "file:///etc/passwd",
            "gopher://localhost:6379/_FLUSHALL",
            "dict://127.0.0.1:11211/", "ftp://example.com/", "http://metadata.google.internal.invalid/")) {
            c.add(new Hostile("webhook to " + url, () -> demo.post("/v1/webhooks",
                "{\"url\": \"" + url + "\", \"events\": [\"order.placed\"]}")));
        }

        // --- methods, media types, credentials
        c.add(new Hostile("PATCH on orders", () -> demo.send("PATCH", "/v1/orders", json, "{}")));
        c.add(new Hostile("DELETE on an order", () -> demo.send("DELETE", "/v1/orders/" + demoOrder, null, null)));
        c.add(new Hostile("PUT on the orders collection", () -> demo.send("PUT", "/v1/orders", json, goodOrder)));
        c.add(new Hostile("an order as text/plain", () -> demo.send("POST", "/v1/orders", "text/plain", goodOrder)));
        c.add(new Hostile("an order as XML", () -> demo.send("POST", "/v1/orders", "application/xml", "<order/>")));
        c.add(new Hostile("an order as a form", () -> demo.send("POST", "/v1/orders",
            "application/x-www-form-urlencoded", "customer=Ada")));
        c.add(new Hostile("an order without a content type", () -> demo.send("POST", "/v1/orders", null, goodOrder)));
        c.add(new Hostile("a wrong key", () -> new Api(node.baseUrl(), "mk_" + "x".repeat(40)).get("/v1/orders")));
        c.add(new Hostile("a 10 KiB key", () -> new Api(node.baseUrl(), "k".repeat(10_240)).get("/v1/orders")));
        c.add(new Hostile("no key", () -> new Api(node.baseUrl(), null).get("/v1/orders")));
        c.add(new Hostile("the admin routes with a tenant key",
            () -> demo.post("/v1/admin/tenants", "{\"name\": \"x\"}")));
        c.add(new Hostile("dead letters with a tenant key", () -> demo.get("/v1/admin/dead-letters")));
        c.add(new Hostile("a cache rebuild with a tenant key", () -> demo.post("/v1/admin/rebuild-cache", "")));
        c.add(new Hostile("a forged stream token", () -> new Api(node.baseUrl(), null)
            .get("/v1/events?token=eyJ0IjoiZGVtbyJ9.forged")));
        c.add(new Hostile("an Idempotency-Key of 300 characters",
            () -> demo.withHeader("Idempotency-Key", "k".repeat(300))
            .post("/v1/orders", goodOrder)));
        c.add(new Hostile("a tenant with an empty name", () -> admin.post("/v1/admin/tenants", "{\"name\": \"\"}")));
        c.add(new Hostile("a tenant with unknown fields", () -> admin.post("/v1/admin/tenants",
            "{\"name\": \"x\", \"id\": \"ten_mine\"}")));
        c.add(new Hostile("a replay of a dead letter that is not a number", () -> admin.post(
            "/v1/admin/dead-letters/1%20OR%201=1/replay", "")));
        return c;
    }

    private static String order(String customer, String items, String destination) {
        return "{\"customer\": " + customer + ", \"items\": " + items + ", \"destination\": " + destination + "}";
    }

    private static String item(String quantity) {
        return "[{\"sku\": \"BOOK-1\", \"quantity\": " + quantity + "}]";
    }

    private static String short_(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
