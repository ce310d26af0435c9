package verticles.platform.trace;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.LogCapture;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TopicReader;
import verticles.orders.OrderTopics;
import verticles.shipments.ShipmentTopics;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A correlation id, from the HTTP request through Kafka into the consumers' log lines")
class CorrelationIT extends OneNodeIT {

    private final LogCapture notifications = LogCapture.of("meridian.notifications");

    @AfterAll
    void stopListening() {
        notifications.close();
    }

    @Test
    @DisplayName("X-Request-Id is echoed, rides the outbox onto the order's Kafka records and is logged by the notifier")
    void requestIdThroughTheOutbox() {
        String placedId = "it-" + UUID.randomUUID();
        Api.Response placed = demo.withHeader("X-Request-Id", placedId).createOrder();
        assertEquals(201, placed.status(), placed.toString());
        assertEquals(placedId, placed.header("X-Request-Id"));
        String orderId = placed.json().getString("id");

        node.settleAsTheSaga("demo", orderId, "CONFIRMED");
        String preparingId = "it-" + UUID.randomUUID();
        Api.Response preparing = demo.withHeader("X-Request-Id", preparingId)
            .put("/v1/orders/" + orderId + "/status", "{\"status\": \"PREPARING\"}");
        assertEquals(200, preparing.status(), preparing.toString());

        List<ConsumerRecord<String, String>> records = Eventually.await(Duration.ofSeconds(20),
            () -> TopicReader.recordsKeyed(infra.kafkaBootstrap(), OrderTopics.ORDERS, orderId), r -> r.size() >= 3);
        assertEquals(placedId, TopicReader.header(records.get(0), CorrelationId.KAFKA_HEADER));
        assertEquals(preparingId, TopicReader.header(records.get(2), CorrelationId.KAFKA_HEADER));

        // The confirmation came from the saga's side, not from a request of this test's.
        Eventually.await(Duration.ofSeconds(20), () -> loggedFor(orderId), ids -> ids.contains(preparingId));
        assertEquals(List.of(placedId, preparingId), loggedFor(orderId).stream().filter(id -> id.startsWith("it-")).toList());
    }

    @Test
    @DisplayName("a traceparent's trace id becomes the id of an ingested update and rides its Kafka record")
    void traceparentThroughIngest() {
        String shipmentId = demo.createShipment();
        String traceId = demo.postFixUnderFreshTrace(shipmentId);

        List<ConsumerRecord<String, String>> records = Eventually.await(Duration.ofSeconds(20),
            () -> TopicReader.recordsKeyed(infra.kafkaBootstrap(), ShipmentTopics.SHIPMENTS, shipmentId), r -> !r.isEmpty());
        assertEquals(traceId, TopicReader.header(records.get(0), CorrelationId.KAFKA_HEADER));
    }

    @Test
    @DisplayName("a request without one gets a new id, and a hostile X-Request-Id is replaced, never echoed")
    void madeWhenMissingOrHostile() {
        Api.Response plain = demo.get("/v1/orders");
        assertTrue(plain.header("X-Request-Id").matches("[0-9a-f]{32}"), plain.header("X-Request-Id"));
        assertNotEquals(plain.header("X-Request-Id"), demo.get("/v1/orders").header("X-Request-Id"));

        String hostile = "x".repeat(500);
        Api.Response refused = demo.withHeader("X-Request-Id", hostile).get("/v1/orders");
        assertFalse(refused.header("X-Request-Id").contains("xxxx"));
        assertTrue(refused.header("X-Request-Id").matches("[0-9a-f]{32}"));
        // Even an unauthenticated request is answered with its id, for the caller's support ticket.
        Api.Response unauthenticated = new Api(node.baseUrl(), "wrong-key").withHeader("X-Request-Id", "ticket-42")
            .get("/v1/orders");
        assertEquals(401, unauthenticated.status());
        assertEquals("ticket-42", unauthenticated.header("X-Request-Id"));
    }

    /** The correlation ids of the notification lines logged about one order, in order. */
    private List<String> loggedFor(String orderId) {
        return notifications.events().stream()
            .filter(e -> e.getFormattedMessage().contains(orderId))
            .map(e -> String.valueOf(LogCapture.value(e, CorrelationId.FIELD)))
            .toList();
    }
}
