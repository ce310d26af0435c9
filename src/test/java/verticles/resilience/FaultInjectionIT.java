package verticles.resilience;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.dev.EmbeddedKafka;
import verticles.dev.EmbeddedPostgresServer;
import verticles.dev.EmbeddedRedisServer;
import verticles.dev.FreePorts;
import verticles.testsupport.Api;
import verticles.testsupport.Database;
import verticles.testsupport.Eventually;
import verticles.testsupport.JarProcess;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.TestNodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault-injection suite. The same workload runs twice on a two-node cluster (one node in this
 * JVM, one a production-jar process): once without faults, once while Kafka, Redis and PostgreSQL
 * are each stopped and started again in turn and then the jar node is killed with SIGKILL.
 *
 * <p>Each courier sends a fixed sequence of fixes, alternating between the nodes, and does what a
 * well-behaved device does: a fix answered 503 or 429 is sent again after {@code Retry-After},
 * and one that got no answer (its node died) is sent again to the other node. Afterwards every
 * fix of every sequence is in PostgreSQL history exactly once, no answer was a 5xx other than 503,
 * and each shipment's latest position equals that of the fault-free run. The counts (attempts,
 * accepted, refused, unanswered, stored) are logged and written to
 * {@code target/fault-injection-report.txt}.
 *
 * <p>This needs servers it can stop, so it starts its own embedded Kafka, Redis and PostgreSQL
 * on fixed ports instead of the shared ones. {@code ./mvnw verify} runs the short version
 * (one round, 3-second outages). The long run, documented in docs/reliability.md, is
 * {@code ./mvnw verify -Dit.test=FaultInjectionIT -Dfaults.rounds=3 -Dfaults.outage-seconds=10 -Dfaults.fixes=1500}.
 */
