package verticles.resilience;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.Topics;
import verticles.platform.events.CloudEvent;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.shipments.ShipmentEvents;
import verticles.inventory.InventoryTopics;
import verticles.orders.OrderTopics;
import verticles.shipments.ShipmentTopics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records that pass every check a consumer makes of their shape and still fail where they are
 * stored (a NUL in text PostgreSQL cannot hold, a tenant id no query can take), produced straight
 * to every partition of each topic so that the HTTP edge's validation cannot hide what the
 * consumers do with them. Everything behind a poison record in its partition must still be
 * handled within seconds, and the poison record must be listed in the dead letters with its error.
 */
@DisplayName("Poison records")
class PoisonRecordsIT extends OneNodeIT {

    private static final Duration SECONDS = Duration.ofSeconds(30);

    private KafkaProducer<String, String> producer;
    private Api admin;

    @Override
    protected Map<String, String> nodeOverrides() {
        return WITH_SAGA;
    }

    @BeforeAll
    void producer() {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
            "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName()));
        admin = node.api("admin-key");
    }

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @Test
    @DisplayName("a location with a NUL in its text does not hold up the fixes behind it, and is a dead letter")
    void trackingGoesOnPastAPoisonFix() throws Exception {
        String marker = "nul-" + UUID.randomUUID();
        int partitions = producer.partitionsFor(ShipmentTopics.SHIPMENTS).size();
        List<String> shipments = new ArrayList<>();
        for (int i = 0; i < partitions * 2; i++) {
            shipments.add(demo.createShipment());
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int p = 0; p < partitions; p++) {
            JsonObject poison = fix(shipments.get(p), 10.0, at).put("courierId", marker + "\u0000");
            send(ShipmentTopics.SHIPMENTS, p, shipments.get(p), ShipmentEvents.locationRecorded("demo", poison, at));
        }
        for (int i = 0; i < shipments.size(); i++) {
            send(ShipmentTopics.SHIPMENTS, i % partitions, shipments.get(i),
                ShipmentEvents.locationRecorded("demo", fix(shipments.get(i), 20.0 + i, at.plusSeconds(1)), at));
        }
        for (int i = 0; i < shipments.size(); i++) {
            String id = shipments.get(i);
            double lat = 20.0 + i;
            Eventually.await(SECONDS, () -> demo.get("/v1/shipments/" + id).json().getJsonObject("position"),
                position -> position != null && position.getDouble("lat") == lat);
            assertEquals(1, db.count("SELECT count(*) FROM location_history WHERE shipment_id = $1 AND lat = $2", id, lat));
        }
        List<JsonObject> letters = Eventually.await(SECONDS, () -> letters("tracking", marker), l -> l.size() >= partitions);
        assertEquals(partitions, letters.size(), "one dead letter per poison record");
        letters.forEach(l -> assertTrue(l.getString("error").contains("retry cannot cure"), l.encode()));
    }

    @Test
    @DisplayName("order and inventory events no store can take do not stop the saga, and each consumer dead-letters them")
    void ordersGoOnPastPoisonEvents() throws Exception {
        String marker = "tenant-" + UUID.randomUUID();
        String badTenant = marker + "\u0000";
        for (int p = 0; p < producer.partitionsFor(OrderTopics.ORDERS).size(); p++) {
            String orderId = "ord_" + marker + "-" + p;
            JsonObject placed = CloudEvent.create(orderId + ".v1", "/meridian/orders", "order.placed", orderId, badTenant,
                Instant.now(), new JsonObject().put("id", orderId).put("status", "PLACED").put("version", 1)
                    .put("items", new JsonArray().add(new JsonObject().put("sku", "BOOK-1").put("quantity", 1))));
            send(OrderTopics.ORDERS, p, orderId, placed);
        }
        for (int p = 0; p < producer.partitionsFor(InventoryTopics.INVENTORY).size(); p++) {
            String orderId = "ord_" + marker + "-" + p;
            send(InventoryTopics.INVENTORY, p, orderId, CloudEvent.create(orderId + ".reserved", "/meridian/inventory",
                "inventory.reserved", orderId, badTenant, Instant.now(), new JsonObject().put("orderId", orderId)));
        }
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            orders.add(demo.createOrder().json().getString("id"));
        }
        for (String order : orders) {
            assertEquals("CONFIRMED", Eventually.await(SECONDS, () -> demo.get("/v1/orders/" + order).json().getString("status"),
                "CONFIRMED"::equals), order);
        }
        for (String consumer : List.of("inventory", "webhooks", "order-saga")) {
            List<JsonObject> letters = Eventually.await(SECONDS, () -> letters(consumer, marker), l -> !l.isEmpty());
            assertTrue(letters.get(0).getString("error").contains("retry cannot cure"), letters.get(0).encode());
        }
    }

    @Test
    @DisplayName("a dead letter holding a NUL is stored and listed, and so are the letters behind it")
    void deadLettersTakeAnyText() throws Exception {
        String marker = "letter-" + UUID.randomUUID();
        for (int p = 0; p < producer.partitionsFor(Topics.deadLetters(ShipmentTopics.SHIPMENTS)).size(); p++) {
            for (String value : List.of(marker + " raw \u0000 text " + p, marker + " plain " + p)) {
                JsonObject letter = new JsonObject().put("consumer", "poison-test").put("topic", ShipmentTopics.SHIPMENTS)
                    .put("partition", p).put("offset", 1_000_000L + value.length() * 10L + p).put("key", "k\u0000")
                    .put("value", value).put("error", "test \u0000 error").put("at", Instant.now().toString());
                send(Topics.deadLetters(ShipmentTopics.SHIPMENTS), p, "k", letter);
            }
        }
        int expected = 2 * producer.partitionsFor(Topics.deadLetters(ShipmentTopics.SHIPMENTS)).size();
        List<JsonObject> letters = Eventually.await(SECONDS, () -> letters("poison-test", marker), l -> l.size() >= expected);
        assertEquals(expected, letters.size());
        assertTrue(letters.stream().anyMatch(l -> l.getString("value").contains("raw \\u0000 text")), letters.toString());
    }

    private static JsonObject fix(String shipmentId, double lat, Instant at) {
        return new JsonObject().put("shipmentId", shipmentId).put("lat", lat).put("lon", 8.5)
            .put("recordedAt", at.toString()).put("speed", null).put("heading", null).put("accuracy", null)
            .put("courierId", null);
    }

    private void send(String topic, int partition, String key, JsonObject event) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, key, event.encode())).get();
    }

    /** The dead letters of one consumer whose record mentions {@code marker}. */
    private List<JsonObject> letters(String consumer, String marker) {
        JsonArray items = admin.get("/v1/admin/dead-letters?limit=100&consumer=" + consumer).json().getJsonArray("items");
        return items.stream().map(o -> (JsonObject) o)
            .filter(l -> String.valueOf(l.getString("value")).contains(marker)).toList();
    }
}
