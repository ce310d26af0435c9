package verticles.deadletters;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.orders.OrderTopics;
import verticles.shipments.ShipmentTopics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poison records: records no consumer can ever process, written straight to the topics. They
 * must not block what comes after them; each consumer sends them to its dead letters, where
 * the admin routes list them and replay one.
 */
@DisplayName("Dead letters")
class DeadLettersIT extends OneNodeIT {

    @Override
    protected Map<String, String> nodeOverrides() {
        return WITH_SAGA;
    }

    @Test
    @DisplayName("take poison records off every consumer's path, keep them listable with the error, and replay one")
    void poisonRecordsGoToTheDeadLetters() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        String notJson = "{not json " + marker;
        String noItems = new JsonObject().put("specversion", "1.0").put("id", marker + ".v1").put("type", "order.placed")
            .put("subject", "ord_" + marker).put("tenantid", "demo").put("data", new JsonObject()).encode();
        String noPosition = new JsonObject().put("specversion", "1.0").put("id", marker + "-loc")
            .put("type", "shipment.location-recorded").put("subject", "shp_" + marker).put("tenantid", "demo")
            .put("data", new JsonObject().put("shipmentId", "shp_" + marker).put("recordedAt", "yesterday")).encode();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", infra.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(OrderTopics.ORDERS, marker, notJson)).get();
            producer.send(new ProducerRecord<>(OrderTopics.ORDERS, marker, noItems)).get();
            producer.send(new ProducerRecord<>(ShipmentTopics.SHIPMENTS, marker, noPosition)).get();
        }

        // What comes after the poison still flows: an order placed now is journaled and stored.
        String shipmentId = demo.createShipment();
        assertEquals(202, demo.postFix(shipmentId, 48.1, 11.5, Instant.now()).status());
        Eventually.await(Duration.ofSeconds(20), () -> demo.get("/v1/shipments/" + shipmentId).json(),
            s -> s.getJsonObject("position") != null);

        Api admin = node.api("admin-key");
        List<JsonObject> letters = Eventually.await(Duration.ofSeconds(30), () -> lettersFor(admin, marker),
            found -> consumers(found).containsAll(Set.of("notify", "inventory", "order-journal", "webhooks", "shipments",
                "tracking")));
        JsonObject unreadable = letters.stream().filter(l -> l.getString("value").equals(notJson)).findFirst().orElseThrow();
        assertEquals(OrderTopics.ORDERS, unreadable.getString("topic"));
        assertTrue(unreadable.getString("error").contains("not a JSON object"), unreadable.encode());
        JsonObject inventory = letters.stream().filter(l -> "inventory".equals(l.getString("consumer"))
            && noItems.equals(l.getString("value"))).findFirst().orElseThrow();
        assertTrue(inventory.getString("error").contains("items"), inventory.encode());
        JsonObject tracking = letters.stream().filter(l -> "tracking".equals(l.getString("consumer"))).findFirst().orElseThrow();
        assertEquals(ShipmentTopics.SHIPMENTS, tracking.getString("topic"));

        // Replay puts the record back on its topic; it is poison still, so it comes back as a new dead letter.
        int before = lettersFor(admin, marker).size();
        Api.Response replayed = admin.post("/v1/admin/dead-letters/" + tracking.getLong("id") + "/replay", "");
        assertEquals(202, replayed.status(), replayed.toString());
        assertTrue(replayed.json().getString("replayedAt") != null);
        Eventually.await(Duration.ofSeconds(30), () -> lettersFor(admin, marker).size(), n -> n > before);

        // The webhooks consumer's own poison record is a Kafka record too, not a delivery: back to its topic.
        JsonObject webhooks = letters.stream().filter(l -> "webhooks".equals(l.getString("consumer"))).findFirst().orElseThrow();
        assertEquals(null, webhooks.getString("reference"), webhooks.encode());
        Api.Response again = admin.post("/v1/admin/dead-letters/" + webhooks.getLong("id") + "/replay", "");
        assertEquals(202, again.status(), again.toString());
    }

    @Test
    @DisplayName("answer only the admin key, and refuse malformed paging")
    void adminOnly() {
        assertEquals(401, demo.get("/v1/admin/dead-letters").status());
        Api admin = node.api("admin-key");
        assertEquals(200, admin.get("/v1/admin/dead-letters?limit=5").status());
        assertEquals(400, admin.get("/v1/admin/dead-letters?limit=0").status());
        assertEquals(400, admin.get("/v1/admin/dead-letters?cursor=abc").status());
        assertEquals(404, admin.post("/v1/admin/dead-letters/not-a-number/replay", "").status());
    }

    private static List<JsonObject> lettersFor(Api admin, String marker) {
        JsonArray items = admin.get("/v1/admin/dead-letters?limit=100").json().getJsonArray("items");
        return items.stream().map(o -> (JsonObject) o)
            .filter(l -> String.valueOf(l.getString("value")).contains(marker)).toList();
    }

    private static Set<String> consumers(List<JsonObject> letters) {
        return letters.stream().map(l -> l.getString("consumer")).collect(Collectors.toSet());
    }
}
