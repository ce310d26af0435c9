package verticles.platform.kafka;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.inventory.InventoryTopics;
import verticles.orders.OrderTopics;
import verticles.platform.Topics;
import verticles.shipments.ShipmentTopics;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.NodeScripts;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.Processes;
import verticles.testsupport.TopicReader;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every record Meridian writes to Kafka, on every topic including the dead-letter topics, is a
 * CloudEvent under the Kafka protocol binding's structured mode, as the {@code cloudevents} SDK
 * (pinned in src/test/conformance) reads it. The test drives each kind of record into being (an
 * order's whole life with the saga and an arrival, a refused reservation, a cancellation, fixes
 * and a scan, poison records on each topic, a webhook delivery out of attempts, a replayed dead
 * letter), then hands the SDK every record written since it began, except the poison it produced
 * itself.
 */
@DisplayName("Kafka records")
class CloudEventRecordsIT extends OneNodeIT {

    private static final NodeScripts CONFORMANCE = new NodeScripts("conformance");
    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static final double METERS_PER_DEGREE = 111_195.08;

    @Override
    protected Map<String, String> nodeOverrides() {
        return WITH_SAGA;
    }

    @Test
    @DisplayName("are structured-mode CloudEvents on every topic, dead letters and replays included")
    void everyRecordIsACloudEvent() throws Exception {
        CONFORMANCE.assumeInstalled("cloudevents");
        Map<TopicPartition, Long> start = TopicReader.ends(infra.kafkaBootstrap(), Topics.all());
        Api admin = node.api("admin-key");
        String webhookId = subscribeToNobody();
        try {
            String arrivalRequest = orderThatArrives();
            refusedAndCancelledOrders();
            etaRevision();
            Set<String> ownRecords = poisonEveryTopic();
            Eventually.await(DEADLINE, () -> deadDeliveries(webhookId), n -> n > 0);
            Eventually.await(DEADLINE, this::unsentOutboxRows, n -> n == 0);

            List<ConsumerRecord<String, String>> written = Eventually.await(DEADLINE,
                () -> TopicReader.recordsSince(infra.kafkaBootstrap(), start).stream()
                    .filter(r -> !ownRecords.contains(where(r))).toList(),
                records -> topicsOf(records).containsAll(Topics.all()));

            Path file = Files.createTempFile("kafka-records-", ".jsonl");
            Files.write(file, written.stream().map(r -> asJson(r).encode()).toList(), StandardCharsets.UTF_8);
            Processes.Outcome checked = CONFORMANCE.runScript("check-cloudevents.mjs", List.of(file.toString()),
                Duration.ofSeconds(60));
            assertEquals(0, checked.exit(), checked.output());
            Files.deleteIfExists(file);

            JsonObject arriving = written.stream().map(r -> new JsonObject(r.value()))
                .filter(e -> "order.arriving".equals(e.getString("type"))).findFirst().orElseThrow();
            assertEquals(arrivalRequest, arriving.getString("correlationid"), arriving.encode());
        } finally {
            demo.send("DELETE", "/v1/webhooks/" + webhookId, null, null);
        }
    }

