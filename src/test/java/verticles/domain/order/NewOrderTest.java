package verticles.domain.order;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import verticles.domain.ValidationException;
import verticles.domain.Violation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A new order request")
class NewOrderTest {

    private static Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("customer", new HashMap<>(Map.of("name", "Ada")));
        body.put("items", new ArrayList<>(List.of(new HashMap<>(Map.of("sku", "BOOK-1", "quantity", 1)))));
        body.put("destination", new HashMap<>(Map.of("lat", 52.52, "lon", 13.405)));
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(Map<String, Object> body) {
        return ((List<Map<String, Object>>) body.get("items")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> body, String key) {
        return (Map<String, Object>) body.get(key);
    }

    @Test
    @DisplayName("is accepted with customer, items and destination")
    void acceptsAValidOrder() {
        NewOrder order = NewOrder.parse(valid());
        assertEquals("Ada", order.customer().name());
        assertEquals(List.of(new NewOrder.Item("BOOK-1", 1)), order.items());
        assertEquals(52.52, order.destination().lat());
    }

    static Stream<Arguments> brokenRequests() {
        return Stream.of(
            broken("customer is missing", "customer", b -> b.remove("customer")),
            broken("customer is not an object", "customer", b -> b.put("customer", "Ada")),
            broken("customer name is blank", "customer.name", b -> nested(b, "customer").put("name", "  ")),
            broken("customer name is a number", "customer.name", b -> nested(b, "customer").put("name", 7)),
            broken("customer name is too long", "customer.name",
                b -> nested(b, "customer").put("name", "x".repeat(NewOrder.MAX_TEXT + 1))),
            broken("items are missing", "items", b -> b.remove("items")),
            broken("items are empty", "items", b -> b.put("items", new ArrayList<>())),
            broken("items are not an array", "items", b -> b.put("items", "BOOK-1")),
            broken("too many items", "items", b -> b.put("items",
                new ArrayList<>(Collections.nCopies(NewOrder.MAX_ITEMS + 1, Map.of("sku", "A", "quantity", 1))))),
            broken("an item is not an object", "items[0]", b -> b.put("items", new ArrayList<>(List.of(3)))),
            broken("sku is missing", "items[0].sku", b -> item(b).remove("sku")),
            broken("quantity is zero", "items[0].quantity", b -> item(b).put("quantity", 0)),
            broken("quantity is negative", "items[0].quantity", b -> item(b).put("quantity", -2)),
            broken("quantity is a fraction", "items[0].quantity", b -> item(b).put("quantity", 1.5)),
            broken("quantity is a string", "items[0].quantity", b -> item(b).put("quantity", "1")),
            broken("quantity is huge", "items[0].quantity",
                b -> item(b).put("quantity", new BigInteger("99999999999999999999"))),
            broken("quantity is missing", "items[0].quantity", b -> item(b).remove("quantity")),
            broken("destination is missing", "destination", b -> b.remove("destination")),
            broken("latitude is above 90", "destination.lat", b -> nested(b, "destination").put("lat", 90.5)),
            broken("longitude is below -180", "destination.lon", b -> nested(b, "destination").put("lon", -180.1)),
            broken("latitude is NaN", "destination.lat", b -> nested(b, "destination").put("lat", Double.NaN)),
            broken("longitude is infinite", "destination.lon",
                b -> nested(b, "destination").put("lon", Double.POSITIVE_INFINITY)),
            broken("latitude is a string", "destination.lat", b -> nested(b, "destination").put("lat", "52.5")),
            broken("an unknown top-level field is sent", "status", b -> b.put("status", "DELIVERED")),
            broken("an unknown nested field is sent", "items[0].price", b -> item(b).put("price", 10)),
            broken("a tenant is forged", "tenantId", b -> b.put("tenantId", "acme")));
    }

    private static Arguments broken(String what, String field, Consumer<Map<String, Object>> breakIt) {
        return Arguments.of(what, field, breakIt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRequests")
    @DisplayName("is refused, naming the field, when")
    void isRefusedNamingTheField(String what, String field, Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> body = valid();
        breakIt.accept(body);
        ValidationException e = assertThrows(ValidationException.class, () -> NewOrder.parse(body));
        List<String> fields = e.violations().stream().map(Violation::field).toList();
        assertTrue(fields.contains(field), what + ": expected a violation on " + field + " but got " + fields);
    }

    @Test
    @DisplayName("reports every problem at once, not only the first")
    void reportsEveryProblem() {
        Map<String, Object> body = valid();
        nested(body, "customer").remove("name");
        item(body).put("quantity", 0);
        nested(body, "destination").put("lat", 100);
        ValidationException e = assertThrows(ValidationException.class, () -> NewOrder.parse(body));
        assertEquals(List.of("customer.name", "items[0].quantity", "destination.lat"),
            e.violations().stream().map(Violation::field).toList());
    }
}
