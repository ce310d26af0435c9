package verticles.orders;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import verticles.testsupport.Api;
import verticles.testsupport.OneNodeIT;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The orders API, on real Kafka, Redis and PostgreSQL")
class OrderApiIT extends OneNodeIT {


    private String createdOrderId() {
        Api.Response created = demo.createOrder();
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    @Test
    @DisplayName("creates an order: 201, a Location, an ord_ id and status PLACED, stored in PostgreSQL")
    void createsAnOrder() throws Exception {
        Api.Response created = demo.createOrder();
        assertEquals(201, created.status(), created.toString());
        JsonObject order = created.json();
        String id = order.getString("id");
        assertTrue(id.startsWith("ord_"), id);
        assertEquals("/v1/orders/" + id, created.location());
        assertEquals("PLACED", order.getString("status"));
        assertEquals(1, order.getInteger("version"));
        assertEquals("BOOK-1", order.getJsonArray("items").getJsonObject(0).getString("sku"));
        assertEquals(1, db.count("SELECT count(*) FROM orders WHERE id = $1 AND tenant_id = 'demo'", id));
        assertEquals(1, db.count("SELECT count(*) FROM outbox WHERE record_key = $1", id));
    }

    @Test
    @DisplayName("reads an order back with its status, version and history")
    void readsAnOrder() {
        String id = createdOrderId();
        Api.Response read = demo.get("/v1/orders/" + id);
        assertEquals(200, read.status(), read.toString());
        JsonObject order = read.json();
        assertEquals(id, order.getString("id"));
        assertEquals("PLACED", order.getString("status"));
        JsonArray history = order.getJsonArray("history");
        assertEquals(1, history.size());
        assertEquals("PLACED", history.getJsonObject(0).getString("status"));
        assertEquals("api", history.getJsonObject(0).getString("cause"));
        assertNotNull(history.getJsonObject(0).getString("at"));
    }

    @Test
    @DisplayName("moves an order along its lifecycle, each change with a version and a history entry")
    void movesAlongTheLifecycle() throws Exception {
        String id = createdOrderId();
        node.settleAsTheSaga("demo", id, "CONFIRMED");
        for (String status : List.of("PREPARING", "OUT_FOR_DELIVERY")) {
            Api.Response moved = demo.put("/v1/orders/" + id + "/status", "{\"status\": \"" + status + "\"}");
            assertEquals(200, moved.status(), moved.toString());
            assertEquals(status, moved.json().getString("status"));
        }
        JsonObject order = demo.get("/v1/orders/" + id).json();
        assertEquals("OUT_FOR_DELIVERY", order.getString("status"));
        assertEquals(4, order.getInteger("version"));
        assertEquals(List.of("PLACED", "CONFIRMED", "PREPARING", "OUT_FOR_DELIVERY"),
            order.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("status")).toList());
        assertEquals(4, db.count("SELECT count(*) FROM outbox WHERE record_key = $1", id));
    }

