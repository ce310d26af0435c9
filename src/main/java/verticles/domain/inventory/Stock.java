package verticles.domain.inventory;


import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The rules of stock: what a SKU looks like, what a stock level may be, and what an order asks for. */
public final class Stock {

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Stock() {
    }

    /** SKUs in paths are plain tokens: letters, digits, dot, dash and underscore. */
    public static boolean isSku(String sku) {
        return sku != null && SKU.matcher(sku).matches();
    }

    /** Reads {@code {"available": n}}, a body the contract has checked (a whole number, 0 to a billion). */
    public static int readLevel(Map<String, Object> body) {
        return ((Number) body.get("available")).intValue();
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
