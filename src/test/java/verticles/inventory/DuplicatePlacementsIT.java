package verticles.inventory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.events.CloudEvent;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TestNodes;
import verticles.orders.OrderTopics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same {@code order.placed} twice in one inventory batch, as a relay that re-sends a round or
 * a lagging consumer delivers it: both copies are on the topic before an inventory consumer
 * starts, so its first poll takes them together. The order must be reserved once.
 */
@DisplayName("Duplicate placements in one batch")
class DuplicatePlacementsIT extends OneNodeIT {

    @Test
    @DisplayName("reserve the order's stock once and announce one answer")
    void reservedOnce() throws Exception {
        String sku = "DUP-" + UUID.randomUUID().toString().substring(0, 8);
        db.update("INSERT INTO inventory (tenant_id, sku, available) VALUES ('demo', $1, 10)", sku);
        String orderId = "ord_dup" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        JsonObject placed = CloudEvent.create(orderId + ".v1", "/meridian/orders", "order.placed", orderId, "demo",
            Instant.now(), new JsonObject().put("id", orderId).put("status", "PLACED").put("version", 1)
                .put("items", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", 4))));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(OrderTopics.ORDERS, orderId, placed.encode())).get();
            producer.send(new ProducerRecord<>(OrderTopics.ORDERS, orderId, placed.encode())).get();
        }
        // This class's node runs no inventory; one that does starts now and finds both copies waiting.
        try (TestNodes.RunningNode inventory = TestNodes.start(infra, Map.of("MERIDIAN_VERTICLES_INVENTORY_INSTANCES", "1",
                "MERIDIAN_VERTICLES_API_INSTANCES", "0"))) {
            Eventually.await(Duration.ofSeconds(30), () -> count("SELECT count(*) FROM reservations WHERE order_id = $1",
                orderId), n -> n == 1);
            Eventually.await(Duration.ofSeconds(30), () -> count("SELECT count(*) FROM outbox WHERE record_key = $1 "
                + "AND topic = 'meridian.inventory'", orderId), n -> n >= 1);
        }
        assertEquals(6, count("SELECT available FROM inventory WHERE tenant_id = 'demo' AND sku = $1", sku),
            "10 in stock, 4 reserved once");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE record_key = $1 AND topic = 'meridian.inventory'", orderId));
        assertEquals(1, count("SELECT count(*) FROM reservations WHERE order_id = $1 AND status = 'RESERVED'", orderId));
    }

    private long count(String sql, Object... params) {
        try {
            return db.count(sql, params);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
