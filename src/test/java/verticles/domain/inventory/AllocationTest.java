package verticles.domain.inventory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.inventory.Allocation.Decision;
import verticles.domain.inventory.Allocation.Request;
import verticles.domain.inventory.Allocation.StockKey;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Allocating stock to a run of orders")
class AllocationTest {

    @Test
    @DisplayName("serves orders in turn, all or nothing, and never takes more than there is")
    void firstComeAllOrNothing() {
        Allocation allocation = new Allocation(Map.of(new StockKey("t", "A"), 5, new StockKey("t", "B"), 1));
        List<Decision> decisions = allocation.decide(List.of(
            request("o1", "t", Map.of("A", 3, "B", 1)),
            request("o2", "t", Map.of("A", 1, "B", 1)),   // B is gone: takes nothing, not even A
            request("o3", "t", Map.of("A", 2)),
            request("o4", "t", Map.of("A", 1))));
        assertEquals(List.of(true, false, true, false), decisions.stream().map(Decision::reserved).toList());
        assertTrue(decisions.get(1).reason().contains("B (0 available, 1 wanted)"), decisions.get(1).reason());
        assertEquals(Map.of(new StockKey("t", "A"), 5, new StockKey("t", "B"), 1), allocation.taken());
    }

    @Test
    @DisplayName("keeps tenants' stock apart and treats an unknown SKU as none in stock")
    void tenantsAndUnknownSkus() {
        Allocation allocation = new Allocation(Map.of(new StockKey("t1", "A"), 1));
        List<Decision> decisions = allocation.decide(List.of(request("o1", "t2", Map.of("A", 1)),
            request("o2", "t1", Map.of("Z", 1)), request("o3", "t1", Map.of("A", 1))));
        assertFalse(decisions.get(0).reserved());
        assertFalse(decisions.get(1).reserved());
        assertTrue(decisions.get(2).reserved());
    }

    private static Request request(String orderId, String tenantId, Map<String, Integer> demand) {
        return new Request(orderId, tenantId, new TreeMap<>(demand));
    }
}
