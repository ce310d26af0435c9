package verticles.orders;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Rebuilding the cache")
class CacheRebuildIT extends OneNodeIT {

    @Test
    @DisplayName("restores every order and shipment into an emptied Redis from PostgreSQL alone")
    void restoresEveryOrder() throws Exception {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            orders.add(demo.createOrder().json().getString("id"));
        }
        node.settleAsTheSaga("demo", orders.get(0), "CONFIRMED");
        String shipmentId = demo.createShipment();
        assertEquals(202, demo.postFix(shipmentId, 45.46, 9.19, Instant.now()).status());
        JsonObject moved = Eventually.await(Duration.ofSeconds(20), () -> demo.get("/v1/shipments/" + shipmentId).json(),
            s -> s.getJsonObject("position") != null);

        Vertx vertx = Vertx.vertx();
        try {
            RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, infra.redisUrl()));
            redis.flushdb(List.of()).await(10, TimeUnit.SECONDS);
            for (String id : orders) {
                assertNull(redis.hget("meridian:order:demo:" + id, "doc").await(5, TimeUnit.SECONDS));
            }

            Api.Response rebuilt = node.api("admin-key").post("/v1/admin/rebuild-cache", "");
            assertEquals(200, rebuilt.status(), rebuilt.toString());
            assertTrue(rebuilt.json().getLong("orders") >= orders.size(), rebuilt.toString());
            assertTrue(rebuilt.json().getLong("shipments") >= 1, rebuilt.toString());

            for (String id : orders) {
                Object doc = redis.hget("meridian:order:demo:" + id, "doc").await(5, TimeUnit.SECONDS);
                assertNotNull(doc, id + " is back in Redis");
                assertEquals(id, new JsonObject(doc.toString()).getString("id"));
            }
            assertEquals("CONFIRMED", new JsonObject(redis.hget("meridian:order:demo:" + orders.get(0), "doc")
                .await(5, TimeUnit.SECONDS).toString()).getString("status"));
            // Everything but the ETA, which is derived as a fix is tracked and comes back with the next one.
            JsonObject before = moved.getJsonObject("position").copy();
            before.remove("eta");
            assertEquals(before, demo.get("/v1/shipments/" + shipmentId).json().getJsonObject("position"));
            assertEquals(401, demo.post("/v1/admin/rebuild-cache", "").status());
        } finally {
            vertx.close();
        }
    }
}