    /** An order from placement to delivery, arriving on the way; answers the correlation id of the fix that arrived. */
    private String orderThatArrives() {
        assertEquals(200, demo.put("/v1/inventory/CE-1", "{\"available\": 10}").status());
        String orderId = demo.createOrder("CE-1", 1).json().getString("id");
        String shipmentId = Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + orderId).json(),
            o -> "CONFIRMED".equals(o.getString("status"))).getString("shipmentId");
        assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"PREPARING\"}").status());
        assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"OUT_FOR_DELIVERY\"}").status());
        Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipmentId).status(), s -> s == 200);

        Instant t0 = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.MILLIS);
        assertEquals(202, demo.post("/v1/shipments/" + shipmentId + "/checkpoints",
            "{\"facility\": \"Berlin hub\", \"type\": \"DEPARTED\", \"at\": \"" + t0 + "\"}").status());
        // Api.createOrder's destination is (52.52, 13.405).
        assertEquals(202, demo.postFix(shipmentId, 52.52 + 2000 / METERS_PER_DEGREE, 13.405, t0.plusSeconds(1)).status());
        assertEquals(202, demo.postFix(shipmentId, 52.52 + 100 / METERS_PER_DEGREE, 13.405, t0.plusSeconds(200)).status());
        // The fix that completes the geofence's dwell is the one the arrival is the doing of.
        Api.Response inside = demo.postFix(shipmentId, 52.52 + 60 / METERS_PER_DEGREE, 13.405, t0.plusSeconds(230));
        assertEquals(202, inside.status(), inside.toString());
        Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + orderId).json(), o -> o.getString("arrivingAt") != null);
        assertEquals(200, demo.put("/v1/orders/" + orderId + "/status", "{\"status\": \"DELIVERED\"}").status());
        return inside.header("X-Request-Id");
    }

    /**
     * A courier that slows down far out, for over a minute: its shipment's announced ETA is revised
     * ({@code shipment.eta-revised}).
     */
    private void etaRevision() {
        String id = demo.createShipment();
        Instant t0 = Instant.now().minusSeconds(180).truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 3; i++) {
            Instant at = t0.plusSeconds(65L * i);
            Api.Response fix = demo.post("/v1/shipments/" + id + "/locations", "{\"lat\": " + (48.85 + 0.45 - i * 0.0001)
                + ", \"lon\": 2.35, \"recordedAt\": \"" + at + "\", \"speed\": " + (i == 0 ? 10.0 : 1.0) + "}");
            assertEquals(202, fix.status(), fix::toString);
            Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + id).json().getJsonObject("position"),
                p -> p != null && Instant.parse(p.getString("recordedAt")).equals(at));
        }
        Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + id).json().getJsonObject("position")
            .getJsonObject("eta").getString("revisedAt"), java.util.Objects::nonNull);
    }

    /** A reservation refused for want of stock, and a confirmed order cancelled, whose stock goes back. */
    private void refusedAndCancelledOrders() {
        assertEquals(200, demo.put("/v1/inventory/CE-NONE", "{\"available\": 0}").status());
        String refused = demo.createOrder("CE-NONE", 1).json().getString("id");
        String cancelled = demo.createOrder("CE-1", 1).json().getString("id");
        Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + refused).json().getString("status"), "REJECTED"::equals);
        Eventually.await(DEADLINE, () -> demo.get("/v1/orders/" + cancelled).json().getString("status"), "CONFIRMED"::equals);
        assertEquals(200, demo.send("POST", "/v1/orders/" + cancelled + "/cancel", null, null).status());
    }

    /**
     * A record that is not JSON on each published topic, and on the shipments topic a CloudEvent
     * no consumer can store, whose dead letter is replayed. Answers where the test's own records
     * went: they are not Meridian's to vouch for.
     */
    private Set<String> poisonEveryTopic() throws Exception {
        String marker = "ce-poison-" + UUID.randomUUID();
        String unstorable = new JsonObject().put("specversion", "1.0").put("id", marker + "-loc").put("source", "/test").put("time", Instant.now().toString())
            .put("type", "shipment.location-recorded").put("subject", "shp_" + marker).put("tenantid", "demo")
            .put("data", new JsonObject().put("shipmentId", "shp_" + marker).put("recordedAt", "yesterday")).encode();
        Set<String> produced = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", infra.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            for (String topic : List.of(OrderTopics.ORDERS, ShipmentTopics.SHIPMENTS, ShipmentTopics.SHIPMENT_EVENTS,
                    InventoryTopics.INVENTORY)) {
                produced.add(where(producer.send(new ProducerRecord<>(topic, marker, "{not json " + marker)).get()));
            }
            ProducerRecord<String, String> structured = new ProducerRecord<>(ShipmentTopics.SHIPMENTS, marker, unstorable);
            structured.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            produced.add(where(producer.send(structured).get()));
        }
        Api admin = node.api("admin-key");
        JsonObject letter = Eventually.await(DEADLINE, () -> lettersWith(admin, marker), letters -> letters.stream()
                .map(l -> l.getString("topic")).collect(Collectors.toSet())
                .containsAll(Set.of(OrderTopics.ORDERS, ShipmentTopics.SHIPMENTS, ShipmentTopics.SHIPMENT_EVENTS,
                    InventoryTopics.INVENTORY))
                && letters.stream().anyMatch(l -> unstorable.equals(l.getString("value"))))
            .stream().filter(l -> unstorable.equals(l.getString("value"))).findFirst().orElseThrow();
        int before = lettersWith(admin, marker).size();
        assertEquals(202, admin.post("/v1/admin/dead-letters/" + letter.getLong("id") + "/replay", "").status());
        Eventually.await(DEADLINE, () -> lettersWith(admin, marker).size(), n -> n > before);
        return produced;
    }

    /** A webhook for every placed order, to a port nothing listens on: each delivery runs out of attempts. */
    private String subscribeToNobody() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Api.Response created = demo.post("/v1/webhooks", new JsonObject()
            .put("url", "http://127.0.0.1:" + closed + "/nobody").put("events", new JsonArray().add("order.placed")).encode());
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private long deadDeliveries(String webhookId) {
        try {
            return db.count("SELECT count(*) FROM webhook_deliveries WHERE status = 'DEAD' AND webhook_id = $1", webhookId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long unsentOutboxRows() {
        try {
            return db.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonObject> lettersWith(Api admin, String marker) {
        JsonArray items = admin.get("/v1/admin/dead-letters?limit=100").json().getJsonArray("items");
        return items.stream().map(o -> (JsonObject) o).filter(l -> marker.equals(l.getString("key"))).toList();
    }

    private static Set<String> topicsOf(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::topic).collect(Collectors.toSet());
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    private static String where(RecordMetadata m) {
        return m.topic() + "-" + m.partition() + "@" + m.offset();
    }

    /** The record as the SDK's Kafka binding takes it: headers as text, by name. */
    private static JsonObject asJson(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new TreeMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return new JsonObject().put("topic", record.topic()).put("partition", record.partition())
            .put("offset", record.offset()).put("key", record.key()).put("headers", new JsonObject(Map.copyOf(headers)))
            .put("value", record.value());
    }
}
