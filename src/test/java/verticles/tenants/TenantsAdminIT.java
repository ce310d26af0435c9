package verticles.tenants;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.TestNodes;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tenants and keys through the admin routes, on two clustered nodes sharing one database. */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Tenants and API keys")
class TenantsAdminIT {

    private Infrastructure infra;
    private TestNodes.RunningNode a;
    private TestNodes.RunningNode b;

    @BeforeAll
    void startTwoNodes(Infrastructure infra) throws Exception {
        this.infra = infra;
        java.util.List<Map<String, String>> cluster = TestNodes.clusterOf(2);
        // A long memory of verified keys: revocation must not wait for it to expire.
        cluster.forEach(node -> node.put("MERIDIAN_AUTH_KEY_CACHE_TTL", "10m"));
        Map<String, String> onA = cluster.get(0);
        Map<String, String> onB = cluster.get(1);
        a = TestNodes.start(infra, onA);
        b = TestNodes.start(infra, onB);
    }

    @AfterAll
    void stopNodes() throws Exception {
        b.close();
        a.close();
    }

    private JsonObject newTenant(String name) {
        Api.Response created = a.api("admin-key").post("/v1/admin/tenants", "{\"name\": \"" + name + "\"}");
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    @Test
    @DisplayName("create a tenant whose first key works at once, on its own data only")
    void createTenant() {
        JsonObject tenant = newTenant("Northwind Parcels");
        assertTrue(tenant.getString("id").startsWith("ten_"));
        String key = tenant.getString("apiKey");
        assertTrue(key.startsWith("mk_"), key);
        assertEquals(key.substring(0, 12), tenant.getString("keyPrefix"));

        Api northwind = b.api(key);
        assertEquals(0, northwind.get("/v1/orders").json().getJsonArray("items").size(), "a new tenant has no orders");
        String theirs = northwind.createShipment();
        String demos = a.api("demo-key").createShipment();
        assertEquals(404, northwind.get("/v1/shipments/" + demos).status(), "another tenant's shipment");
        assertEquals(404, a.api("demo-key").get("/v1/shipments/" + theirs).status(), "and the other way round");
        assertEquals(200, northwind.get("/v1/shipments/" + theirs).status());
    }

    @Test
    @DisplayName("list keys by prefix only, issue more, and revoke one so it fails at once on every node")
    void rotateAndRevoke() {
        JsonObject tenant = newTenant("Rotating Co");
        String id = tenant.getString("id");
        String first = tenant.getString("apiKey");
        Api admin = a.api("admin-key");
        Api.Response issued = admin.post("/v1/admin/tenants/" + id + "/keys", "{}");
        assertEquals(201, issued.status(), issued.toString());
        String second = issued.json().getString("apiKey");

        JsonArray keys = admin.get("/v1/admin/tenants/" + id + "/keys").json().getJsonArray("items");
        assertEquals(2, keys.size());
        assertFalse(keys.encode().contains(first) || keys.encode().contains(second), "never a whole key again");
        assertEquals(first.substring(0, 12), keys.getJsonObject(0).getString("prefix"));

        // Node B has verified the first key and remembers it (for ten minutes, in this test).
        assertEquals(200, b.api(first).get("/v1/orders").status());
        Api.Response revoked = admin.send("DELETE", "/v1/admin/tenants/" + id + "/keys/" + first.substring(0, 12),
            null, null);
        assertEquals(200, revoked.status(), revoked.toString());
        assertEquals(1, revoked.json().getInteger("revoked"));
        long start = System.nanoTime();
        Eventually.await(Duration.ofSeconds(5), () -> b.api(first).get("/v1/orders").status(), s -> s == 401);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "at once, not when B's memory expires");
        assertEquals(401, a.api(first).get("/v1/orders").status());
        assertEquals(200, b.api(second).get("/v1/orders").status(), "the other key lives on");

        JsonObject listed = admin.get("/v1/admin/tenants/" + id + "/keys").json().getJsonArray("items").getJsonObject(0);
        assertNotNull(listed.getString("revokedAt"));
        assertNull(admin.get("/v1/admin/tenants/" + id + "/keys").json().getJsonArray("items").getJsonObject(1)
            .getString("revokedAt"));
        assertEquals(404, admin.send("DELETE", "/v1/admin/tenants/" + id + "/keys/" + first.substring(0, 12), null, null)
            .status(), "already revoked");
        assertEquals(404, admin.get("/v1/admin/tenants/ten_nope/keys").status());
    }

    @Test
    @DisplayName("refuse callers without the admin key, and bad tenant requests, changing nothing")
    void refusals() throws Exception {
        assertEquals(401, a.api(null).post("/v1/admin/tenants", "{\"name\": \"X\"}").status());
        assertEquals(401, a.api("demo-key").post("/v1/admin/tenants", "{\"name\": \"X\"}").status(),
            "a tenant's key is not the admin key");
        Api admin = a.api("admin-key");
        assertEquals(400, admin.post("/v1/admin/tenants", "{\"name\": \"  \"}").status());
        Api.Response extra = admin.post("/v1/admin/tenants", "{\"name\": \"X\", \"plan\": \"gold\"}");
        assertEquals(400, extra.status());
        assertEquals("plan", extra.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(400, admin.post("/v1/admin/tenants", "{\"name\": ").status());
        assertEquals(401, a.api("admin-key").get("/v1/orders").status(), "the admin key is not a tenant's key");

        try (TestNodes.RunningNode noAdmin = TestNodes.start(infra, Map.of("MERIDIAN_AUTH_ADMIN_KEY", "",
                "MERIDIAN_VERTICLES_TRACKING_INSTANCES", "0", "MERIDIAN_VERTICLES_ORDER_JOURNAL_INSTANCES", "0"))) {
            assertEquals(404, noAdmin.api("admin-key").post("/v1/admin/tenants", "{\"name\": \"X\"}").status(),
                "no admin key configured: no admin routes");
        }
    }
}
