package verticles.domain.device;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests in the shapes the protocol's clients send them: OsmAnd's live-tracking URL template,
 * Traccar Client before version 9 (query parameters, seconds or milliseconds, the spaced date
 * some units send, {@code location=lat,lon}), and Traccar Client 9's JSON.
 */
@DisplayName("An OsmAnd request becomes a Meridian location update, units converted and bad values refused")
class OsmAndTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    private static Map<String, String> query(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    @Test
    void theQueryFormWithSecondsAndKnots() {
        OsmAnd.Reading r = OsmAnd.fromParameters(
            query("id=352625690000001&timestamp=1764928800&lat=52.5200&lon=13.4050&speed=10.0&bearing=90.5"
                + "&altitude=34.0&accuracy=12.0&batt=87.5"), NOW);
        assertTrue(r.isValid(), r.violations()::toString);
        assertEquals("352625690000001", r.identifier());
        assertEquals(52.52, r.update().get("lat"));
        assertEquals(13.405, r.update().get("lon"));
        assertEquals("2025-12-05T10:00:00Z", r.update().get("recordedAt"));
        assertEquals(5.144, (Double) r.update().get("speed"), 0.001, "10 knots in m/s");
        assertEquals(90.5, r.update().get("heading"));
        assertEquals(12.0, r.update().get("accuracy"));
        assertFalse(r.update().containsKey("altitude"), "a position has no altitude");
    }

    @Test
    void timestampsInMillisecondsIsoAndSpacedFormsAndNoneAtAll() {
        assertEquals("2026-12-05T09:59:00.123Z",
            OsmAnd.fromParameters(query("id=a&lat=1&lon=2&timestamp=1796464740123"), NOW).update().get("recordedAt"));
        assertEquals("2026-12-05T09:58:00Z",
            OsmAnd.fromParameters(query("id=a&lat=1&lon=2&timestamp=2026-12-05T09%3A58%3A00Z"), NOW).update().get("recordedAt"));
        assertEquals("2026-12-05T09:57:00Z",
            OsmAnd.fromParameters(query("id=a&lat=1&lon=2&timestamp=2026-12-05+09%3A57%3A00"), NOW).update().get("recordedAt"));
        assertEquals(NOW.toString(), OsmAnd.fromParameters(query("id=a&lat=1&lon=2"), NOW).update().get("recordedAt"),
            "a fix without a time is where the device is now");
    }

    @Test
    void deviceidAndLocationAndHeadingAreAliases() {
        OsmAnd.Reading r = OsmAnd.fromParameters(query("deviceid=unit-7&location=60.0,30.5&heading=180"), NOW);
        assertTrue(r.isValid(), r.violations()::toString);
        assertEquals("unit-7", r.identifier());
        assertEquals(60.0, r.update().get("lat"));
        assertEquals(30.5, r.update().get("lon"));
        assertEquals(180.0, r.update().get("heading"));
    }

    @Test
    void badValuesAreRefusedNotGuessed() {
        for (String bad : new String[] {"id=a&lat=north&lon=2", "id=a&lat=1&lon=2&speed=fast", "id=a&lat=1&lon=2&timestamp=yesterday",
                "id=a&lon=2", "id=a&location=1;2", "id=a&lat=NaN&lon=2", "id=a&lat=1&lon=Infinity", "id=a&lat=1&lon=2&batt=full"}) {
            assertFalse(OsmAnd.fromParameters(query(bad), NOW).isValid(), bad);
        }
        assertNull(OsmAnd.fromParameters(query("lat=1&lon=2"), NOW).identifier());
    }

    @Test
    void traccarClientNineJson() {
        JsonObject body = new JsonObject("""
            {"location": {"timestamp": "2026-12-05T09:59:30.500Z",
                          "coords": {"latitude": 48.8566, "longitude": 2.3522, "accuracy": 4.5, "speed": 7.25,
                                     "heading": 271.0, "altitude": 35.1},
                          "is_moving": true, "odometer": 1520.5, "event": "motionchange",
                          "battery": {"level": 0.64, "is_charging": false}, "activity": {"type": "in_vehicle"},
                          "extras": {}},
             "device_id": "pixel-8-courier"}""");
        OsmAnd.Reading r = OsmAnd.fromJson(body.getMap());
        assertTrue(r.isValid(), r.violations()::toString);
        assertEquals("pixel-8-courier", r.identifier());
        assertEquals(Map.of("lat", 48.8566, "lon", 2.3522, "speed", 7.25, "heading", 271.0, "accuracy", 4.5,
            "recordedAt", "2026-12-05T09:59:30.500Z"), r.update(), "speed stays m/s in the JSON form");
    }

    @Test
    void jsonUnknownSpeedAndHeadingAreNegativeAndMalformedJsonIsRefused() {
        JsonObject still = new JsonObject("""
            {"location": {"timestamp": "2026-12-05T09:59:30Z",
                          "coords": {"latitude": 1.0, "longitude": 2.0, "accuracy": 20, "speed": -1, "heading": -1, "altitude": 0}},
             "device_id": "d"}""");
        OsmAnd.Reading r = OsmAnd.fromJson(still.getMap());
        assertTrue(r.isValid(), r.violations()::toString);
        assertFalse(r.update().containsKey("speed"));
        assertFalse(r.update().containsKey("heading"));

        assertFalse(OsmAnd.fromJson(new JsonObject("{\"device_id\": \"d\"}").getMap()).isValid(), "no location");
        assertFalse(OsmAnd.fromJson(new JsonObject("""
            {"device_id": "d", "location": {"coords": {"latitude": 1, "longitude": 2}}}""").getMap()).isValid(), "no time");
        assertFalse(OsmAnd.fromJson(new JsonObject("""
            {"device_id": "d", "location": {"timestamp": "2026-12-05T09:59:30Z", "coords": {"latitude": "1", "longitude": 2}}}""")
            .getMap()).isValid(), "a latitude as text");
        assertFalse(OsmAnd.fromJson(new JsonObject("""
            {"device_id": 7, "location": {"timestamp": "2026-12-05T09:59:30Z", "coords": {"latitude": 1, "longitude": 2}}}""")
            .getMap()).isValid(), "a numeric device id");
    }
}
