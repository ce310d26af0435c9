package verticles.domain;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Identifiers")
class IdsTest {

    @Test
    @DisplayName("are prefixed, well formed and unique")
    void prefixedWellFormedUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.newOrderId();
            assertTrue(Ids.isWellFormed(id, "ord"), id);
            assertTrue(seen.add(id), "duplicate " + id);
        }
    }

    @Test
    @DisplayName("sort by creation time")
    void sortByTime() {
        String earlier = "ord_" + Ids.ulid(1_700_000_000_000L);
        String later = "ord_" + Ids.ulid(1_700_000_000_001L);
        assertTrue(earlier.compareTo(later) < 0, earlier + " vs " + later);
    }

    @Test
    @DisplayName("refuse anything that is not one of ours")
    void refuseForeignShapes() {
        assertFalse(Ids.isWellFormed("shp_01m81t94ht5n1swdp370p9hyf9", "ord"));
        assertFalse(Ids.isWellFormed("ord_../../etc/passwd", "ord"));
        assertFalse(Ids.isWellFormed("ord_01M81T94HT5N1SWDP370P9HYF9", "ord"));
        assertFalse(Ids.isWellFormed("ord_01m81t94ht5n1swdp370p9hyf", "ord"));
        assertFalse(Ids.isWellFormed(null, "ord"));
        assertEquals(30, Ids.newOrderId().length());
    }
}
