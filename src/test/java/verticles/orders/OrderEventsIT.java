package verticles.orders;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.Topics;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Order events on Kafka")
class OrderEventsIT extends OneNodeIT {


    @Test
    @DisplayName("carry order.placed then order.status-changed as CloudEvents keyed by the order id, in order")
    void publishesCloudEventsInOrder() {
        Api demo = node.api("demo-key");
        String id = demo.createOrder().json().getString("id");
        assertEquals(200, demo.put("/v1/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}").status());

        List<ConsumerRecord<String, String>> records = Eventually.await(Duration.ofSeconds(20),
            () -> recordsKeyed(id), r -> r.size() >= 2);
        assertEquals(2, records.size(), "each change published once: " + records);
        assertEquals(records.get(0).partition(), records.get(1).partition(), "one order, one partition");

        JsonObject placed = new JsonObject(records.get(0).value());
        assertEquals("1.0", placed.getString("specversion"));
        assertEquals("order.placed", placed.getString("type"));
        assertEquals(id, placed.getString("subject"));
        assertEquals("demo", placed.getString("tenantid"));
        assertEquals(id + ".v1", placed.getString("id"));
        assertEquals("PLACED", placed.getJsonObject("data").getString("status"));
        assertEquals("BOOK-1", placed.getJsonObject("data").getJsonArray("items").getJsonObject(0).getString("sku"));

        JsonObject changed = new JsonObject(records.get(1).value());
        assertEquals("order.status-changed", changed.getString("type"));
        assertEquals(id + ".v2", changed.getString("id"));
        assertEquals("PLACED", changed.getJsonObject("data").getString("from"));
        assertEquals("CONFIRMED", changed.getJsonObject("data").getString("status"));
        assertEquals(2, changed.getJsonObject("data").getInteger("version"));
        assertEquals("api", changed.getJsonObject("data").getString("cause"));
    }

    @Test
    @DisplayName("leave no outbox row unsent once published")
    void marksOutboxRowsSent() throws Exception {
        String id = node.api("demo-key").createOrder().json().getString("id");
        Eventually.await(Duration.ofSeconds(20), () -> unsent(id), n -> n == 0);
        assertEquals(1, db.count("SELECT count(*) FROM outbox WHERE record_key = $1 AND sent_at IS NOT NULL", id));
    }

    private long unsent(String id) {
        try {
            return db.count("SELECT count(*) FROM outbox WHERE record_key = $1 AND sent_at IS NULL", id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the whole topic with a plain Kafka consumer and keeps one order's records. */
    private List<ConsumerRecord<String, String>> recordsKeyed(String orderId) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", infra.kafkaBootstrap(),
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDERS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (orderId.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
            return found;
        }
    }
}