    @Test
    @DisplayName("refuses an illegal transition with 409 and changes nothing")
    void refusesIllegalTransitions() throws Exception {
        String id = createdOrderId();
        Api.Response refused = demo.put("/v1/orders/" + id + "/status", "{\"status\": \"DELIVERED\"}");
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.isProblem(), refused.toString());
        JsonObject order = demo.get("/v1/orders/" + id).json();
        assertEquals("PLACED", order.getString("status"));
        assertEquals(1, order.getInteger("version"));
        assertEquals(1, db.count("SELECT count(*) FROM order_history WHERE order_id = $1", id));
        assertEquals(1, db.count("SELECT count(*) FROM outbox WHERE record_key = $1", id));
    }

    @Test
    @DisplayName("refuses any move out of a final status")
    void refusesMovesOutOfFinalStatuses() {
        String id = createdOrderId();
        node.settleAsTheSaga("demo", id, "REJECTED");
        Api.Response refused = demo.put("/v1/orders/" + id + "/status", "{\"status\": \"PREPARING\"}");
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.json().getString("detail").contains("final"), refused.toString());
        assertEquals("REJECTED", demo.get("/v1/orders/" + id).json().getString("status"));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"CONFIRMED", "REJECTED"})
    @DisplayName("refuses with 409 to set what only the inventory saga sets, naming the rule, and changes nothing:")
    void confirmationBelongsToTheSaga(String status) throws Exception {
        String id = createdOrderId();
        Api.Response refused = demo.put("/v1/orders/" + id + "/status", "{\"status\": \"" + status + "\"}");
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.isProblem(), refused.toString());
        assertTrue(refused.json().getString("detail").contains("inventory saga"), refused.toString());
        assertEquals("PLACED", demo.get("/v1/orders/" + id).json().getString("status"));
        assertEquals(1, db.count("SELECT count(*) FROM outbox WHERE record_key = $1", id));
    }

    static Stream<Arguments> badStatusBodies() {
        return Stream.of(
            Arguments.of("an unknown status", "{\"status\": \"SHIPPED\"}"),
            Arguments.of("a lower-case status", "{\"status\": \"confirmed\"}"),
            Arguments.of("a missing status", "{}"),
            Arguments.of("a status that is not a string", "{\"status\": 3}"),
            Arguments.of("an extra field", "{\"status\": \"CONFIRMED\", \"version\": 9}"),
            Arguments.of("malformed JSON", "{\"status\": "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStatusBodies")
    @DisplayName("answers 400 to a status change with")
    void refusesBadStatusBodies(String what, String body) throws Exception {
        String id = createdOrderId();
        Api.Response refused = demo.put("/v1/orders/" + id + "/status", body);
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.isProblem(), refused.toString());
        assertEquals(1, db.count("SELECT count(*) FROM order_history WHERE order_id = $1", id));
    }

    static Stream<Arguments> badOrderBodies() {
        return Stream.of(
            Arguments.of("malformed JSON", "{\"customer\": "),
            Arguments.of("a JSON array", "[]"),
            Arguments.of("an empty body", ""),
            Arguments.of("a missing customer", "{\"items\": [{\"sku\": \"A\", \"quantity\": 1}], \"destination\": {\"lat\": 1, \"lon\": 2}}"),
            Arguments.of("missing items", "{\"customer\": {\"name\": \"Ada\"}, \"destination\": {\"lat\": 1, \"lon\": 2}}"),
            Arguments.of("empty items", "{\"customer\": {\"name\": \"Ada\"}, \"items\": [], \"destination\": {\"lat\": 1, \"lon\": 2}}"),
            Arguments.of("a quantity of zero", "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"A\", \"quantity\": 0}], \"destination\": {\"lat\": 1, \"lon\": 2}}"),
            Arguments.of("a quantity as a string", "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"A\", \"quantity\": \"1\"}], \"destination\": {\"lat\": 1, \"lon\": 2}}"),
            Arguments.of("a missing destination", "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"A\", \"quantity\": 1}]}"),
            Arguments.of("a latitude out of range", "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"A\", \"quantity\": 1}], \"destination\": {\"lat\": 91, \"lon\": 2}}"),
            Arguments.of("a number too large for a double", "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"A\", \"quantity\": 1}], \"destination\": {\"lat\": 1e400, \"lon\": 2}}"),
            Arguments.of("a forged status", "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"A\", \"quantity\": 1}], \"destination\": {\"lat\": 1, \"lon\": 2}, \"status\": \"DELIVERED\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrderBodies")
    @DisplayName("answers 400 problem+json and writes nothing for an order with")
    void refusesBadOrders(String what, String body) throws Exception {
        long before = db.count("SELECT count(*) FROM orders WHERE tenant_id = 'demo'");
        long outboxBefore = db.count("SELECT count(*) FROM outbox");
        Api.Response refused = demo.post("/v1/orders", body);
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.isProblem(), refused.toString());
        assertEquals(before, db.count("SELECT count(*) FROM orders WHERE tenant_id = 'demo'"));
        assertEquals(outboxBefore, db.count("SELECT count(*) FROM outbox"));
    }

    @Test
    @DisplayName("names every failing field of a refused order")
    void namesFailingFields() {
        Api.Response refused = demo.post("/v1/orders",
            "{\"customer\": {}, \"items\": [{\"sku\": \"A\", \"quantity\": 0}], \"destination\": {\"lat\": 1, \"lon\": 200}}");
        assertEquals(400, refused.status());
        List<String> fields = refused.json().getJsonArray("errors").stream()
            .map(e -> ((JsonObject) e).getString("field")).toList();
        assertEquals(List.of("customer.name", "items[0].quantity", "destination.lon"), fields);
    }

    @Test
    @DisplayName("answers 415 to a body that is not declared as JSON")
    void refusesOtherMediaTypes() throws Exception {
        long before = db.count("SELECT count(*) FROM orders WHERE tenant_id = 'demo'");
        Api.Response refused = demo.send("POST", "/v1/orders", "text/plain",
            "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"A\", \"quantity\": 1}], \"destination\": {\"lat\": 1, \"lon\": 2}}");
        assertEquals(415, refused.status(), refused.toString());
        assertTrue(refused.isProblem());
        assertEquals(before, db.count("SELECT count(*) FROM orders WHERE tenant_id = 'demo'"));
    }

    @Test
    @DisplayName("answers 413 to a body over the limit")
    void refusesHugeBodies() {
        String name = "x".repeat(70_000);
        Api.Response refused = demo.post("/v1/orders", "{\"customer\": {\"name\": \"" + name + "\"}}");
        assertEquals(413, refused.status(), refused.toString());
        assertTrue(refused.isProblem(), refused.toString());
    }

    @Test
    @DisplayName("answers 401 problem+json on every /v1 route without a valid key")
    void requiresAKey() throws Exception {
        String id = createdOrderId();
        long before = db.count("SELECT count(*) FROM orders");
        for (Api caller : List.of(node.api(null), node.api("wrong-key"), node.api(""))) {
            List<Api.Response> answers = List.of(
                caller.createOrder(),
                caller.get("/v1/orders/" + id),
                caller.get("/v1/orders"),
                caller.put("/v1/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}"),
                caller.get("/v1/orders/ord_does_not_exist"));
            for (Api.Response answer : answers) {
                assertEquals(401, answer.status(), answer.toString());
                assertTrue(answer.isProblem(), answer.toString());
            }
        }
        assertEquals(before, db.count("SELECT count(*) FROM orders"));
        assertEquals("PLACED", demo.get("/v1/orders/" + id).json().getString("status"));
    }

    @Test
    @DisplayName("accepts the key as X-API-Key too, and refuses a wrong one there")
    void acceptsXApiKey() {
        String id = createdOrderId();
        assertEquals(200, demo.keyInXApiKeyHeader().get("/v1/orders/" + id).status());
        assertEquals(401, node.api("wrong-key").keyInXApiKeyHeader().get("/v1/orders/" + id).status());
    }

    @Test
    @DisplayName("answers 404 to another tenant's order, on read and on write, and leaves it alone")
    void hidesOtherTenantsOrders() {
        String id = createdOrderId();
        Api.Response read = acme.get("/v1/orders/" + id);
        assertEquals(404, read.status(), read.toString());
        assertTrue(read.isProblem());
        Api.Response write = acme.put("/v1/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}");
        assertEquals(404, write.status(), write.toString());
        assertEquals("PLACED", demo.get("/v1/orders/" + id).json().getString("status"));
        assertTrue(acme.get("/v1/orders?limit=100").json().getJsonArray("items").stream()
            .noneMatch(o -> id.equals(((JsonObject) o).getString("id"))), "acme's list must not show demo's order");
    }

    @Test
    @DisplayName("answers 404 problem+json, never 200, for an unknown or malformed id")
    void unknownIdsAre404() {
        for (String id : List.of("ord_01m81t94ht5n1swdp370p9hyf9", "ord_nope", "..%2F..%2Fetc")) {
            Api.Response read = demo.get("/v1/orders/" + id);
            assertEquals(404, read.status(), read.toString());
            assertTrue(read.isProblem(), read.toString());
        }
    }

    @Test
    @DisplayName("lists a tenant's orders newest first, in cursor pages, filtered by status")
    void listsOrdersInPages() {
        List<String> ids = List.of(createdOrderId(), createdOrderId(), createdOrderId());
        JsonObject first = acmeAndDemoList("/v1/orders?limit=2");
        assertEquals(List.of(ids.get(2), ids.get(1)), idsOf(first));
        JsonObject second = acmeAndDemoList("/v1/orders?limit=2&cursor=" + first.getString("nextCursor"));
        assertEquals(ids.get(0), idsOf(second).get(0));
        node.settleAsTheSaga("demo", ids.get(1), "REJECTED");
        assertEquals(ids.get(1), idsOf(acmeAndDemoList("/v1/orders?status=REJECTED&limit=1")).get(0));
        assertEquals(400, demo.get("/v1/orders?status=LOST").status());
        assertEquals(400, demo.get("/v1/orders?limit=0").status());
        assertEquals(400, demo.get("/v1/orders?cursor=abc").status());
    }

    private JsonObject acmeAndDemoList(String path) {
        Api.Response page = demo.get(path);
        assertEquals(200, page.status(), page.toString());
        return page.json();
    }

    private static List<String> idsOf(JsonObject page) {
        return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    @DisplayName("serves reads from Redis and refills it from PostgreSQL after a miss")
    void refillsTheCacheAfterAMiss() throws Exception {
        String id = createdOrderId();
        Vertx vertx = Vertx.vertx();
        try {
            RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, infra.redisUrl()));
            String key = "meridian:order:demo:" + id;
            assertNotNull(redis.hget(key, "doc").await(5, TimeUnit.SECONDS), "written through on create");
            assertEquals(1, redis.del(List.of(key)).await(5, TimeUnit.SECONDS).toInteger());
            assertNull(redis.hget(key, "doc").await(5, TimeUnit.SECONDS));

            Api.Response read = demo.get("/v1/orders/" + id);
            assertEquals(200, read.status(), read.toString());
            assertEquals("PLACED", read.json().getString("status"));
            assertEquals(id, new JsonObject(redis.hget(key, "doc").await(5, TimeUnit.SECONDS).toString()).getString("id"));
        } finally {
            vertx.close();
        }
    }
}
