package verticles.orders;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.outbox.OutboxRelayVerticle;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.LogCapture;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TopicReader;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A relay that published an outbox row and died before marking it sent. The node runs without a
 * relay; the test plays the dying relay (it publishes the row's record itself and leaves the row
 * unsent), then starts a real relay, which publishes the row again. Nothing may be lost and the
 * duplicate must be harmless: the stock is taken once, the order confirmed once, the customer
 * notified once.
 */
@DisplayName("The outbox, when a relay dies between Kafka's acknowledgement and marking the row")
class OutboxCrashIT extends OneNodeIT {

    private final LogCapture notifications = LogCapture.of("meridian.notifications");

    @Override
    protected Map<String, String> nodeOverrides() {
        Map<String, String> overrides = new java.util.HashMap<>(WITH_SAGA);
        overrides.put("MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES", "0");
        return overrides;
    }

    @AfterAll
    void stopListening() {
        notifications.close();
    }

    @Test
    @DisplayName("loses nothing, and the duplicate it sends changes nothing")
    void losesNothingAndDuplicatesAreHarmless() throws Exception {
        assertEquals(200, demo.put("/v1/inventory/CRASH-1", "{\"available\": 10}").status());
        Api.Response placed = demo.createOrder("CRASH-1", 3);
        assertEquals(201, placed.status());
        String orderId = placed.json().getString("id");

        // The dying relay: the record reaches Kafka, the row stays unsent.
        publishUnsentRowsOf(orderId);
        // Only the order's own row: the saga may already have appended its answer on meridian.inventory.
        assertEquals(1, db.count("SELECT count(*) FROM outbox WHERE record_key = $1 AND sent_at IS NULL "
            + "AND topic = 'meridian.orders'", orderId));
        Eventually.await(Duration.ofSeconds(20), () -> reservationStatus(orderId), "RESERVED"::equals);

        // A relay starts (on this node, as after a restart) and publishes the row again.
        node.node().vertx().deployVerticle(new OutboxRelayVerticle(),
            new DeploymentOptions().setConfig(node.node().config().toJson())).await(20, TimeUnit.SECONDS);

        JsonObject confirmed = Eventually.await(Duration.ofSeconds(30), () -> demo.get("/v1/orders/" + orderId).json(),
            o -> "CONFIRMED".equals(o.getString("status")));
        Eventually.await(Duration.ofSeconds(20), () -> unsent(orderId), n -> n == 0);

        List<ConsumerRecord<String, String>> records = TopicReader.recordsKeyed(infra.kafkaBootstrap(), OrderTopics.ORDERS, orderId);
        long placedCopies = records.stream().filter(r -> new JsonObject(r.value()).getString("id").equals(orderId + ".v1")).count();
        assertEquals(2, placedCopies, "the placed event went out twice: once before the crash, once after");
        assertEquals(7, demo.get("/v1/inventory/CRASH-1").json().getInteger("available"), "stock taken once");
        assertEquals(2, confirmed.getJsonArray("history").size(), "PLACED, then CONFIRMED once");
        Thread.sleep(500);
        assertEquals(1, notifications.events().stream()
            .filter(e -> e.getFormattedMessage().startsWith("order " + orderId + " is now PLACED")).count(),
            "the customer heard of the order once");
    }

    private void publishUnsentRowsOf(String orderId) throws Exception {
        List<String[]> rows = db.rows("SELECT topic, record_key, payload::text FROM outbox WHERE record_key = $1 "
            + "AND sent_at IS NULL ORDER BY id", orderId);
        assertEquals(1, rows.size());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", infra.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            for (String[] row : rows) {
                producer.send(new ProducerRecord<>(row[0], row[1], row[2])).get();
            }
        }
    }

    private String reservationStatus(String orderId) {
        try {
            List<String[]> rows = db.rows("SELECT status FROM reservations WHERE order_id = $1", orderId);
            return rows.isEmpty() ? "none" : rows.get(0)[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long unsent(String orderId) {
        try {
            return db.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND record_key = $1", orderId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
