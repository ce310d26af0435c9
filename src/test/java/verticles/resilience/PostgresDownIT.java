package verticles.resilience;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import verticles.dev.EmbeddedPostgresServer;
import verticles.dev.FreePorts;
import verticles.testsupport.Api;
import verticles.testsupport.Database;
import verticles.testsupport.Eventually;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.TestNodes;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stopped and started again under steady ingest. The node gets a PostgreSQL of its own
 * (the other tests share theirs), on a fixed port so the restarted server is where the pools look.
 * Updates keep being accepted (Kafka has them) while the tracking consumer retries its batch, and
 * afterwards every accepted update is in the history exactly once. Order commands answer 503
 * meanwhile, never 500, and readiness reports the store down while keeping the pod in service.
 */
@ExtendWith(RealInfrastructure.class)
@DisplayName("With PostgreSQL stopped and restarted under ingest")
class PostgresDownIT {

    @Test
    @DisplayName("every accepted update is stored exactly once, and nothing answers 500")
    void nothingAcceptedIsLost(Infrastructure infra, @TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(dir.resolve("pg"), port).start();
        Map<String, String> endpoints = new HashMap<>(infra.endpoints());
        String pgUrl = postgres.url();
        try (var node = TestNodes.start(new Infrastructure(withPg(endpoints, pgUrl)),
                Map.of("MERIDIAN_BREAKERS_RESET_AFTER", "1s"))) {
            Api demo = node.api("demo-key");
            String shipmentId = demo.createShipment();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger fiveHundreds = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            Instant base = Instant.now().minusSeconds(3_600);
            Thread courier = new Thread(() -> {
                int i = 0;
                while (sending.get()) {
                    Api.Response r = demo.postFix(shipmentId, 48.0 + i * 0.0001, 11.0, base.plusMillis(i));
                    if (r.status() == 202) {
                        accepted.incrementAndGet();
                    } else if (r.status() >= 500 && r.status() != 503) {
                        fiveHundreds.incrementAndGet();
                    }
                    i++;
                    sleep(20);
                }
            });
            courier.start();
            sleep(2_000);

            postgres.close();
            int placedDuringOutage = demo.createOrder().status();
            Api.Response ready = demo.get("/health/ready");
            sleep(3_000);
            postgres = new EmbeddedPostgresServer(dir.resolve("pg"), port).start();
            sleep(2_000);
            sending.set(false);
            courier.join();

            assertEquals(503, placedDuringOutage, "an order while PostgreSQL is down is refused, not failed");
            assertEquals(200, ready.status(), "still ready, since every pod shares the store: " + ready);
            assertEquals("DEGRADED", ready.json().getString("status"), ready.toString());
            assertEquals("DOWN", ready.json().getJsonObject("checks").getJsonObject("postgres").getString("status"));
            assertEquals(0, fiveHundreds.get(), "no 5xx other than 503");
            assertTrue(accepted.get() > 100, "accepted " + accepted.get());
            try (Database db = new Database(new Infrastructure(withPg(endpoints, pgUrl)))) {
                long stored = Eventually.await(Duration.ofSeconds(60), () -> count(db,
                    "SELECT count(*) FROM location_history WHERE shipment_id = $1", shipmentId),
                    n -> n >= accepted.get());
                assertEquals(accepted.get(), stored, "every accepted update stored, none twice");
                assertEquals(stored, count(db, "SELECT count(DISTINCT recorded_at) FROM location_history "
                    + "WHERE shipment_id = $1", shipmentId));
            }
            assertEquals(201, demo.createOrder().status(), "orders are taken again once PostgreSQL is back");
        } finally {
            postgres.close();
        }
    }

    private static Map<String, String> withPg(Map<String, String> endpoints, String pgUrl) {
        Map<String, String> copy = new HashMap<>(endpoints);
        copy.put("MERIDIAN_PG_URL", pgUrl);
        return copy;
    }

    private static long count(Database db, String sql, String id) {
        try {
            return db.count(sql, id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
