package verticles.resilience;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.events.EventJournal;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.LogCapture;
import verticles.testsupport.OneNodeIT;
import verticles.shipments.ShipmentEvents;
import verticles.shipments.ShipmentTopics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every consumer's effects are the same whether Kafka delivers each record once and in order or
 * delivers copies, late and interleaved. The node runs without its outbox relay: the test is the
 * relay. Tenant {@code demo} gets each outbox record once, in order; tenant {@code acme} runs the
 * same story and gets copies: each record again within its round with even odds, a few records
 * of earlier rounds again (a relay re-sending a round, a consumer re-reading after a rebalance),
 * keys interleaved at random; Kafka's one guarantee, that one key's first copies keep their
 * order, is kept. The courier's fixes are shuffled outright, as devices that buffer send them.
 * Rounds are produced at once, so copies meet in one consumer batch as well as across batches.
 * Then stock, reservations, the inventory's answers, orders with their versions and history,
 * notifications, webhook deliveries, journals, positions and whether the courier arrived must
 * be equal (when it arrived is not yet independent of batching; see {@code effects}).
 */
@DisplayName("Consumers, when Kafka delivers copies late and out of turn")
class RedeliveryIT extends OneNodeIT {

    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryIT.class);
    private static final String ONCE = "demo";
    private static final String COPIES = "acme";
    private static final String SKU = "REDELIVER-1";

    private final LogCapture notifications = LogCapture.of("meridian.notifications");
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);
    private final List<ProducerRecord<String, String>> sentToCopies = new ArrayList<>();
    private KafkaProducer<String, String> producer;
    private long outboxStart;

    @Override
    protected Map<String, String> nodeOverrides() {
        Map<String, String> overrides = new HashMap<>(WITH_SAGA);
        overrides.put("MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES", "0");
        // An ETA is estimated from the time a batch is read, so whether it is revised depends on
        // the clock and on batching, not on the records: this test compares what records decide.
        overrides.put("MERIDIAN_TRACKING_ETA_REVISION_THRESHOLD", "24h");
        return overrides;
    }

    @BeforeAll
    void producer() throws Exception {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
            "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName()));
        outboxStart = db.count("SELECT coalesce(max(id), 0) FROM outbox");
        LOG.info("redelivery seed {}", seed);
    }

    @AfterAll
    void closeProducer() {
        producer.close();
        notifications.close();
    }

    /** One tenant's run of the story: its caller, its orders in the order they were placed, its webhook. */
    private record Story(String tenant, Api api, List<String> orders, String webhook) {
    }

    @Test
    @DisplayName("leave every effect exactly as one in-order delivery does")
    void copiesChangeNothing() throws Exception {
        Story once = begin(ONCE, demo);
        Story copies = begin(COPIES, acme);

        // Two orders the stock covers, one it cannot: each is decided alone, whatever the interleaving.
        for (Story story : List.of(once, copies)) {
            for (int quantity : new int[] {2, 2, 10}) {
                Api.Response placed = story.api().createOrder(SKU, quantity);
                assertEquals(201, placed.status(), placed.toString());
                story.orders().add(placed.json().getString("id"));
            }
        }
        relayUntilQuiet();
        awaitStatus(once, 0, "CONFIRMED");
        awaitStatus(copies, 0, "CONFIRMED");

        for (Story story : List.of(once, copies)) {
            move(story, 1, "CANCELLED");
            move(story, 0, "PREPARING");
            move(story, 0, "OUT_FOR_DELIVERY");
        }
        relayUntilQuiet();

        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
        driveCourier(once, start, false);
        driveCourier(copies, start, true);
        Eventually.await(Duration.ofSeconds(30), () -> historyOf(copies, 0), h -> h.contains("arriving"));
        Eventually.await(Duration.ofSeconds(30), () -> historyOf(once, 0), h -> h.contains("arriving"));
        relayUntilQuiet();

        for (Story story : List.of(once, copies)) {
            move(story, 0, "DELIVERED");
        }
        relayUntilQuiet();

        JsonObject expected = Eventually.await(Duration.ofSeconds(30), () -> effects(once),
            e -> e.getJsonArray("orders").getJsonObject(0).getString("status").equals("DELIVERED")
                && everyChangeNotified(e));
        LOG.info("effects of the in-order run: {}", expected.encode());
        assertEquals(3, expected.getInteger("stock"), "5, less 2 delivered; the cancelled 2 came back: " + expected.encodePrettily());
        JsonObject actual = Eventually.await(Duration.ofSeconds(30), () -> effects(copies), expected::equals);
        Thread.sleep(2_000); // anything still on its way must not change it either
        assertEquals(expected.encodePrettily(), effects(copies).encodePrettily(), "seed " + seed);
        assertEquals(expected.encodePrettily(), effects(once).encodePrettily());
        assertEquals(actual, expected);
    }

    private Story begin(String tenant, Api api) throws Exception {
        assertEquals(200, api.put("/v1/inventory/" + SKU, "{\"available\": 5}").status());
        Api.Response hook = api.post("/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/redelivery-" + tenant
            + "\", \"events\": [\"order.placed\", \"order.status-changed\", \"order.arriving\"]}");
        assertEquals(201, hook.status(), hook.toString());
        return new Story(tenant, api, new ArrayList<>(), hook.json().getString("id"));
    }

    private void move(Story story, int order, String status) {
        Api.Response moved = story.api().put("/v1/orders/" + story.orders().get(order) + "/status",
            "{\"status\": \"" + status + "\"}");
        assertEquals(200, moved.status(), moved.toString());
    }

    private void awaitStatus(Story story, int order, String status) {
        Eventually.await(Duration.ofSeconds(30),
            () -> story.api().get("/v1/orders/" + story.orders().get(order)).json().getString("status"), status::equals);
    }

    private String historyOf(Story story, int order) {
        return story.api().get("/v1/orders/" + story.orders().get(order)).json().getJsonArray("history").encode();
    }

    // --- the test's outbox relay

    /** Relays both tenants' outbox rows round after round, until neither has had one for two seconds. */
    private void relayUntilQuiet() throws Exception {
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(2)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the outbox did not go quiet within a minute");
            }
            int relayed = relayRound(ONCE, false) + relayRound(COPIES, true);
            if (relayed > 0) {
                quietSince = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }

    private int relayRound(String tenant, boolean withCopies) throws Exception {
        List<String[]> rows = db.rows("""
            SELECT id, topic, record_key, payload::text FROM outbox
            WHERE sent_at IS NULL AND id > $1 AND payload->>'tenantid' = $2 ORDER BY id""", outboxStart, tenant);
        if (rows.isEmpty()) {
            return 0;
        }
        List<ProducerRecord<String, String>> round = rows.stream()
            .map(r -> new ProducerRecord<>(r[1], r[2], r[3])).toList();
        send(withCopies ? withCopies(round) : round);
        db.update("UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])",
            (Object) rows.stream().map(r -> Long.parseLong(r[0])).toArray(Long[]::new));
        return rows.size();
    }

    /**
     * The round as a misbehaving pipeline delivers it: keys interleaved at random with each key's
     * first copies in order, each record copied again later in the round with even odds, and up to
     * three records of earlier rounds copied in anywhere.
     */
    private List<ProducerRecord<String, String>> withCopies(List<ProducerRecord<String, String>> round) {
        Map<String, Deque<ProducerRecord<String, String>>> byKey = new LinkedHashMap<>();
        round.forEach(r -> byKey.computeIfAbsent(r.topic() + "/" + r.key(), k -> new ArrayDeque<>()).add(r));
        List<ProducerRecord<String, String>> out = new ArrayList<>();
        List<ProducerRecord<String, String>> again = new ArrayList<>();
        while (!byKey.isEmpty()) {
            List<String> keys = new ArrayList<>(byKey.keySet());
            String key = keys.get(random.nextInt(keys.size()));
            ProducerRecord<String, String> next = byKey.get(key).poll();
            if (byKey.get(key).isEmpty()) {
                byKey.remove(key);
            }
            out.add(next);
            if (random.nextBoolean()) {
                again.add(next);
            }
        }
        for (ProducerRecord<String, String> copy : again) {
            int first = out.indexOf(copy);
            out.add(first + 1 + random.nextInt(out.size() - first), copy);
        }
        for (int i = 0; i < 3 && !sentToCopies.isEmpty(); i++) {
            out.add(random.nextInt(out.size() + 1), sentToCopies.get(random.nextInt(sentToCopies.size())));
        }
        sentToCopies.addAll(round);
        return out;
    }

    private void send(List<ProducerRecord<String, String>> records) throws Exception {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        records.forEach(r -> acks.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()))));
        producer.flush();
        for (java.util.concurrent.Future<?> ack : acks) {
            ack.get(10, TimeUnit.SECONDS);
        }
    }

    // --- the courier, straight to Kafka

    /**
     * Twelve fixes from 3 km out to the destination (52.52, 13.405), five seconds apart, the last
     * three inside the arrival geofence; with copies they are shuffled and some sent twice. A
     * thirteenth inside, half a minute later, is sent last either way: a late fix cannot complete
     * the geofence's dwell, so a shuffled courier arrives only with a fix newer than the ones it has.
     */
    private void driveCourier(Story story, Instant start, boolean withCopies) throws Exception {
        String shipment = story.api().get("/v1/orders/" + story.orders().get(0)).json().getString("shipmentId");
        List<ProducerRecord<String, String>> fixes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double lat = 52.52 - 0.027 * Math.max(0, 9 - i) / 9.0 - (i >= 9 ? 0.0002 * (11 - i) : 0);
            Instant at = start.plusSeconds(5L * i);
            JsonObject fix = new JsonObject().put("shipmentId", shipment).put("lat", lat).put("lon", 13.405)
                .put("recordedAt", at.toString()).put("speed", 8.0).put("heading", 0.0).put("accuracy", 5.0)
                .put("courierId", "courier-1");
            fixes.add(new ProducerRecord<>(ShipmentTopics.SHIPMENTS, shipment,
                ShipmentEvents.locationRecorded(story.tenant(), fix, at.plusMillis(200)).encode()));
        }
        if (withCopies) {
            List<ProducerRecord<String, String>> shuffled = new ArrayList<>(fixes);
            fixes.stream().filter(f -> random.nextBoolean()).forEach(shuffled::add);
            Collections.shuffle(shuffled, random);
            fixes = shuffled;
        }
        Instant last = start.plusSeconds(5L * 11 + 30);
        JsonObject waiting = new JsonObject().put("shipmentId", shipment).put("lat", 52.52).put("lon", 13.405)
            .put("recordedAt", last.toString()).put("speed", 8.0).put("heading", 0.0).put("accuracy", 5.0)
            .put("courierId", "courier-1");
        fixes.add(new ProducerRecord<>(ShipmentTopics.SHIPMENTS, shipment,
            ShipmentEvents.locationRecorded(story.tenant(), waiting, last.plusMillis(200)).encode()));
        send(fixes);
    }

    // --- what the consumers did, with ids replaced by their place in the story

    private JsonObject effects(Story story) {
        try {
            Map<String, String> names = new LinkedHashMap<>();
            for (int i = 0; i < story.orders().size(); i++) {
                names.put(story.orders().get(i), "order-" + i);
            }
            JsonArray orders = new JsonArray();
            JsonArray reservations = new JsonArray();
            JsonArray answers = new JsonArray();
            JsonArray deliveries = new JsonArray();
            JsonArray journals = new JsonArray();
            for (String id : story.orders()) {
                JsonObject order = story.api().get("/v1/orders/" + id).json();
                orders.add(new JsonObject().put("status", order.getString("status")).put("version", order.getInteger("version"))
                    .put("history", new JsonArray(order.getJsonArray("history").stream()
                        .map(h -> ((JsonObject) h).getString("status") + " by " + ((JsonObject) h).getString("cause")).toList())));
                reservations.add(column("SELECT status FROM reservations WHERE order_id = $1", id));
                answers.add(column("SELECT payload->>'type' FROM outbox WHERE topic = 'meridian.inventory' AND record_key = $1 "
                    + "ORDER BY 1", id));
                deliveries.add(column("SELECT event_type FROM webhook_deliveries WHERE webhook_id = $1 "
                    + "AND payload::jsonb->>'subject' = $2 ORDER BY 1", story.webhook(), id));
                journals.add(journal(story.tenant(), id));
            }
            String shipment = story.api().get("/v1/orders/" + story.orders().get(0)).json().getString("shipmentId");
            JsonObject tracked = story.api().get("/v1/shipments/" + shipment).json();
            return new JsonObject()
                .put("stock", story.api().get("/v1/inventory/" + SKU).json().getInteger("available"))
                .put("orders", orders).put("reservations", reservations).put("inventoryAnswers", answers)
                .put("webhookDeliveries", deliveries).put("journals", journals)
                .put("notifications", notificationsOf(story, names))
                .put("position", withoutEstimatedTimes(tracked.getJsonObject("position")))
                // Whether it arrived, not when: a shuffled courier's late fixes cannot complete the
                // dwell, so it enters the geofence (as far as Meridian can tell) at its newest fix.
                .put("arrived", !column("SELECT 1 FROM shipments WHERE id = $1 AND arriving_at IS NOT NULL", shipment)
                    .isEmpty())
                .put("locationHistory", column("SELECT count(*) FROM location_history WHERE shipment_id = $1", shipment));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The position without the ETA's times, which are counted from when a batch was read, not from the records. */
    private static JsonObject withoutEstimatedTimes(JsonObject position) {
        if (position == null) {
            return null;
        }
        JsonObject copy = position.copy();
        JsonObject eta = copy.getJsonObject("eta");
        if (eta != null) {
            List.of("arrivesAt", "originalArrivesAt", "previousArrivesAt", "revisedAt").forEach(eta::remove);
        }
        return copy;
    }

    private JsonArray column(String sql, Object... params) throws Exception {
        return new JsonArray(db.rows(sql, params).stream().map(r -> r[0]).toList());
    }

    /** The order's journal as the versions and statuses it holds, oldest first. */
    private JsonArray journal(String tenantId, String orderId) throws Exception {
        io.vertx.core.Vertx vertx = node.node().vertx();
        io.vertx.redis.client.Redis redis = io.vertx.redis.client.Redis.createClient(vertx, infra.redisUrl());
        try {
            var entries = redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XRANGE)
                .arg(EventJournal.key(tenantId, EventJournal.entityStream(orderId))).arg("-").arg("+")).await(10, TimeUnit.SECONDS);
            JsonArray out = new JsonArray();
            for (var entry : entries) {
                var fields = entry.get(1);
                for (int i = 0; i < fields.size(); i += 2) {
                    if ("d".equals(fields.get(i).toString())) {
                        JsonObject d = new JsonObject(fields.get(i + 1).toString());
                        out.add(d.getInteger("version") + " " + d.getString("status"));
                    }
                }
            }
            return out;
        } finally {
            redis.close();
        }
    }

    /** The notifications of each of the story's orders, in the order its customer got them, ids replaced by names. */
    private JsonObject notificationsOf(Story story, Map<String, String> names) {
        JsonObject out = new JsonObject();
        names.values().forEach(name -> out.put(name, new JsonArray()));
        for (ILoggingEvent event : notifications.events()) {
            String message = event.getFormattedMessage();
            names.forEach((id, name) -> {
                if (message.contains(id)) {
                    out.getJsonArray(name).add(message.replace(id, name).replace("tenant " + story.tenant(), "tenant"));
                }
            });
        }
        return out;
    }

    /** Every history entry of every order was announced, so each is one notification. */
    private static boolean everyChangeNotified(JsonObject effects) {
        int changes = effects.getJsonArray("orders").stream()
            .mapToInt(o -> ((JsonObject) o).getJsonArray("history").size()).sum();
        int sent = effects.getJsonObject("notifications").stream()
            .mapToInt(e -> ((JsonArray) e.getValue()).size()).sum();
        return changes == sent;
    }
}
