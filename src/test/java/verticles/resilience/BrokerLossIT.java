package verticles.resilience;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.shipments.ShipmentTopics;
import verticles.testsupport.Api;
import verticles.testsupport.Database;
import verticles.testsupport.Eventually;
import verticles.testsupport.KafkaBrokerProcesses;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.TestNodes;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three KRaft brokers, each a JVM of its own, topics replicated three times with
 * {@code min.insync.replicas=2}; one broker is killed with SIGKILL while couriers send. A courier
 * sends each fix until it is answered {@code 202} (a 503 or no answer is retried, as a device
 * would), so every fix ends up accepted; every one must then be stored exactly once. A {@code 202}
 * for a record the dead broker took with it would show as a fix missing from the history.
 */
@ExtendWith(RealInfrastructure.class)
@DisplayName("Losing one of three Kafka brokers under acks=all ingest")
class BrokerLossIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLossIT.class);
    private static final int COURIERS = 4;
    private static final int FIXES = Integer.getInteger("broker-loss.fixes", 150);

    @Test
    @DisplayName("every fix answered 202 is stored exactly once, and ingest goes on after the loss")
    void nothingAcceptedIsLost(Infrastructure infra, @TempDir Path dir) throws Exception {
        try (KafkaBrokerProcesses kafka = KafkaBrokerProcesses.start(dir, 3)) {
            Map<String, String> endpoints = new HashMap<>(infra.endpoints());
            endpoints.put("MERIDIAN_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
            // Three partitions (the test profile's), each on all three brokers.
            Map<String, String> overrides = Map.of("MERIDIAN_KAFKA_REPLICATION_FACTOR", "3",
                "MERIDIAN_KAFKA_DELIVERY_TIMEOUT", "10s");
            try (TestNodes.RunningNode node = TestNodes.start(new Infrastructure(endpoints), overrides);
                 Database db = new Database(infra)) {
                Api demo = node.api("demo-key");
                AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
                AtomicInteger acceptedAfterLoss = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                AtomicReference<String> unexpected = new AtomicReference<>();
                List<String> shipments = new ArrayList<>();
                List<Thread> couriers = new ArrayList<>();
                Instant base = Instant.now().minusSeconds(3_600).truncatedTo(ChronoUnit.MILLIS);
                for (int c = 0; c < COURIERS; c++) {
                    String shipmentId = demo.createShipment();
                    shipments.add(shipmentId);
                    int number = c;
                    couriers.add(new Thread(() -> {
                        for (int i = 0; i < FIXES; i++) {
                            while (true) {
                                Api.Response answer = send(demo, shipmentId, 48 + number * 0.1 + i * 0.0001, 11,
                                    base.plusMillis(100L * i));
                                if (answer != null && answer.status() == 202) {
                                    if (System.nanoTime() > killedAt.get()) {
                                        acceptedAfterLoss.incrementAndGet();
                                    }
                                    break;
                                }
                                if (answer != null && answer.status() != 503) {
                                    unexpected.compareAndSet(null, answer.toString());
                                }
                                refused.incrementAndGet();
                                sleep(200);
                            }
                            sleep(40);
                        }
                    }, "courier-" + c));
                }
                couriers.forEach(Thread::start);
                sleep(3_000);
                // The leader of a partition the couriers write to, so its loss is felt, not sidestepped.
                int partition = Utils.toPositive(Utils.murmur2(shipments.get(0).getBytes(StandardCharsets.UTF_8))) % 3;
                int victim = kafka.leaderOf(ShipmentTopics.SHIPMENTS, partition);
                kafka.kill(victim);
                killedAt.set(System.nanoTime());
                LOG.info("broker {}, leader of {}-{}, killed with SIGKILL", victim, ShipmentTopics.SHIPMENTS, partition);
                for (Thread courier : couriers) {
                    courier.join(Duration.ofMinutes(4).toMillis());
                    assertTrue(!courier.isAlive(), "the couriers finished");
                }

                long expected = (long) COURIERS * FIXES;
                long stored = Eventually.await(Duration.ofSeconds(90), () -> db.history("count(*)", shipments),
                    n -> n >= expected);
                long distinct = db.history("count(DISTINCT (shipment_id, recorded_at))", shipments);
                LOG.info("broker loss: {} fixes accepted, {} after the loss, {} refusals retried, {} stored, {} distinct",
                    expected, acceptedAfterLoss.get(), refused.get(), stored, distinct);
                assertEquals(null, unexpected.get(), "no answer but 202 and 503");
                assertEquals(expected, distinct, "every accepted fix is stored");
                assertEquals(distinct, stored, "none twice");
                assertTrue(acceptedAfterLoss.get() > 0, "ingest went on with two brokers");
            }
        }
    }

    /** The answer, or null when none came (the request is then retried, as a device would). */
    private static Api.Response send(Api api, String shipmentId, double lat, double lon, Instant at) {
        try {
            return api.postFix(shipmentId, lat, lon, at);
        } catch (IllegalStateException noAnswer) {
            return null;
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
