package verticles.domain.inventory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.ValidationException;

import java.util.AbstractMap.SimpleEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Stock rules")
class StockTest {

    @Test
    @DisplayName("add up an order's lines per SKU and list SKUs in one fixed order (the lock order)")
    void demandAddsUpAndSorts() {
        Map<String, Integer> demand = Stock.demand(List.of(new SimpleEntry<>("MUG-1", 2), new SimpleEntry<>("BOOK-1", 1),
            new SimpleEntry<>("MUG-1", 3)));
        assertEquals(List.of("BOOK-1", "MUG-1"), List.copyOf(demand.keySet()));
        assertEquals(5, demand.get("MUG-1"));
        assertEquals(1, demand.get("BOOK-1"));
    }

    @Test
    @DisplayName("accept a stock level of 0 to a billion units and refuse anything else, naming the field")
    void levels() {
        assertEquals(0, Stock.parseLevel(Map.of("available", 0)));
        assertEquals(Stock.MAX_AVAILABLE, Stock.parseLevel(Map.of("available", Stock.MAX_AVAILABLE)));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("available", null);
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("available", -1), Map.<String, Object>of("available", 2.5),
            Map.<String, Object>of("available", "3"), Map.<String, Object>of("available", 1, "sku", "X"), withNull,
            Map.<String, Object>of("available", Stock.MAX_AVAILABLE + 1L))) {
            ValidationException e = assertThrows(ValidationException.class, () -> Stock.parseLevel(bad), bad.toString());
            assertFalse(e.violations().isEmpty());
        }
    }

    @Test
    @DisplayName("take plain SKUs in paths and refuse blanks, spaces, slashes and overlong ones")
    void skus() {
        assertTrue(Stock.isSku("BOOK-1"));
        assertTrue(Stock.isSku("a.b_c-9"));
        for (String bad : new String[] {null, "", "a b", "../etc", "x".repeat(65), "sku;drop"}) {
            assertFalse(Stock.isSku(bad), String.valueOf(bad));
        }
    }
}
