package verticles.domain.order;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the domain reads from an order the contract accepted; the contract's own rules are in RequestContractTest. */
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
        NewOrder order = NewOrder.read(valid());
        assertEquals("Ada", order.customer().name());
        assertEquals(List.of(new NewOrder.Item("BOOK-1", 1)), order.items());
        assertEquals(52.52, order.destination().lat());
    }
}
