package verticles.simulator;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.geo.GreatCircle;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The courier simulator, as a verticle and as a command")
class CourierSimulatorIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    /** Two couriers, two trips, in time-lapse: 10 km a fix, so a trip of up to 450 km takes seconds. */
    @Override
    protected Map<String, String> nodeOverrides() {
        Map<String, String> overrides = new HashMap<>(withCouriers(2, "200ms", 50_000));
        overrides.put("MERIDIAN_COURIERS_TRIPS", "2");
        return overrides;
    }

    @Test
    @DisplayName("drives orders from placement to delivery: saga, scans at warehouse and hub, fixes to the door")
    void drivesOrdersToDelivery() throws Exception {
        List<JsonObject> delivered = Eventually.await(DEADLINE, this::simulatedOrders,
            orders -> orders.size() == 2 && orders.stream().allMatch(o -> "DELIVERED".equals(o.getString("status"))));
        for (JsonObject listed : delivered) {
            JsonObject order = demo.get("/v1/orders/" + listed.getString("id")).json();
            List<String> statuses = order.getJsonArray("history").stream()
                .map(h -> ((JsonObject) h).getString("status")).distinct().toList();
            assertEquals(List.of("PLACED", "CONFIRMED", "PREPARING", "OUT_FOR_DELIVERY", "DELIVERED"), statuses);

            String shipmentId = order.getString("shipmentId");
            // Scans reach history through Kafka and the tracking consumer, after their 202: wait for them.
            List<String> scans = Eventually.await(Duration.ofSeconds(30), () -> scansOf(shipmentId),
                found -> found.size() >= 4);
            assertEquals(4, scans.size(), scans.toString());
            assertTrue(scans.get(0).startsWith("ARRIVED ") && scans.get(0).endsWith(" warehouse"), scans.toString());
            assertTrue(scans.get(1).startsWith("DEPARTED ") && scans.get(1).endsWith(" warehouse"), scans.toString());
            assertTrue(scans.get(2).startsWith("ARRIVED ") && scans.get(3).startsWith("DEPARTED "), scans.toString());
            Eventually.await(Duration.ofSeconds(30), () -> fixesOf(shipmentId), n -> n >= 5);

            // It ends at the customer's door, inside the geofence, which Meridian noticed.
            JsonObject shipment = Eventually.await(Duration.ofSeconds(10), () -> demo.get("/v1/shipments/" + shipmentId).json(),
                s -> "ARRIVING".equals(s.getString("status")));
            JsonObject destination = order.getJsonObject("destination");
            JsonObject position = shipment.getJsonObject("position");
            assertEquals(0, GreatCircle.meters(new GreatCircle.Point(position.getDouble("lat"), position.getDouble("lon")),
                new GreatCircle.Point(destination.getDouble("lat"), destination.getDouble("lon"))), 1);
            assertTrue(position.getString("courierId").startsWith("courier-"));
        }
    }

    @Test
    @DisplayName("as a command against a URL: standalone shipments, delivered, then it exits 0")
    void commandLineMode() throws Exception {
        long before = db.count("SELECT count(*) FROM checkpoints WHERE facility LIKE '% delivery point'");
        int exit = SimulateCommand.run(new String[] {"--url", node.baseUrl(), "--api-key", "demo-key",
            "--mode", "shipments", "--couriers", "2", "--trips", "2", "--interval", "200ms", "--speed", "50000",
            "--duration", "120s"});
        assertEquals(0, exit);
        // Each trip ended with its delivery scan, which Kafka had taken before the command went on.
        Eventually.await(Duration.ofSeconds(20), () -> count("SELECT count(*) FROM checkpoints WHERE facility LIKE '% delivery point'"),
            n -> n == before + 2);
    }

    private long count(String sql) {
        try {
            return db.count(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonObject> simulatedOrders() {
        return demo.get("/v1/orders?limit=100").json().getJsonArray("items").stream().map(o -> (JsonObject) o)
            .filter(o -> o.getJsonObject("customer").getString("name").startsWith("Customer in ")).toList();
    }

    private List<String> scansOf(String shipmentId) {
        try {
            return db.rows("SELECT type || ' ' || facility FROM checkpoints WHERE shipment_id = $1 ORDER BY at", shipmentId)
                .stream().map(r -> r[0]).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long fixesOf(String shipmentId) {
        try {
            return db.count("SELECT count(*) FROM location_history WHERE shipment_id = $1", shipmentId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
