package verticles.domain.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Decides a run of orders against the stock, first come first served: an order whose every SKU
 * has enough left takes it all; any other order takes nothing and is told which SKUs fell short.
 * The caller holds the stock rows locked while it decides and writes, so nothing else can
 * change them in between.
 */
public final class Allocation {

    /** A tenant's stock of one SKU. */
    public record StockKey(String tenantId, String sku) {
    }

    /** One order's demand, as {@link Stock#demand} adds it up. */
    public record Request(String orderId, String tenantId, SortedMap<String, Integer> demand) {
    }

    /** The outcome for one order; {@code reason} says what fell short when it is not reserved. */
    public record Decision(Request request, boolean reserved, String reason) {
    }

    private final Map<StockKey, Integer> available;
    private final Map<StockKey, Integer> taken = new HashMap<>();

    /** Starts from the stock as read (SKUs absent from the map have none). */
    public Allocation(Map<StockKey, Integer> available) {
        this.available = new HashMap<>(available);
    }

    public List<Decision> decide(List<Request> requests) {
        List<Decision> decisions = new ArrayList<>(requests.size());
        for (Request request : requests) {
            List<String> shortfalls = new ArrayList<>();
            request.demand().forEach((sku, wanted) -> {
                int have = available.getOrDefault(new StockKey(request.tenantId(), sku), 0);
                if (have < wanted) {
                    shortfalls.add(sku + " (" + have + " available, " + wanted + " wanted)");
                }
            });
            if (shortfalls.isEmpty()) {
                request.demand().forEach((sku, wanted) -> {
                    StockKey key = new StockKey(request.tenantId(), sku);
                    available.merge(key, -wanted, Integer::sum);
                    taken.merge(key, wanted, Integer::sum);
                });
                decisions.add(new Decision(request, true, null));
            } else {
                decisions.add(new Decision(request, false, "not enough stock: " + String.join(", ", shortfalls)));
            }
        }
        return decisions;
    }

    /** How much of each SKU the reserved orders took, in all. */
    public Map<StockKey, Integer> taken() {
        return Map.copyOf(taken);
    }
}
