package verticles.inventory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.TopicReader;
import verticles.orders.OrderTopics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The inventory saga")
class InventorySagaIT extends OneNodeIT {

    @Override
    protected Map<String, String> nodeOverrides() {
        return WITH_SAGA;
    }

    @Test
    @DisplayName("keeps stock per tenant and SKU: set, read, refused when malformed, invisible to other tenants")
    void stockLevels() {
        String sku = newSku();
        assertEquals(404, demo.get("/v1/inventory/" + sku).status());
        Api.Response set = demo.put("/v1/inventory/" + sku, "{\"available\": 7}");
        assertEquals(200, set.status(), set.toString());
        assertEquals(7, demo.get("/v1/inventory/" + sku).json().getInteger("available"));
        assertEquals(404, acme.get("/v1/inventory/" + sku).status());
        for (String bad : List.of("{\"available\": -1}", "{\"available\": 1.5}", "{\"available\": \"7\"}",
            "{\"available\": 7, \"reserved\": 0}", "{}")) {
            Api.Response refused = demo.put("/v1/inventory/" + sku, bad);
            assertEquals(400, refused.status(), bad);
            assertTrue(refused.isProblem(), bad);
        }
        assertEquals(400, demo.get("/v1/inventory/bad%20sku").status());
        assertEquals(7, demo.get("/v1/inventory/" + sku).json().getInteger("available"));
    }

    @Test
    @DisplayName("confirms an order it can reserve and rejects one it cannot, taking stock only for the first")
    void confirmsOrRejects() {
        String sku = stocked(3);
        String confirmed = placed(sku, 2);
        assertEquals("CONFIRMED", settled(confirmed).getString("status"));
        assertEquals("saga", lastCause(confirmed));
        assertEquals(1, available(sku));

        String rejected = placed(sku, 2);
        assertEquals("REJECTED", settled(rejected).getString("status"));
        assertEquals("saga", lastCause(rejected));
        assertEquals(1, available(sku));
    }

    @Test
    @DisplayName("never oversells: 50 parallel orders for 5 units give 5 confirmed, 45 rejected, 0 left")
    void neverOversells() throws Exception {
        String sku = stocked(5);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<String>> orders = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                orders.add(CompletableFuture.supplyAsync(() -> placed(sku, 1), pool));
            }
            List<String> statuses = new ArrayList<>();
            for (CompletableFuture<String> order : orders) {
                statuses.add(settled(order.get()).getString("status"));
            }
            assertEquals(5, statuses.stream().filter("CONFIRMED"::equals).count(), statuses.toString());
            assertEquals(45, statuses.stream().filter("REJECTED"::equals).count(), statuses.toString());
            assertEquals(0, available(sku));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("cancelling a confirmed or preparing order releases its stock; elsewhere cancel is 409")
    void cancelCompensates() {
        String sku = stocked(4);
        String order = placed(sku, 3);
        assertEquals("CONFIRMED", settled(order).getString("status"));
        assertEquals(1, available(sku));

        Api.Response cancelled = demo.post("/v1/orders/" + order + "/cancel", "");
        assertEquals(200, cancelled.status(), cancelled.toString());
        assertEquals("CANCELLED", cancelled.json().getString("status"));
        assertEquals("cancel", lastCause(order));
        Eventually.await(Duration.ofSeconds(20), () -> available(sku), n -> n == 4);
        assertEquals(409, demo.post("/v1/orders/" + order + "/cancel", "").status());

        String preparing = placed(sku, 1);
        settled(preparing);
        assertEquals(200, demo.put("/v1/orders/" + preparing + "/status", "{\"status\": \"PREPARING\"}").status());
        assertEquals(200, demo.post("/v1/orders/" + preparing + "/cancel", "").status());
        Eventually.await(Duration.ofSeconds(20), () -> available(sku), n -> n == 4);

        String delivered = placed(sku, 1);
        settled(delivered);
        for (String status : List.of("PREPARING", "OUT_FOR_DELIVERY", "DELIVERED")) {
            assertEquals(200, demo.put("/v1/orders/" + delivered + "/status", "{\"status\": \"" + status + "\"}").status());
        }
        Api.Response refused = demo.post("/v1/orders/" + delivered + "/cancel", "");
        assertEquals(409, refused.status());
        assertTrue(refused.isProblem());
        assertEquals(404, acme.post("/v1/orders/" + delivered + "/cancel", "").status());
        assertEquals(3, available(sku));
    }

    @Test
    @DisplayName("changes nothing when the same order and inventory events are delivered again")
    void duplicatesChangeNothing() throws Exception {
        String sku = stocked(10);
        String order = placed(sku, 4);
        assertEquals("CONFIRMED", settled(order).getString("status"));
        int historyBefore = demo.get("/v1/orders/" + order).json().getJsonArray("history").size();

        List<ConsumerRecord<String, String>> orderEvents =
            TopicReader.recordsKeyed(infra.kafkaBootstrap(), OrderTopics.ORDERS, order);
        List<ConsumerRecord<String, String>> inventoryEvents =
            TopicReader.recordsKeyed(infra.kafkaBootstrap(), InventoryTopics.INVENTORY, order);
        assertTrue(!orderEvents.isEmpty() && !inventoryEvents.isEmpty());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", infra.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            for (ConsumerRecord<String, String> r : orderEvents) {
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value())).get();
            }
            for (ConsumerRecord<String, String> r : inventoryEvents) {
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value())).get();
            }
        }
        // A marker order placed after the duplicates is handled after them (same consumers, same
        // partitions' order is not guaranteed across keys, so wait for the duplicates' own effect too).
        String marker = placed(sku, 1);
        assertEquals("CONFIRMED", settled(marker).getString("status"));
        Thread.sleep(1_000);
        assertEquals(5, available(sku));
        assertEquals(historyBefore, demo.get("/v1/orders/" + order).json().getJsonArray("history").size());
        assertEquals(1, db.count("SELECT count(*) FROM reservations WHERE order_id = $1", order));
    }

    private String stocked(int units) {
        String sku = newSku();
        assertEquals(200, demo.put("/v1/inventory/" + sku, "{\"available\": " + units + "}").status());
        return sku;
    }

    private String placed(String sku, int quantity) {
        Api.Response created = demo.createOrder(sku, quantity);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    /** The order once the saga has decided it (no longer PLACED). */
    private JsonObject settled(String orderId) {
        return Eventually.await(Duration.ofSeconds(30), () -> demo.get("/v1/orders/" + orderId).json(),
            o -> !"PLACED".equals(o.getString("status")));
    }

    private String lastCause(String orderId) {
        JsonArray history = demo.get("/v1/orders/" + orderId).json().getJsonArray("history");
        return history.getJsonObject(history.size() - 1).getString("cause");
    }

    private int available(String sku) {
        return demo.get("/v1/inventory/" + sku).json().getInteger("available");
    }

    private static String newSku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
