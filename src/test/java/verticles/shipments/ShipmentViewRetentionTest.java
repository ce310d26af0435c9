package verticles.shipments;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

@DisplayName("A shipment shown to a tenant with a shorter history")
class ShipmentViewRetentionTest {

    private static final Instant KEPT_SINCE = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    @DisplayName("loses a position or checkpoint dated before what the tenant keeps, and nothing else")
    void dropsOnlyWhatIsOlder() {
        String both = view("2026-12-05T11:59:59.999999Z", "2026-12-05T11:00:00Z");
        JsonObject stripped = new JsonObject(ShipmentView.withoutOlderThan(both, KEPT_SINCE));
        assertNull(stripped.getJsonObject("position"));
        assertNull(stripped.getJsonObject("lastCheckpoint"));
        assertEquals("shp_a", stripped.getString("id"));

        JsonObject mixed = new JsonObject(ShipmentView.withoutOlderThan(
            view("2026-12-05T12:00:00Z", "2026-12-05T11:00:00Z"), KEPT_SINCE));
        assertNotNull(mixed.getJsonObject("position"), "exactly at the edge is kept");
        assertNull(mixed.getJsonObject("lastCheckpoint"));
    }

    @Test
    @DisplayName("passes a shipment with nothing older through untouched, without re-encoding it")
    void untouchedWhenNothingIsOlder() {
        String recent = view("2026-12-05T12:30:00Z", "2026-12-05T12:10:00Z");
        assertSame(recent, ShipmentView.withoutOlderThan(recent, KEPT_SINCE));
        String empty = new JsonObject().put("id", "shp_a").putNull("position").putNull("lastCheckpoint").encode();
        assertSame(empty, ShipmentView.withoutOlderThan(empty, KEPT_SINCE));
    }

    private static String view(String recordedAt, String scannedAt) {
        return new JsonObject().put("id", "shp_a")
            .put("position", new JsonObject().put("lat", 52.5).put("lon", 13.4).put("recordedAt", recordedAt))
            .put("lastCheckpoint", new JsonObject().put("type", "ARRIVED").put("at", scannedAt))
            .encode();
    }
}
