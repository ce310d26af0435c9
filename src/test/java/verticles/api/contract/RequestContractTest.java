package verticles.api.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import verticles.domain.Violation;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request rules as the API contract states them, checked by vertx-openapi and
 * vertx-json-schema exactly as {@link ContractCheck} checks a request: every fault is named
 * by its field. (Over HTTP the same rules are exercised by HostileInputIT and the route tests.)
 */
@DisplayName("The API contract")
class RequestContractTest {

    private static final String SHIPMENT = "shp_01m81t94ht5n1swdp370p9hyf9";
    private static ApiContract api;
    private static ContractCheck contract;

    @BeforeAll
    static void load() throws Exception {
        api = LoadedContract.shared().api;
        contract = LoadedContract.shared().check;
    }

    private static List<String> fields(String operationId, Object body) {
        return contract.bodyViolations(operationId, body).stream().map(Violation::field).toList();
    }

    @Test
    @DisplayName("is a valid OpenAPI 3.1 document with an operationId on all 47 operations")
    void loads() {
        assertEquals("3.1.0", api.contract().getRawContract().getString("openapi"));
        Set<String> ids = new TreeSet<>();
        api.contract().operations().forEach(op -> ids.add(op.getOperationId()));
        assertEquals(47, ids.size(), ids.toString());
        assertTrue(api.takesNdjson("recordLocations"), "the batch route takes NDJSON");
    }

    @Test
    @DisplayName("reads the media type of a Content-Type as the contract writes it")
    void mediaTypes() {
        assertEquals("application/x-ndjson", ContentType.mediaType(" Application/X-NDJSON ; charset=utf-8"));
    }

    private static JsonObject order() {
        return new JsonObject()
            .put("customer", new JsonObject().put("name", "Ada"))
            .put("items", new JsonArray().add(new JsonObject().put("sku", "BOOK-1").put("quantity", 1)))
            .put("destination", new JsonObject().put("lat", 52.52).put("lon", 13.405));
    }

    private static JsonObject item(JsonObject order) {
        return order.getJsonArray("items").getJsonObject(0);
    }

    static Stream<Arguments> brokenOrders() {
        return Stream.of(
            broken("customer is missing", "customer", b -> b.remove("customer")),
            broken("customer is not an object", "customer", b -> b.put("customer", "Ada")),
            broken("customer name is blank", "customer.name", b -> b.getJsonObject("customer").put("name", "  ")),
            broken("customer name is a number", "customer.name", b -> b.getJsonObject("customer").put("name", 7)),
            broken("customer name is too long", "customer.name",
                b -> b.getJsonObject("customer").put("name", "x".repeat(201))),
            broken("customer email is not an address", "customer.email",
                b -> b.getJsonObject("customer").put("email", "not-an-address")),
            broken("items are missing", "items", b -> b.remove("items")),
            broken("items are empty", "items", b -> b.put("items", new JsonArray())),
            broken("items are not an array", "items", b -> b.put("items", "BOOK-1")),
            broken("too many items", "items", b -> b.put("items",
                new JsonArray(Collections.nCopies(101, new JsonObject().put("sku", "A").put("quantity", 1))))),
            broken("an item is not an object", "items[0]", b -> b.put("items", new JsonArray().add(3))),
            broken("sku is missing", "items[0].sku", b -> item(b).remove("sku")),
            broken("quantity is zero", "items[0].quantity", b -> item(b).put("quantity", 0)),
            broken("quantity is negative", "items[0].quantity", b -> item(b).put("quantity", -2)),
            broken("quantity is a fraction", "items[0].quantity", b -> item(b).put("quantity", 1.5)),
            broken("quantity is a string", "items[0].quantity", b -> item(b).put("quantity", "1")),
            broken("quantity is huge", "items[0].quantity",
                b -> item(b).put("quantity", new BigInteger("99999999999999999999"))),
            broken("quantity is missing", "items[0].quantity", b -> item(b).remove("quantity")),
            broken("destination is missing", "destination", b -> b.remove("destination")),
            broken("latitude is above 90", "destination.lat", b -> b.getJsonObject("destination").put("lat", 90.5)),
            broken("longitude is below -180", "destination.lon", b -> b.getJsonObject("destination").put("lon", -180.1)),
            broken("longitude is infinite (what 1e999 decodes to)", "destination.lon",
                b -> b.getJsonObject("destination").put("lon", Double.POSITIVE_INFINITY)),
            broken("latitude is a string", "destination.lat", b -> b.getJsonObject("destination").put("lat", "52.5")),
            broken("an unknown top-level field is sent", "status", b -> b.put("status", "DELIVERED")),
            broken("an unknown nested field is sent", "items[0].price", b -> item(b).put("price", 10)),
            broken("a tenant is forged", "tenantId", b -> b.put("tenantId", "acme")));
    }

