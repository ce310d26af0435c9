package verticles.tenants;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tenant's own, shorter history retention, set through the admin route: its older fixes are
 * refused and never shown in its tracks, while the rows stay until their partition goes (so
 * returning to the configured retention shows them again). A tenant of the test's own, so no
 * other class sees the setting.
 */
@DisplayName("A tenant's history retention")
class TenantHistoryRetentionIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    @DisplayName("hides (in tracks and the latest position) and refuses what is older than the tenant keeps, back when reset")
    void hidesAndRefusesOlderFixes() {
        Api admin = node.api("admin-key");
        Api.Response tenant = admin.post("/v1/admin/tenants", "{\"name\": \"Short memory\"}");
        assertEquals(201, tenant.status(), tenant.toString());
        String tenantId = tenant.json().getString("id");
        Api caller = node.api(tenant.json().getString("apiKey"));
        String shipment = caller.createShipment();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(202, caller.postFix(shipment, 52.50, 13.40, now.minus(Duration.ofHours(2))).status());
        assertEquals(202, caller.postFix(shipment, 52.51, 13.41, now.minus(Duration.ofMinutes(10))).status());
        String silent = caller.createShipment();
        assertEquals(202, caller.postFix(silent, 52.50, 13.40, now.minus(Duration.ofHours(2))).status());
        Eventually.await(DEADLINE, () -> points(caller, shipment) + points(caller, silent), n -> n == 3);

        Api.Response set = admin.put("/v1/admin/tenants/" + tenantId + "/history-retention", "{\"retention\": \"1h\"}");
        assertEquals(200, set.status(), set.toString());
        assertEquals("1h", set.json().getString("retention"));
        assertEquals(1, Eventually.await(DEADLINE, () -> points(caller, shipment), n -> n == 1), "only the fix within the hour");
        assertNull(caller.get("/v1/shipments/" + silent).json().getJsonObject("position"),
            "a shipment whose newest fix is older than the tenant keeps shows none");
        assertNotNull(caller.get("/v1/shipments/" + shipment).json().getJsonObject("position"));
        Api.Response old = caller.postFix(shipment, 52.52, 13.42, now.minus(Duration.ofMinutes(61)));
        assertEquals(400, old.status(), old.toString());
        assertTrue(old.body().contains("recordedAt") && old.body().contains("1h"), old.body());
        assertEquals(202, demo.postFix(demo.createShipment(), 52.52, 13.42, now.minus(Duration.ofMinutes(61))).status(),
            "another tenant keeps the configured retention");

        Api.Response reset = admin.put("/v1/admin/tenants/" + tenantId + "/history-retention", "{\"retention\": null}");
        assertEquals(200, reset.status(), reset.toString());
        assertEquals(2, Eventually.await(DEADLINE, () -> points(caller, shipment), n -> n == 2), "the rows were never deleted");
        assertNotNull(caller.get("/v1/shipments/" + silent).json().getJsonObject("position"));

        assertEquals(400, admin.put("/v1/admin/tenants/" + tenantId + "/history-retention", "{\"retention\": \"1w\"}").status());
        assertEquals(404, admin.put("/v1/admin/tenants/ten_nobody/history-retention", "{\"retention\": \"1h\"}").status());
        assertEquals(401, caller.put("/v1/admin/tenants/" + tenantId + "/history-retention", "{\"retention\": \"1h\"}").status());
    }

    private static int points(Api caller, String shipment) {
        Api.Response track = caller.get("/v1/shipments/" + shipment + "/track");
        return track.status() == 200 ? track.json().getJsonObject("properties").getInteger("points") : -1;
    }
}
