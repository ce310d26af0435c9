package verticles.platform.maintenance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.Metrics;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The maintenance on a running node: the admin route runs it and says what it did, it purges each
 * store's old rows and only those, one node runs it at a time, and its metrics are exported.
 */
@DisplayName("The maintenance")
class MaintenanceIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    @DisplayName("partitions the history and purges each store's old rows, and only those")
    void purgesOldRowsOfEveryStore() throws Exception {
        Api admin = node.api("admin-key");
        // An order that ended 400 days ago (past orders.history-retention, 365d) and one that ended now.
        String ancient = endedOrder(Duration.ofDays(400));
        String recent = endedOrder(Duration.ZERO);
        // Dead letters 40 days old and new (dead-letters.retention, 30d).
        long oldLetter = deadLetter(Duration.ofDays(40));
        long newLetter = deadLetter(Duration.ZERO);
        // Deliveries: finished 40 days ago, finished now, and pending since 40 days ago (never purged).
        String webhookId = demo.post("/v1/webhooks", new JsonObject().put("url", "http://127.0.0.1:9/unused")
            .put("events", new JsonArray().add("order.placed")).encode()).json().getString("id");
        long oldDelivery = delivery(webhookId, "DELIVERED", Duration.ofDays(40));
        long newDelivery = delivery(webhookId, "DEAD", Duration.ZERO);
        long pending = delivery(webhookId, "PENDING", Duration.ofDays(40));

        // The node's own first run may still hold it: until then the answer is 409.
        Api.Response ran = Eventually.await(DEADLINE, () -> admin.post("/v1/admin/maintenance", ""), r -> r.status() != 409);
        assertEquals(200, ran.status(), ran.toString());
        Map<String, JsonObject> tables = ran.json().getJsonArray("tables").stream().map(t -> (JsonObject) t)
            .collect(Collectors.toMap(t -> t.getString("table"), t -> t));
        assertTrue(tables.keySet().containsAll(List.of("location_history", "checkpoints", "order_history",
            "webhook_deliveries", "dead_letters")), ran.body());
        // 90 days of daily partitions and the days ahead.
        assertTrue(tables.get("location_history").getInteger("partitions") >= 93, ran.body());

        assertEquals(List.of("2"), column("SELECT version FROM order_history WHERE order_id = $1", ancient),
            "an order long ended keeps only how it ended");
        assertEquals(List.of("1", "2"), column("SELECT version FROM order_history WHERE order_id = $1 ORDER BY version", recent));
        assertEquals(0, db.count("SELECT count(*) FROM dead_letters WHERE id = $1", oldLetter));
        assertEquals(1, db.count("SELECT count(*) FROM dead_letters WHERE id = $1", newLetter));
        assertEquals(0, db.count("SELECT count(*) FROM webhook_deliveries WHERE id = $1", oldDelivery));
        assertEquals(1, db.count("SELECT count(*) FROM webhook_deliveries WHERE id = $1", newDelivery));
        assertEquals(1, db.count("SELECT count(*) FROM webhook_deliveries WHERE id = $1", pending), "pending is never purged");
        demo.send("DELETE", "/v1/webhooks/" + webhookId, null, null);

        assertTrue(Metrics.value(admin, "meridian_history_partitions", "table=\"location_history\"") >= 93);
        assertTrue(Metrics.series(admin, "meridian_history_oldest_age_seconds").size() >= 2);
        assertTrue(Metrics.value(admin, "meridian_maintenance_purged_total", "table=\"dead_letters\"") >= 1);
        assertEquals(1, Metrics.series(admin, "meridian_maintenance_last_run_seconds").size());

        // Run again: nothing more to purge.
        JsonObject again = admin.post("/v1/admin/maintenance", "").json();
        assertTrue(again.getJsonArray("tables").stream().map(t -> (JsonObject) t)
            .allMatch(t -> t.getLong("purged", 0L) == 0 && t.getLong("strays", 0L) == 0), again.encode());
    }

    @Test
    @DisplayName("runs on one node at a time: while another holds it, the route answers 409")
    void oneNodeAtATime() throws Exception {
        Api admin = node.api("admin-key");
        Eventually.await(DEADLINE, () -> admin.post("/v1/admin/maintenance", "").status(), s -> s == 200);
        try (AutoCloseable elsewhere = db.holdAdvisoryLock(MaintenanceVerticle.LOCK_ID)) {
            Api.Response busy = admin.post("/v1/admin/maintenance", "");
            assertEquals(409, busy.status(), busy.toString());
            assertTrue(busy.isProblem());
        }
        assertEquals(200, admin.post("/v1/admin/maintenance", "").status());
        assertEquals(401, demo.post("/v1/admin/maintenance", "").status());
    }

    /** An order placed through the API, then ended (REJECTED at version 2) {@code ago}. */
    private String endedOrder(Duration ago) throws Exception {
        String id = demo.createOrder().json().getString("id");
        Instant at = Instant.now().minus(ago);
        db.update("INSERT INTO order_history (order_id, version, status, cause, at) VALUES ($1, 2, 'REJECTED', 'test', $2)",
            id, at.atOffset(java.time.ZoneOffset.UTC));
        db.update("UPDATE orders SET status = 'REJECTED', version = 2, updated_at = $2 WHERE id = $1", id,
            at.atOffset(java.time.ZoneOffset.UTC));
        return id;
    }

    private long deadLetter(Duration ago) throws Exception {
        return Long.parseLong(db.rows("""
            INSERT INTO dead_letters (consumer, source_topic, source_partition, source_offset, error, created_at)
            VALUES ('test', 'meridian.test', 0, (random() * 1e12)::bigint, 'test', now() - make_interval(secs => $1::int)) RETURNING id""",
            (int) ago.toSeconds()).get(0)[0]);
    }

    private long delivery(String webhookId, String status, Duration ago) throws Exception {
        return Long.parseLong(db.rows("""
            INSERT INTO webhook_deliveries (webhook_id, tenant_id, event_id, event_type, payload, status, created_at, finished_at)
            VALUES ($1, 'demo', md5(random()::text), 'order.placed', '{}', $2, now() - make_interval(secs => $3::int),
                    CASE WHEN $2 = 'PENDING' THEN NULL ELSE now() - make_interval(secs => $3::int) END) RETURNING id""",
            webhookId, status, (int) ago.toSeconds()).get(0)[0]);
    }

    private List<String> column(String sql, Object... params) throws Exception {
        return db.rows(sql, params).stream().map(r -> r[0]).toList();
    }
}
