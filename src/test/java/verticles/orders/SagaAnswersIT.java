package verticles.orders;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.inventory.InventoryEvents;
import verticles.inventory.InventoryTopics;
import verticles.platform.events.CloudEvent;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TestNodes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The saga moves a whole batch of inventory answers in one transaction. Every kind of answer is
 * on the topic, produced straight to Kafka, before a saga starts, so its first poll takes them
 * together: a redelivered answer, two contradicting answers for one order, an answer naming
 * another tenant, one for an order that does not exist, one for an order already ended. Each
 * order must end as the first answer it could take says, with one event a change, and none of
 * the refused answers may hold up the others or the answers after them.
 */
@DisplayName("The saga's answers in one batch")
class SagaAnswersIT extends OneNodeIT {

    @Test
    @DisplayName("move each order once, as its first answer it can take says, and refuse the rest alone")
    void batchOfAnswers() throws Exception {
        String redelivered = place();
        String failed = place();
        String contradicted = place();
        String otherTenants = place();
        String ended = place();
        node.settleAsTheSaga("demo", ended, "REJECTED");
        String missing = "ord_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName()))) {
            answer(producer, InventoryEvents.RESERVED, "demo", redelivered);
            answer(producer, InventoryEvents.RESERVATION_FAILED, "demo", failed);
            answer(producer, InventoryEvents.RESERVED, "demo", contradicted);
            answer(producer, InventoryEvents.RESERVED, "demo", redelivered);
            answer(producer, InventoryEvents.RESERVATION_FAILED, "demo", contradicted);
            answer(producer, InventoryEvents.RESERVED, "acme", otherTenants);
            answer(producer, InventoryEvents.RESERVED, "demo", missing);
            answer(producer, InventoryEvents.RESERVED, "demo", ended);

            // This class's node runs no saga; one that does starts now and finds every answer waiting.
            try (TestNodes.RunningNode saga = TestNodes.start(infra, Map.of("MERIDIAN_VERTICLES_ORDER_SAGA_INSTANCES", "1",
                    "MERIDIAN_VERTICLES_API_INSTANCES", "0"))) {
                Eventually.await(Duration.ofSeconds(30), () -> status(contradicted), "CONFIRMED"::equals);
                Eventually.await(Duration.ofSeconds(30), () -> status(redelivered), "CONFIRMED"::equals);
                Eventually.await(Duration.ofSeconds(30), () -> status(failed), "REJECTED"::equals);

                String after = place();
                answer(producer, InventoryEvents.RESERVED, "demo", after);
                Eventually.await(Duration.ofSeconds(30), () -> status(after), "CONFIRMED"::equals);
                assertEquals(List.of("PLACED", "CONFIRMED"), history(after), "an answer after the batch is taken too");
            }
        }

        assertEquals(List.of("PLACED", "CONFIRMED"), history(redelivered), "a redelivered answer moves its order once");
        assertEquals(List.of("PLACED", "REJECTED"), history(failed));
        assertEquals(List.of("PLACED", "CONFIRMED"), history(contradicted), "the first answer wins, the second is refused");
        assertEquals(List.of("PLACED"), history(otherTenants), "an answer naming another tenant finds no order");
        assertEquals(List.of("PLACED", "REJECTED"), history(ended), "an ended order stays as it ended");
        for (String order : List.of(redelivered, failed, contradicted, ended)) {
            assertEquals(2, db.count("SELECT count(*) FROM outbox WHERE record_key = $1 AND topic = $2", order,
                OrderTopics.ORDERS), "placed and one change announced for " + order);
        }
        assertEquals(1, db.count("SELECT count(*) FROM outbox WHERE record_key = $1", otherTenants));
        assertEquals(0, db.count("SELECT count(*) FROM orders WHERE id = $1", missing), "no order made up");
        assertEquals("shp_" + contradicted.substring(4), db.rows("SELECT shipment_id FROM orders WHERE id = $1",
            contradicted).get(0)[0], "confirmation assigns the order's shipment");
    }

    private String place() {
        var created = demo.createOrder();
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private static void answer(KafkaProducer<String, String> producer, String type, String tenant, String orderId)
        throws Exception {
        JsonObject event = CloudEvent.create(UUID.randomUUID().toString(), "/meridian/inventory", type, orderId, tenant,
            Instant.now(), new JsonObject().put("orderId", orderId));
        producer.send(new ProducerRecord<>(InventoryTopics.INVENTORY, orderId, event.encode())).get();
    }

    private String status(String orderId) {
        try {
            return db.rows("SELECT status FROM orders WHERE id = $1", orderId).get(0)[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> history(String orderId) throws Exception {
        return db.rows("SELECT status FROM order_history WHERE order_id = $1 ORDER BY version", orderId).stream()
            .map(r -> r[0]).toList();
    }
}
