package verticles.shipments;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tracking consumer runs here as a separate process (the production jar, tracking only), so
 * it can be killed the hard way while updates stream in. Everything else runs in this JVM.
 */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The tracking consumer, killed and replayed")
class TrackingRecoveryIT {

    private static final Map<String, String> TRACKING_ONLY = Map.of(
        "MERIDIAN_VERTICLES_API_INSTANCES", "0", "MERIDIAN_VERTICLES_ORDERS_INSTANCES", "0",
        "MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES", "0", "MERIDIAN_VERTICLES_NOTIFY_INSTANCES", "0",
        "MERIDIAN_VERTICLES_SHIPMENTS_INSTANCES", "0", "MERIDIAN_VERTICLES_TRACKING_INSTANCES", "1");
    private static final int SHIPMENTS = 10;
    private static final int FIXES_EACH = 200;

    private Infrastructure infra;
    private TestNodes.RunningNode edge;
    private Api demo;
    private Database db;
    private final List<String> shipments = new ArrayList<>();
    private Instant start;

    @BeforeAll
    void startEdgeAndShipments(Infrastructure infra) throws Exception {
        this.infra = infra;
        edge = TestNodes.start(infra, Map.of("MERIDIAN_VERTICLES_TRACKING_INSTANCES", "0"));
        demo = edge.api("demo-key");
        db = new Database(infra);
        for (int i = 0; i < SHIPMENTS; i++) {
            shipments.add(demo.createShipment());
        }
        start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
        edge.close();
    }

    /** Batch {@code round} of the stream: one fix per shipment, {@code round} seconds after the start. */
    private void sendRound(int round) {
        List<String> items = new ArrayList<>();
        for (int s = 0; s < SHIPMENTS; s++) {
            items.add(Api.batchItem(shipments.get(s), s + round * 0.001, s, start.plusSeconds(round)));
        }
        Api.Response accepted = demo.post("/v1/locations", "[" + String.join(",", items) + "]");
        assertEquals(202, accepted.status(), accepted.toString());
    }

    private long storedFixes() {
        try {
            return db.count("SELECT count(*) FROM location_history WHERE shipment_id = ANY($1)",
                (Object) shipments.toArray(new String[0]));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertEveryShipmentAtItsNewestFix() {
        Instant newest = start.plusSeconds(FIXES_EACH - 1);
        for (String id : shipments) {
            JsonObject view = demo.get("/v1/shipments/" + id).json();
            assertEquals(newest.toString(), view.getJsonObject("position").getString("recordedAt"), id);
        }
    }

    @Test
    @DisplayName("loses nothing and stores nothing twice when killed mid-stream and restarted, or replayed from the start")
    void killedAndReplayed() throws Exception {
        JarProcess tracking = JarProcess.start(infra, TRACKING_ONLY);
        tracking.awaitReady(Duration.ofSeconds(90));
        int round = 0;
        for (; round < FIXES_EACH / 2; round++) {
            sendRound(round);
        }
        Eventually.await(Duration.ofSeconds(60), this::storedFixes, n -> n > 0);
        tracking.kill(); // SIGKILL while it works through the stream: nothing drained, nothing committed on exit
        for (; round < FIXES_EACH; round++) {
            sendRound(round);
        }

        tracking = JarProcess.start(infra, TRACKING_ONLY);
        try {
            long expected = (long) SHIPMENTS * FIXES_EACH;
            Eventually.await(Duration.ofSeconds(90), this::storedFixes, n -> n >= expected);
            assertEquals(expected, storedFixes(), "every accepted fix stored exactly once");
            Eventually.await(Duration.ofSeconds(30), () -> {
                try {
                    assertEveryShipmentAtItsNewestFix();
                    return true;
                } catch (AssertionError notYet) {
                    return false;
                }
            }, done -> done);
        } finally {
            tracking.kill();
        }

        // Replay the whole topic from the start, as after a lost offset commit or a rebuild.
        rewindTrackingGroup();
        tracking = JarProcess.start(infra, TRACKING_ONLY);
        try {
            tracking.awaitReady(Duration.ofSeconds(90));
            Eventually.await(Duration.ofSeconds(90), this::trackingLag, lag -> lag == 0);
            assertEquals((long) SHIPMENTS * FIXES_EACH, storedFixes(), "a replay stores nothing twice");
            assertEveryShipmentAtItsNewestFix();
        } finally {
            tracking.kill();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()));
    }

    /** Waits for the killed member to leave the group, then moves the group back to offset 0. */
    private void rewindTrackingGroup() throws Exception {
        try (Admin admin = admin()) {
            Eventually.await(Duration.ofSeconds(40), () -> groupState(admin), s -> s == ConsumerGroupState.EMPTY);
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            admin.describeTopics(List.of(ShipmentTopics.SHIPMENTS)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(ShipmentTopics.SHIPMENTS).partitions()
                .forEach(p -> zero.put(new TopicPartition(ShipmentTopics.SHIPMENTS, p.partition()), new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets("meridian-tracking", zero).all().get(10, TimeUnit.SECONDS);
        }
    }

    private ConsumerGroupState groupState(Admin admin) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("meridian-tracking"))
                .describedGroups().get("meridian-tracking").get(10, TimeUnit.SECONDS);
            return group.state();
        } catch (Exception e) {
            return ConsumerGroupState.UNKNOWN;
        }
    }

    /** Records on the shipments topic the tracking group has not committed yet. */
    private long trackingLag() {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("meridian-tracking")
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return committed.isEmpty() ? Long.MAX_VALUE : lag;
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }
}
