package verticles.domain.inventory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    @DisplayName("read a stock level from a checked body, whatever number type JSON decoding chose")
    void levels() {
        assertEquals(0, Stock.readLevel(Map.of("available", 0)));
        assertEquals(1_000_000_000, Stock.readLevel(Map.of("available", 1_000_000_000L)));
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