    private static Arguments broken(String what, String field, Consumer<JsonObject> breakIt) {
        return Arguments.of(what, field, breakIt);
    }

    @Test
    @DisplayName("takes a valid order")
    void validOrder() {
        assertEquals(List.of(), fields("placeOrder", order()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenOrders")
    @DisplayName("refuses an order, naming the field, when")
    void refusesOrders(String what, String field, Consumer<JsonObject> breakIt) {
        JsonObject body = order();
        breakIt.accept(body);
        List<String> fields = fields("placeOrder", body);
        assertTrue(fields.contains(field), what + ": expected a violation on " + field + " but got " + fields);
    }

    @Test
    @DisplayName("reports every problem at once, in words a developer can act on")
    void everyProblemAtOnce() {
        JsonObject body = order();
        body.getJsonObject("customer").remove("name");
        item(body).put("quantity", "two");
        body.put("coupon", "FREE");
        List<Violation> violations = contract.bodyViolations("placeOrder", body);
        assertTrue(violations.contains(new Violation("customer.name", "is required")), violations.toString());
        assertTrue(violations.contains(new Violation("items[0].quantity", "must be of type integer")), violations.toString());
        assertTrue(violations.contains(new Violation("coupon", "is not a known field")), violations.toString());
    }

    private static JsonObject fix() {
        return new JsonObject().put("lat", 52.52).put("lon", 13.405).put("recordedAt", "2026-11-22T11:59:58Z")
            .put("speed", 8.5).put("heading", 270).put("accuracy", 4).put("courierId", "courier-7");
    }

    static Stream<Arguments> brokenFixes() {
        return Stream.of(
            broken("latitude above 90", "lat", b -> b.put("lat", 90.0001)),
            broken("latitude below -90", "lat", b -> b.put("lat", -91)),
            broken("longitude above 180", "lon", b -> b.put("lon", 180.5)),
            broken("longitude infinite", "lon", b -> b.put("lon", Double.NEGATIVE_INFINITY)),
            broken("latitude as a string", "lat", b -> b.put("lat", "52.5")),
            broken("latitude missing", "lat", b -> b.remove("lat")),
            broken("recordedAt missing", "recordedAt", b -> b.remove("recordedAt")),
            broken("recordedAt not a time", "recordedAt", b -> b.put("recordedAt", "yesterday")),
            broken("recordedAt as a number", "recordedAt", b -> b.put("recordedAt", 1_700_000_000)),
            broken("negative speed", "speed", b -> b.put("speed", -0.1)),
            broken("speed of a jet", "speed", b -> b.put("speed", 1000.5)),
            broken("speed as a string", "speed", b -> b.put("speed", "fast")),
            broken("negative accuracy", "accuracy", b -> b.put("accuracy", -1)),
            broken("heading of 360", "heading", b -> b.put("heading", 360)),
            broken("negative heading", "heading", b -> b.put("heading", -1)),
            broken("blank courierId", "courierId", b -> b.put("courierId", " ")),
            broken("an unknown field", "altitude", b -> b.put("altitude", 30)),
            broken("a shipmentId in a single update's body", "shipmentId", b -> b.put("shipmentId", SHIPMENT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFixes")
    @DisplayName("refuses a location update, naming only that field, with")
    void refusesFixes(String what, String field, Consumer<JsonObject> breakIt) {
        assertEquals(List.of(), fields("recordLocation", fix()));
        JsonObject body = fix();
        breakIt.accept(body);
        assertEquals(List.of(field), fields("recordLocation", body), what);
    }

    @Test
    @DisplayName("refuses an empty location update or batch item, naming every required field")
    void emptyFixes() {
        assertEquals(List.of("lat", "lon", "recordedAt"), fields("recordLocation", new JsonObject()));
        assertEquals(List.of("[0].lat", "[0].lon", "[0].recordedAt", "[0].shipmentId"),
            fields("recordLocations", new JsonArray().add(new JsonObject())));
    }

    @Test
    @DisplayName("needs each batch item to name a well-formed shipment, with the item's position in the field")
    void batchItems() {
        JsonArray batch = new JsonArray().add(fix().put("shipmentId", SHIPMENT)).add(fix().put("shipmentId", SHIPMENT))
            .add(fix().put("shipmentId", SHIPMENT)).add(fix());
        assertEquals(List.of("[3].shipmentId"), fields("recordLocations", batch));
        batch.getJsonObject(3).put("shipmentId", "ord_01m81t94ht5n1swdp370p9hyf9");
        assertEquals(List.of("[3].shipmentId"), fields("recordLocations", batch));
        batch.getJsonObject(3).put("shipmentId", SHIPMENT).put("tenantId", "other");
        assertEquals(List.of("[3].tenantId"), fields("recordLocations", batch));
        batch.getJsonObject(3).remove("tenantId");
        assertEquals(List.of(), fields("recordLocations", batch));
        assertEquals(List.of(""), fields("recordLocations", new JsonArray()));
    }

    @Test
    @DisplayName("refuses checkpoints, stock levels, tenants, webhooks and rate limits that break it")
    void otherBodies() {
        assertEquals(List.of("by", "facility", "type", "at"), sorted(fields("recordCheckpoint",
            new JsonObject().put("facility", "").put("type", "LOST").put("at", "soon").put("by", "x")),
            List.of("by", "facility", "type", "at")));
        assertEquals(List.of(), fields("recordCheckpoint",
            new JsonObject().put("facility", "Berlin hub").put("type", "ARRIVED").put("at", "2026-11-22T11:00:00Z")));

        assertEquals(List.of(), fields("setStock", new JsonObject().put("available", 1_000_000_000)));
        for (Object bad : new Object[] {-1, 2.5, "3", null, 1_000_000_001L}) {
            assertEquals(List.of("available"), fields("setStock", new JsonObject().put("available", bad)), String.valueOf(bad));
        }
        assertEquals(List.of("sku"), fields("setStock", new JsonObject().put("available", 1).put("sku", "X")));

        assertEquals(List.of("name"), fields("createTenant", new JsonObject().put("name", " ")));
        assertEquals(List.of(), fields("createWebhook", new JsonObject().put("url", "https://example.com/")
            .put("events", new JsonArray().add("order.placed"))));
        assertEquals(List.of("events"), fields("createWebhook", new JsonObject().put("url", "https://example.com/")
            .put("events", new JsonArray())));
        assertEquals(List.of("events[0]"), fields("createWebhook", new JsonObject().put("url", "https://example.com/")
            .put("events", new JsonArray().add("order.exploded"))));
        assertEquals(List.of("secret"), fields("createWebhook", new JsonObject().put("url", "https://example.com/")
            .put("events", new JsonArray().add("order.placed")).put("secret", "mine")));
        assertEquals(List.of("perSecond"), fields("setRateLimit", new JsonObject().put("perSecond", 0).put("burst", 5)));
        assertEquals(List.of(), fields("setRateLimit", new JsonObject().putNull("perSecond").putNull("burst")));
        assertEquals(List.of("status"), fields("changeOrderStatus", new JsonObject().put("status", "LOST")));
        assertEquals(List.of("orderId"), fields("issueStreamToken", new JsonObject().put("orderId", SHIPMENT)));
    }

    private static List<String> sorted(List<String> actual, List<String> order) {
        return actual.stream().sorted((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b))).distinct().toList();
    }

    @Test
    @DisplayName("names fields the way the rest of the API does")
    void fieldNames() {
        assertEquals("items[0].quantity", SchemaErrors.field("/items/0/quantity"));
        assertEquals("[3].lat", SchemaErrors.field("/3/lat"));
        assertEquals("a/b", SchemaErrors.field("/a~1b"));
        assertEquals("", SchemaErrors.field(""));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"placeOrder", "changeOrderStatus", "setStock", "createShipment",
        "recordLocation", "recordCheckpoint", "recordLocations", "issueStreamToken", "createWebhook", "createTenant",
        "setRateLimit"})
    @DisplayName("refuses a JSON body of the wrong type at the top level, for")
    void wrongTopLevelTypes(String operationId) {
        for (Object wrong : java.util.Arrays.asList(42, 1.5, "text", true, false)) {
            assertTrue(!contract.bodyViolations(operationId, wrong).isEmpty(), operationId + " took " + wrong);
        }
        Object arrayOrObject = "recordLocations".equals(operationId) ? new JsonObject() : new JsonArray();
        assertTrue(!contract.bodyViolations(operationId, arrayOrObject).isEmpty(), operationId + " took " + arrayOrObject);
        if ("recordLocations".equals(operationId)) {
            for (Object item : java.util.Arrays.asList(42, "x", true, new JsonArray(), new JsonArray().add(new JsonArray()))) {
                assertTrue(!contract.bodyViolations(operationId, new JsonArray().add(item)).isEmpty(), "batch took " + item);
            }
        }
    }

    @Test
    @DisplayName("refuses an empty or malformed e-mail address, naming it, and takes a real one")
    void emails() {
        for (String bad : List.of("", "a", "@", "a@", "not an address")) {
            JsonObject order = new JsonObject("{\"customer\": {\"name\": \"Ada\", \"email\": " + io.vertx.core.json.Json.encode(bad)
                + "}, \"items\": [{\"sku\": \"B\", \"quantity\": 1}], \"destination\": {\"lat\": 1, \"lon\": 2}}");
            assertEquals(Set.of("customer.email"), new TreeSet<>(fields("placeOrder", order)), bad);
        }
        JsonObject good = new JsonObject("{\"customer\": {\"name\": \"Ada\", \"email\": \"ada@example.com\"}, "
            + "\"items\": [{\"sku\": \"B\", \"quantity\": 1}], \"destination\": {\"lat\": 1, \"lon\": 2}}");
        assertEquals(List.of(), fields("placeOrder", good));
    }

    @Test
    @DisplayName("checks webhook URLs up to the longest allowed, and one beyond, without failing itself")
    void longUrls() {
        for (int length : List.of(200, 1_000, 2_048)) {
            String url = "https://example.com/" + "a".repeat(length - 20);
            JsonObject hook = new JsonObject().put("url", url).put("events", new JsonArray().add("order.placed"));
            assertEquals(List.of(), fields("createWebhook", hook), "length " + length);
        }
        JsonObject tooLong = new JsonObject().put("url", "https://example.com/" + "a".repeat(2_100))
            .put("events", new JsonArray().add("order.placed"));
        assertEquals(List.of("url"), fields("createWebhook", tooLong));
        assertEquals(List.of("url"), fields("createWebhook", new JsonObject().put("url", "not a uri")
            .put("events", new JsonArray().add("order.placed"))));
    }
}
