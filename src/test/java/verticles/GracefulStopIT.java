package verticles;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.testsupport.Api;
import verticles.testsupport.Database;
import verticles.testsupport.Eventually;
import verticles.testsupport.JarProcess;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.TestNodes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(RealInfrastructure.class)
@DisplayName("A node stopped with SIGTERM while updates stream in")
class GracefulStopIT {

    @Test
    @DisplayName("loses no update it accepted: every 202 ends up in history, stored by the node that stays")
    void losesNothingItAccepted(Infrastructure infra) throws Exception {
        try (TestNodes.RunningNode survivor = TestNodes.start(infra); Database db = new Database(infra)) {
            String shipment = survivor.api("demo-key").createShipment();
            JarProcess leaving = JarProcess.start(infra, Map.of());
            leaving.awaitReady(Duration.ofSeconds(90));
            Api api = new Api("http://127.0.0.1:" + leaving.httpPort(), "demo-key");

            Set<Instant> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicLong clock = new AtomicLong(Instant.now().minus(2, ChronoUnit.HOURS).toEpochMilli());
            ExecutorService senders = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                senders.submit(() -> {
                    while (sending.get()) {
                        Instant at = Instant.ofEpochMilli(clock.incrementAndGet());
                        try {
                            Api.Response r = api.postFix(shipment, 52.5, 13.4, at);
                            if (r.status() == 202) {
                                accepted.add(at);
                            } else {
                                refused.incrementAndGet();
                            }
                        } catch (IllegalStateException connectionGone) {
                            refused.incrementAndGet();
                        }
                    }
                });
            }
            Eventually.await(Duration.ofSeconds(30), accepted::size, n -> n >= 300);
            assertTrue(leaving.terminate(Duration.ofSeconds(30)), "stopped within 30 s of SIGTERM");
            sending.set(false);
            senders.shutdown();
            assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS));

            List<Instant> missing = Eventually.await(Duration.ofSeconds(60), () -> missing(db, shipment, accepted),
                List::isEmpty);
            assertEquals(List.of(), missing);
            org.slf4j.LoggerFactory.getLogger(GracefulStopIT.class).info(
                "SIGTERM under load: {} updates accepted (all stored); {} refused or not connected, almost all after the "
                    + "node had gone", accepted.size(), refused.get());
            assertTrue(accepted.size() >= 300, "accepted " + accepted.size() + ", refused " + refused.get());
        }
    }

    /** Accepted device times that history does not hold (yet). */
    private static List<Instant> missing(Database db, String shipment, Set<Instant> accepted) {
        try {
            Set<Instant> stored = new java.util.HashSet<>(
                db.instants("SELECT recorded_at FROM location_history WHERE shipment_id = $1", shipment));
            return accepted.stream().filter(at -> !stored.contains(at)).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