@DisplayName("Fault injection: Kafka, Redis and PostgreSQL restarted and a cluster node killed under steady ingest")
class FaultInjectionIT {

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectionIT.class);
    private static final int ROUNDS = Integer.getInteger("faults.rounds", 1);
    private static final int OUTAGE_SECONDS = Integer.getInteger("faults.outage-seconds", 3);
    private static final int COURIERS = Integer.getInteger("faults.couriers", 4);
    private static final int FIXES = Integer.getInteger("faults.fixes", 300);
    private static final int FIXES_PER_SECOND = Integer.getInteger("faults.fixes-per-second", 15);

    @Test
    @DisplayName("every fix is stored exactly once and the latest positions equal those of a fault-free run")
    void nothingAcceptedIsLost(@TempDir Path dir) throws Exception {
        Outcome clean;
        try (Stores stores = Stores.start(dir.resolve("clean"))) {
            clean = run(stores, false);
        }
        Outcome faulted;
        try (Stores stores = Stores.start(dir.resolve("faulted"))) {
            faulted = run(stores, true);
        }
        String report = "fault-free run: " + clean.counts() + "\nfaulted run:    " + faulted.counts()
            + "\nfaults: " + String.join(", ", faulted.faults());
        LOG.info("fault injection\n{}", report);
        Files.writeString(Path.of("target", "fault-injection-report.txt"), report + "\n");

        for (Outcome outcome : List.of(clean, faulted)) {
            assertEquals(0, outcome.failures(), "no 5xx but 503, no 4xx: " + outcome.counts());
            assertEquals((long) COURIERS * FIXES, outcome.accepted(), outcome.counts());
            assertEquals(outcome.accepted(), outcome.stored(), "every fix stored once: " + outcome.counts());
            assertEquals(outcome.stored(), outcome.distinctStored(), "no fix stored twice: " + outcome.counts());
        }
        assertTrue(faulted.refused() + faulted.unanswered() > 0,
            "the faults were felt (otherwise this run proves nothing): " + faulted.counts());
        assertEquals(clean.latestPositions(), faulted.latestPositions(),
            "each shipment ends where the fault-free run's does");
    }

    private Outcome run(Stores stores, boolean inject) throws Exception {
        List<Map<String, String>> cluster = TestNodes.clusterOf(2);
        // A delivery timeout shorter than the Kafka outage, so that outage is answered 503, not waited out.
        Map<String, String> faster = Map.of("MERIDIAN_BREAKERS_RESET_AFTER", "1s",
            "MERIDIAN_KAFKA_DELIVERY_TIMEOUT", "1500ms");
        Map<String, String> local = new HashMap<>(cluster.get(0));
        local.putAll(faster);
        Map<String, String> remote = new HashMap<>(cluster.get(1));
        remote.putAll(faster);
        try (TestNodes.RunningNode a = TestNodes.start(stores.infrastructure(), local);
             JarProcess b = JarProcess.start(stores.infrastructure(), remote)) {
            b.awaitReady(Duration.ofSeconds(90));
            Api apiA = a.api("demo-key");
            Api apiB = new Api("http://127.0.0.1:" + b.httpPort(), "demo-key");
            Counts counts = new Counts();
            List<Courier> couriers = new ArrayList<>();
            for (int c = 0; c < COURIERS; c++) {
                couriers.add(new Courier(c, apiA.createShipment(), apiA, apiB, counts));
            }
            couriers.forEach(Courier::start);
            List<String> faults = inject ? injectFaults(stores, b) : List.of();
            for (Courier courier : couriers) {
                courier.join(Duration.ofMinutes(5));
            }
            try (Database db = new Database(stores.infrastructure())) {
                long expected = (long) COURIERS * FIXES;
                long stored = Eventually.await(Duration.ofSeconds(90), () -> stored(db, couriers, "count(*)"),
                    n -> n >= expected);
                long distinct = stored(db, couriers, "count(DISTINCT (shipment_id, recorded_at))");
                List<String> latest = new ArrayList<>();
                for (Courier courier : couriers) {
                    // Read through the API: after the Redis restart this is the cache refilled from PostgreSQL.
                    JsonObject position = Eventually.await(Duration.ofSeconds(30),
                        () -> apiA.get("/v1/shipments/" + courier.shipmentId).json().getJsonObject("position"),
                        p -> p != null && courier.lastFix().equals(Instant.parse(p.getString("recordedAt"))));
                    latest.add("courier " + courier.number + ": " + position.getDouble("lat") + ","
                        + position.getDouble("lon") + " at +" + Duration.between(courier.base,
                        Instant.parse(position.getString("recordedAt"))).toMillis() + " ms");
                }
                return new Outcome(counts, stored, distinct, latest, faults);
            }
        }
    }

    /** The faults, in turn, while the couriers send: each store stopped for a while and started again, then a node killed. */
    private static List<String> injectFaults(Stores stores, JarProcess nodeB) throws Exception {
        List<String> done = new ArrayList<>();
        Duration outage = Duration.ofSeconds(OUTAGE_SECONDS);
        for (int round = 1; round <= ROUNDS; round++) {
            done.add(outage("Kafka", stores.kafka::close, stores.kafka::start, outage));
            done.add(outage("Redis", stores.redis::close, stores.redis::start, outage) + " (restarted empty)");
            done.add(outage("PostgreSQL", stores.postgres::close, stores.postgres::start, outage));
        }
        sleep(Duration.ofSeconds(2));
        nodeB.kill();
        done.add("the jar node killed with SIGKILL");
        return done;
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Two seconds of calm, then the store stopped for {@code outage} and started again where it was. */
    private static String outage(String store, Step stop, Step start, Duration outage) throws Exception {
        sleep(Duration.ofSeconds(2));
        stop.run();
        sleep(outage);
        start.run();
        return store + " down " + outage.toSeconds() + " s";
    }

    private static long stored(Database db, List<Courier> couriers, String aggregate) {
        long total = 0;
        for (Courier courier : couriers) {
            try {
                total += db.count("SELECT " + aggregate + " FROM location_history WHERE shipment_id = $1",
                    courier.shipmentId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return total;
    }

    /** One device: a fixed sequence of fixes, each sent until a node answers 202. */
    private static final class Courier {
        private final int number;
        private final String shipmentId;
        private final List<Api> nodes;
        private final Counts counts;
        private final Instant base = Instant.now().minusSeconds(3_600).truncatedTo(ChronoUnit.MILLIS);
        private final Thread thread;
        private final AtomicBoolean nodeBAlive = new AtomicBoolean(true);

        Courier(int number, String shipmentId, Api a, Api b, Counts counts) {
            this.number = number;
            this.shipmentId = shipmentId;
            this.nodes = List.of(a, b);
            this.counts = counts;
            this.thread = new Thread(this::sendAll, "courier-" + number);
        }

        void start() {
            thread.start();
        }

        void join(Duration deadline) throws InterruptedException {
            thread.join(deadline.toMillis());
            assertTrue(!thread.isAlive(), "courier " + number + " did not finish its fixes in " + deadline);
        }

        Instant lastFix() {
            return at(FIXES - 1);
        }

        private Instant at(int i) {
            return base.plusMillis(100L * i);
        }

        private void sendAll() {
            long pause = 1000L / FIXES_PER_SECOND;
            for (int i = 0; i < FIXES; i++) {
                int node = nodeBAlive.get() ? (i + number) % 2 : 0;
                while (!send(node, i)) {
                    node = nodeBAlive.get() ? 1 - node : 0;
                }
                sleep(Duration.ofMillis(pause));
            }
        }

        /** True once a node answered 202 for fix {@code i}. */
        private boolean send(int node, int i) {
            counts.attempts.incrementAndGet();
            Api.Response answer;
            try {
                answer = nodes.get(node).postFix(shipmentId, 48.0 + number * 0.1 + i * 0.0001,
                    11.0 + i * 0.0001, at(i));
            } catch (IllegalStateException noAnswer) {
                if (counts.unanswered.incrementAndGet() <= COURIERS || node == 0) {
                    LOG.info("courier {} fix {} to node {}: no answer: {}", number, i, node == 0 ? "A" : "B",
                        noAnswer.getMessage());
                }
                if (node == 1) {
                    nodeBAlive.set(false);
                }
                sleep(Duration.ofMillis(200));
                return false;
            }
            if (answer.status() == 202) {
                counts.accepted.incrementAndGet();
                return true;
            }
            if (answer.status() == 503 || answer.status() == 429) {
                counts.refused.incrementAndGet();
                String retryAfter = answer.header("Retry-After");
                sleep(Duration.ofSeconds(retryAfter == null ? 1 : Long.parseLong(retryAfter)));
                return false;
            }
            counts.failures.incrementAndGet();
            LOG.error("courier {} fix {}: {}", number, i, answer);
            return true;
        }
    }

    private static final class Counts {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
    }

    private record Outcome(Counts counts0, long stored, long distinctStored, List<String> latestPositions,
                           List<String> faults) {
        long accepted() {
            return counts0.accepted.get();
        }

        long refused() {
            return counts0.refused.get();
        }

        long unanswered() {
            return counts0.unanswered.get();
        }

        long failures() {
            return counts0.failures.get();
        }

        String counts() {
            return "sent " + counts0.attempts.get() + " requests for " + (COURIERS * FIXES) + " fixes; accepted "
                + accepted() + ", refused (503/429) " + refused() + ", unanswered " + unanswered()
                + ", other " + failures() + "; stored " + stored + " (" + distinctStored + " distinct)";
        }
    }

    /** Kafka, Redis and PostgreSQL of this test's own, on fixed ports so each can be stopped and started again. */
    private record Stores(EmbeddedKafka kafka, EmbeddedRedisServer redis, EmbeddedPostgresServer postgres)
        implements AutoCloseable {

        static Stores start(Path dir) throws Exception {
            EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka")).start();
            EmbeddedRedisServer redis = new EmbeddedRedisServer().start();
            EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(dir.resolve("pg"), FreePorts.next()).start();
            return new Stores(kafka, redis, postgres);
        }

        Infrastructure infrastructure() {
            return new Infrastructure(Map.of("MERIDIAN_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "MERIDIAN_REDIS_URL", redis.url(), "MERIDIAN_PG_URL", postgres.url()));
        }

        @Override
        public void close() throws Exception {
            kafka.close();
            redis.close();
            postgres.close();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
