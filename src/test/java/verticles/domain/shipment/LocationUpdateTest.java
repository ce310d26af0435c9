package verticles.domain.shipment;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import verticles.domain.Rules;
import verticles.domain.ValidationException;
import verticles.domain.Violation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A location update")
class LocationUpdateTest {

    private static final String SHIPMENT = "shp_01m81t94ht5n1swdp370p9hyf9";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant LATEST = NOW.plusSeconds(30);

    private static Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("lat", 52.52);
        body.put("lon", 13.405);
        body.put("recordedAt", "2026-11-22T11:59:58Z");
        body.put("speed", 8.5);
        body.put("heading", 270);
        body.put("accuracy", 4);
        body.put("courierId", "courier-7");
        return body;
    }

    private static List<String> violations(Map<String, Object> body, String shipmentId) {
        Rules rules = new Rules();
        LocationUpdate update = LocationUpdate.read(body, shipmentId, "", LATEST, rules);
        if (rules.size() == 0) {
            assertNotNull(update);
        } else {
            assertNull(update, "a refused update yields nothing");
        }
        return rules.violations().stream().map(Violation::field).toList();
    }

    @Test
    @DisplayName("is read with every optional field")
    void readsAValidUpdate() {
        Rules rules = new Rules();
        LocationUpdate u = LocationUpdate.read(valid(), SHIPMENT, "", LATEST, rules);
        assertEquals(0, rules.size());
        assertEquals(new LocationUpdate(SHIPMENT, 52.52, 13.405, Instant.parse("2026-11-22T11:59:58Z"), 8.5, 270.0,
            4.0, "courier-7"), u);
    }

    @Test
    @DisplayName("needs only lat, lon and recordedAt, and accepts an offset time")
    void optionalFieldsAreOptional() {
        Map<String, Object> body = new HashMap<>(Map.of("lat", -33.9, "lon", 151.2,
            "recordedAt", "2026-11-22T13:59:00+02:00"));
        Rules rules = new Rules();
        LocationUpdate u = LocationUpdate.read(body, SHIPMENT, "", LATEST, rules);
        assertEquals(Instant.parse("2026-11-22T11:59:00Z"), u.recordedAt());
        assertNull(u.speed());
    }

    static Stream<Arguments> brokenUpdates() {
        return Stream.of(
            broken("latitude above 90", "lat", b -> b.put("lat", 90.0001)),
            broken("latitude below -90", "lat", b -> b.put("lat", -91)),
            broken("longitude above 180", "lon", b -> b.put("lon", 180.5)),
            broken("longitude below -180", "lon", b -> b.put("lon", -181)),
            broken("latitude NaN", "lat", b -> b.put("lat", Double.NaN)),
            broken("longitude infinite", "lon", b -> b.put("lon", Double.NEGATIVE_INFINITY)),
            broken("latitude as a string", "lat", b -> b.put("lat", "52.5")),
            broken("latitude missing", "lat", b -> b.remove("lat")),
            broken("recordedAt missing", "recordedAt", b -> b.remove("recordedAt")),
            broken("recordedAt not a time", "recordedAt", b -> b.put("recordedAt", "yesterday")),
            broken("recordedAt without a zone", "recordedAt", b -> b.put("recordedAt", "2026-11-22T11:59:58")),
            broken("recordedAt as a number", "recordedAt", b -> b.put("recordedAt", 1_700_000_000)),
            broken("recordedAt beyond the allowed skew", "recordedAt", b -> b.put("recordedAt", "2026-11-22T12:00:31Z")),
            broken("recordedAt before 2000", "recordedAt", b -> b.put("recordedAt", "1999-12-31T23:59:59Z")),
            broken("negative speed", "speed", b -> b.put("speed", -0.1)),
            broken("speed as a string", "speed", b -> b.put("speed", "fast")),
            broken("negative accuracy", "accuracy", b -> b.put("accuracy", -1)),
            broken("heading of 360", "heading", b -> b.put("heading", 360)),
            broken("negative heading", "heading", b -> b.put("heading", -1)),
            broken("blank courierId", "courierId", b -> b.put("courierId", " ")),
            broken("an unknown field", "altitude", b -> b.put("altitude", 30)),
            broken("a shipmentId in a single update's body", "shipmentId", b -> b.put("shipmentId", SHIPMENT)));
    }

    private static Arguments broken(String what, String field, Consumer<Map<String, Object>> breakIt) {
        return Arguments.of(what, field, breakIt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenUpdates")
    @DisplayName("is refused, naming the field, with")
    void isRefused(String what, String field, Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> body = valid();
        breakIt.accept(body);
        assertEquals(List.of(field), violations(body, SHIPMENT), what);
    }

    @Test
    @DisplayName("in a batch must name a well-formed shipment, with the item's position in the field")
    void batchItemsNameTheirShipment() {
        Map<String, Object> missing = valid();
        Rules rules = new Rules();
        assertNull(LocationUpdate.read(missing, null, "[3].", LATEST, rules));
        assertEquals(List.of("[3].shipmentId"), rules.violations().stream().map(Violation::field).toList());

        Map<String, Object> foreignShape = valid();
        foreignShape.put("shipmentId", "ord_01m81t94ht5n1swdp370p9hyf9");
        assertEquals(List.of("shipmentId"), violations(foreignShape, null));

        Map<String, Object> good = valid();
        good.put("shipmentId", SHIPMENT);
        assertEquals(List.of(), violations(good, null));
    }

    @Test
    @DisplayName("checkpoint: accepted with facility, type and time; refused otherwise, naming each field")
    void checkpoints() {
        Checkpoint c = Checkpoint.parse(Map.of("facility", "Berlin hub", "type", "ARRIVED",
            "at", "2026-11-22T11:00:00Z"), SHIPMENT, LATEST);
        assertEquals("ARRIVED", c.type());
        ValidationException e = assertThrows(ValidationException.class, () -> Checkpoint.parse(
            Map.of("facility", "", "type", "LOST", "at", "2030-01-01T00:00:00Z", "by", "x"), SHIPMENT, LATEST));
        assertEquals(List.of("by", "facility", "type", "at"),
            e.violations().stream().map(Violation::field).toList());
        assertTrue(e.getMessage().contains("4 problems"));
    }
}
