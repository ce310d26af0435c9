package verticles.orders;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TopicReader;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Order events on Kafka")
class OrderEventsIT extends OneNodeIT {


    @Test
    @DisplayName("carry order.placed then order.status-changed as CloudEvents keyed by the order id, in order")
    void publishesCloudEventsInOrder() {
        Api demo = node.api("demo-key");
        String id = demo.createOrder().json().getString("id");
        node.settleAsTheSaga("demo", id, "CONFIRMED");

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
        assertEquals("saga", changed.getJsonObject("data").getString("cause"));
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

    private List<ConsumerRecord<String, String>> recordsKeyed(String orderId) {
        return TopicReader.recordsKeyed(infra.kafkaBootstrap(), OrderTopics.ORDERS, orderId);
    }
}
