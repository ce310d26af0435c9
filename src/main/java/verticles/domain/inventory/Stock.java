package verticles.domain.inventory;

import verticles.domain.Rules;
import verticles.domain.order.NewOrder;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The rules of stock: what a SKU looks like, what a stock level may be, and what an order asks for. */
public final class Stock {

    public static final int MAX_AVAILABLE = 1_000_000_000;
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1," + NewOrder.MAX_SKU + "}");

    private Stock() {
    }

    /** SKUs in paths are plain tokens: letters, digits, dot, dash and underscore. */
    public static boolean isSku(String sku) {
        return sku != null && SKU.matcher(sku).matches();
    }

    /** {@code {"available": n}} with n a whole number from 0 to a billion; anything else is named and refused. */
    public static int parseLevel(Map<String, Object> body) {
        Rules rules = new Rules();
        rules.onlyKnown(body, "", Set.of("available"));
        Integer available = rules.wholeNumber(body.get("available"), "available", 0, MAX_AVAILABLE);
        rules.throwIfAny();
        return available;
    }

    /**
     * How many of each SKU an order needs, lines for the same SKU added up, in SKU order. Locking
     * stock rows in one global order is what keeps concurrent reservations free of deadlocks.
     */
    public static SortedMap<String, Integer> demand(Iterable<Map.Entry<String, Integer>> lines) {
        SortedMap<String, Integer> demand = new TreeMap<>();
        for (Map.Entry<String, Integer> line : lines) {
            demand.merge(line.getKey(), line.getValue(), Integer::sum);
        }
        return demand;
    }
}
