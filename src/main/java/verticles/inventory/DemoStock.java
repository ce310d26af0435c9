package verticles.inventory;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.Map;

/** Stock for the development-only demo tenants; set once, never reset, so a restart keeps what was sold. */
public final class DemoStock {

    /** What each demo tenant starts with; LAMP-1 runs out quickly, to show a rejected order. */
    public static final Map<String, Integer> LEVELS = Map.of("BOOK-1", 1_000_000, "MUG-1", 100_000, "POSTER-1", 50_000,
        "LAMP-1", 5);

    private DemoStock() {
    }

    public static Future<Void> seed(SqlClient db, List<String> tenantIds) {
        return InventoryStore.seed(db, tenantIds, LEVELS);
    }
}
