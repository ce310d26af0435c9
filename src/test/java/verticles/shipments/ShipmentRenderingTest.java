package verticles.shipments;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cache's rendering of a shipment, in pieces, against the whole document {@link ShipmentView}
 * makes: for shipments with and without each part, read before and after the staleness limit,
 * the answer must be the document itself, or (stale) the document with its position marked
 * stale and its announced arrival time removed, and nothing else changed.
 */
@DisplayName("A shipment rendered from the cache")
class ShipmentRenderingTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final long SEED = Long.getLong("contract.seed", System.nanoTime());
    /** Courier ids that try to forge the keys the stale marking edits. */
    private static final List<String> COURIERS = List.of("cou_1", "\"stale\":false", "x\",\"stale\":false,\"y\":\"",
        "\\\"arrivesAt\\\":\"2030-01-01T00:00:00Z\"", "\"arrivesAt\":\"", "\\", "é\u2028\"", "\"eta\":{\"arrivesAt\":1}");

    @Test
    @DisplayName("is the shipment's document, its position marked stale exactly when the courier went quiet")
    void matchesTheWholeDocument() {
        Random random = new Random(SEED);
        int stale = 0;
        for (int i = 0; i < 500; i++) {
            ShipmentView view = view(random);
            Instant now = T0.plusSeconds(random.nextInt(1_200));
            String shown = view.rendered().shown(now, STALE_AFTER, null);
            JsonObject expected = view.toJson();
            if (view.position() != null && now.isAfter(T0.plus(STALE_AFTER))) {
                stale++;
                JsonObject position = expected.getJsonObject("position").put("stale", true);
                if (position.getJsonObject("eta") != null) {
                    position.getJsonObject("eta").putNull("arrivesAt");
                }
            }
            assertEquals(expected.encode(), shown, "seed " + SEED + ", read at " + now);
        }
        assertEquals(true, stale > 50 && stale < 450, stale + " of 500 stale; both kinds must be drawn (seed " + SEED + ")");
    }

    @Test
    @DisplayName("marks a position stale as text exactly as decoding and encoding it would")
    void markedAsTextAsDecoded() {
        Random random = new Random(SEED);
        for (int i = 0; i < 500; i++) {
            ShipmentView view = view(random);
            if (view.position() != null) {
                String position = view.position().encode();
                assertEquals(ShipmentView.markedStaleByDecoding(position), ShipmentView.markedStale(position),
                    "seed " + SEED);
            }
        }
        String unmarked = new JsonObject().put("lat", 1.0).put("eta", new JsonObject().put("arrivesAt", "x")).encode();
        assertEquals("{\"lat\":1.0,\"eta\":{\"arrivesAt\":null},\"stale\":true}", ShipmentView.markedStale(unmarked),
            "a position stored without the flag is decoded and gets one");
    }

    private static ShipmentView view(Random random) {
        JsonObject fixed = ShipmentView.fixed("shp_a", random.nextBoolean() ? "ord_b" : null, "ref \"quoted\" é",
            new JsonObject().put("lat", 52.5).put("lon", 13.4), null, T0.minusSeconds(3_600));
        JsonObject position = null;
        if (random.nextInt(4) != 0) {
            position = ShipmentView.position(T0, 52.51, 13.41, random.nextBoolean() ? 8.5 : null, null, 5.0,
                COURIERS.get(random.nextInt(COURIERS.size())), T0.plusSeconds(1));
            if (random.nextInt(5) == 0) {
                position.put("stale", true);
            }
            if (random.nextBoolean()) {
                position.put("eta", new JsonObject().put("remainingMeters", 1200.0).put("speed", 8.5)
                    .put("arrivesAt", random.nextInt(4) == 0 ? null : T0.plusSeconds(150).toString()).put("originalArrivesAt", T0.plusSeconds(140).toString())
                    .putNull("previousArrivesAt").putNull("revisedAt"));
            }
        }
        JsonObject checkpoint = random.nextBoolean() ? null
            : ShipmentView.checkpoint(T0.minusSeconds(60), "PICKED_UP", "fac_1", T0.plusSeconds(random.nextInt(5)));
        String arrivingAt = position != null && random.nextInt(3) == 0 ? T0.plusSeconds(30).toString() : null;
        return new ShipmentView("ten_1", fixed, position, checkpoint, arrivingAt);
    }
}
