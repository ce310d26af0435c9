package verticles.devices;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.dev.FreePorts;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GPS devices over the OsmAnd protocol, replayed as the two client generations send them: the
 * query form (OsmAnd's live tracking and Traccar Client before 9, by GET, by POST with the
 * parameters in the URL, and as a form body) and Traccar Client 9's JSON.
 */
@DisplayName("A registered device's OsmAnd fixes go to the shipment it is assigned to, under the API's rules")
class OsmAndDevicesIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** The protocol's own port, as Traccar's 5055: a free one here. */
    private static final int OSMAND_PORT = FreePorts.next();

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("MERIDIAN_INGEST_OSMAND_PORT", String.valueOf(OSMAND_PORT));
    }

    private Api device() {
        return node.api(null);
    }

    private JsonObject register(String identifier) {
        Api.Response created = demo.post("/v1/devices", "{\"identifier\": \"" + identifier + "\", \"name\": \"Van 7\"}");
        assertEquals(201, created.status(), created::toString);
        return created.json();
    }

    private JsonObject positionAt(String shipment, Instant at) {
        return Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + shipment).json().getJsonObject("position"),
            p -> p != null && at.equals(Instant.parse(p.getString("recordedAt"))));
    }

    @Test
    @DisplayName("each client generation's request lands on the shipment, units converted, the device as courier")
    void everyClientGeneration() {
        String identifier = "35262569" + (System.nanoTime() % 10_000_000);
        JsonObject registered = register(identifier);
        String deviceId = registered.getString("id");
        assertTrue(deviceId.startsWith("dev_"));
        assertNull(registered.getString("shipmentId"));
        String shipment = demo.createShipment();
        Api.Response assigned = demo.put("/v1/devices/" + deviceId + "/assignment", "{\"shipmentId\": \"" + shipment + "\"}");
        assertEquals(200, assigned.status(), assigned::toString);
        assertEquals(shipment, demo.get("/v1/devices/" + deviceId).json().getString("shipmentId"));

        Instant t0 = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        Api.Response get = device().get("/osmand?id=" + identifier + "&timestamp=" + t0.getEpochSecond()
            + "&lat=52.5200&lon=13.4050&speed=10.0&bearing=90.5&altitude=34.0&accuracy=12.0&batt=87.5");
        assertEquals(200, get.status(), get::toString);
        JsonObject first = positionAt(shipment, t0);
        assertEquals(52.52, first.getDouble("lat"));
        assertEquals(5.144, first.getDouble("speed"), 0.001, "10 knots");
        assertEquals(90.5, first.getDouble("heading"));
        assertEquals(deviceId, first.getString("courierId"), "the device, never its identifier");

        Instant t1 = t0.plusSeconds(10);
        Api.Response postedQuery = device().send("POST", "/osmand?deviceid=" + identifier + "&timestamp="
            + t1.toEpochMilli() + "&location=52.5210,13.4050", null, null);
        assertEquals(200, postedQuery.status(), postedQuery::toString);
        assertEquals(52.521, positionAt(shipment, t1).getDouble("lat"));

        Instant t2 = t0.plusSeconds(20);
        Api.Response form = device().send("POST", "/osmand", "application/x-www-form-urlencoded",
            "id=" + identifier + "&lat=52.5220&lon=13.4050&timestamp=" + t2.toString().replace(":", "%3A"));
        assertEquals(200, form.status(), form::toString);
        assertEquals(52.522, positionAt(shipment, t2).getDouble("lat"));

        Instant t3 = t0.plusSeconds(30);
        Api.Response json = device().send("POST", "/osmand", "application/json", new JsonObject()
            .put("location", new JsonObject().put("timestamp", t3.toString()).put("is_moving", true).put("odometer", 120.5)
                .put("event", "motionchange").put("coords", new JsonObject().put("latitude", 52.5230).put("longitude", 13.4050)
                    .put("accuracy", 4.5).put("speed", 7.25).put("heading", -1).put("altitude", 35.1))
                .put("battery", new JsonObject().put("level", 0.64).put("is_charging", false))
                .put("activity", new JsonObject().put("type", "in_vehicle")).put("extras", new JsonObject()))
            .put("device_id", identifier).encode());
        assertEquals(200, json.status(), json::toString);
        JsonObject fromJson = positionAt(shipment, t3);
        assertEquals(7.25, fromJson.getDouble("speed"), 0.001, "m/s in the JSON form");
        assertNull(fromJson.getValue("heading"), "-1 is unknown");

        Instant t4 = t0.plusSeconds(40);
        Api.Response ownPort = new Api("http://127.0.0.1:" + OSMAND_PORT, null)
            .get("/?id=" + identifier + "&lat=52.5240&lon=13.4050&timestamp=" + t4.getEpochSecond());
        assertEquals(200, ownPort.status(), ownPort::toString);
        assertEquals(52.524, positionAt(shipment, t4).getDouble("lat"), "the protocol's own port, at its root");
    }

    @Test
    @DisplayName("an unknown or unassigned identifier and a bad value are answered 400, and nothing is recorded")
    void refusals() throws Exception {
        Instant at = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        String unknown = "nobody-" + UUID.randomUUID();
        assertEquals(400, device().get("/osmand?id=" + unknown + "&lat=1&lon=2&timestamp=" + at.getEpochSecond()).status());
        assertEquals(400, device().get("/osmand?lat=1&lon=2").status(), "no identifier");

        String identifier = "unit-" + UUID.randomUUID().toString().substring(0, 8);
        String deviceId = register(identifier).getString("id");
        assertEquals(400, device().get("/osmand?id=" + identifier + "&lat=1&lon=2").status(), "not assigned to a shipment");
        String shipment = demo.createShipment();
        assertEquals(200, demo.put("/v1/devices/" + deviceId + "/assignment", "{\"shipmentId\": \"" + shipment + "\"}").status());

        for (String bad : new String[] {"lat=91&lon=2", "lat=1&lon=181", "lat=1&lon=2&speed=-3", "lat=north&lon=2",
                "lat=1&lon=2&bearing=361", "lat=1&lon=2&timestamp=" + Instant.now().plusSeconds(3600).getEpochSecond(),
                "lat=1&lon=2&timestamp=86400", "lat=1&lon=2&accuracy=-1"}) {
            Api.Response refused = device().get("/osmand?id=" + identifier + "&" + bad);
            assertEquals(400, refused.status(), bad + ": " + refused);
            assertTrue(refused.isProblem(), refused::toString);
        }
        assertEquals(400, device().send("POST", "/osmand", "application/json", "{not json").status());
        assertEquals(400, device().send("POST", "/osmand", "application/json",
            "{\"device_id\": \"" + identifier + "\", \"location\": {\"coords\": {\"latitude\": 1, \"longitude\": 2}}}").status(),
            "no timestamp");
        assertEquals(0, db.count("SELECT count(*) FROM location_history WHERE shipment_id = $1", shipment));

        assertEquals(409, demo.post("/v1/devices", "{\"identifier\": \"" + identifier + "\", \"name\": \"again\"}").status());
        assertEquals(409, acme.post("/v1/devices", "{\"identifier\": \"" + identifier + "\", \"name\": \"mine\"}").status(),
            "identifiers are unique across tenants");
        assertEquals(404, acme.get("/v1/devices/" + deviceId).status(), "another tenant's device");
        String acmeShipment = acme.createShipment();
        assertEquals(404, demo.put("/v1/devices/" + deviceId + "/assignment", "{\"shipmentId\": \"" + acmeShipment + "\"}").status(),
            "another tenant's shipment");
    }
}
