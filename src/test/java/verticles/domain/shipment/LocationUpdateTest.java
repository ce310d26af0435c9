package verticles.domain.shipment;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import verticles.domain.Checked;
import verticles.domain.TimeWindow;
import verticles.domain.Violation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
        Checked<LocationUpdate> update = LocationUpdate.read(body, shipmentId, TimeWindow.upTo(LATEST));
        assertEquals(update.violations().isEmpty(), update instanceof Checked.Valid, "valid exactly when nothing is wrong");
        return update.violations().stream().map(Violation::field).toList();
    }

    @Test
    @DisplayName("is read with every optional field")
    void readsAValidUpdate() {
        LocationUpdate u = value(LocationUpdate.read(valid(), SHIPMENT, TimeWindow.upTo(LATEST)));
        assertEquals(new LocationUpdate(SHIPMENT, 52.52, 13.405, Instant.parse("2026-11-22T11:59:58Z"), 8.5, 270.0,
            4.0, "courier-7"), u);
    }

    @Test
    @DisplayName("needs only lat, lon and recordedAt, and accepts an offset time")
    void optionalFieldsAreOptional() {
        Map<String, Object> body = new HashMap<>(Map.of("lat", -33.9, "lon", 151.2,
            "recordedAt", "2026-11-22T13:59:00+02:00"));
        LocationUpdate u = value(LocationUpdate.read(body, SHIPMENT, TimeWindow.upTo(LATEST)));
        assertEquals(Instant.parse("2026-11-22T11:59:00Z"), u.recordedAt());
        assertNull(u.speed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTimes")
    @DisplayName("is refused, naming recordedAt, when its time is")
    void isRefusedForItsTime(String what, String recordedAt) {
        Map<String, Object> body = valid();
        body.put("recordedAt", recordedAt);
        assertEquals(List.of("recordedAt"), violations(body, SHIPMENT), what);
    }

    static Stream<Arguments> badTimes() {
        return Stream.of(
            Arguments.of("beyond the allowed skew", "2026-11-22T12:00:31Z"),
            Arguments.of("before 2000", "1999-12-31T23:59:59Z"),
            Arguments.of("without a zone (the contract's date-time format lets it through)", "2026-11-22T11:59:58"),
            Arguments.of("in a batch item, named with its position", "2030-01-01T00:00:00Z"));
    }

    @Test
    @DisplayName("in a batch carries its own shipment and names faults with the item's position")
    void batchItemsNameTheirShipment() {
        Map<String, Object> item = valid();
        item.put("shipmentId", SHIPMENT);
        item.put("recordedAt", "2030-01-01T00:00:00Z");
        assertEquals(List.of("[3].recordedAt"), LocationUpdate.read(item, null, TimeWindow.upTo(LATEST)).under("[3].").violations()
            .stream().map(Violation::field).toList());
        item.put("recordedAt", "2026-11-22T11:59:58Z");
        assertEquals(SHIPMENT, value(LocationUpdate.read(item, null, TimeWindow.upTo(LATEST)).under("[3].")).shipmentId());
    }

    @Test
    @DisplayName("checkpoint: read from a checked body; refused when its time is in the future")
    void checkpoints() {
        Checkpoint c = value(Checkpoint.read(Map.of("facility", "Berlin hub", "type", "ARRIVED",
            "at", "2026-11-22T11:00:00Z"), SHIPMENT, TimeWindow.upTo(LATEST)));
        assertEquals("ARRIVED", c.type());
        Checked<Checkpoint> refused = Checkpoint.read(
            Map.of("facility", "Berlin hub", "type", "ARRIVED", "at", "2030-01-01T00:00:00Z"), SHIPMENT, TimeWindow.upTo(LATEST));
        assertEquals(List.of("at"), refused.violations().stream().map(Violation::field).toList());
    }

    private static <T> T value(Checked<T> checked) {
        assertInstanceOf(Checked.Valid.class, checked, () -> "refused: " + checked.violations());
        return ((Checked.Valid<T>) checked).value();
    }

    @Test
    @DisplayName("refuses a fix or scan older than the history keeps, naming the field and the retention")
    void refusesWhatTheHistoryNoLongerKeeps() {
        java.time.Instant now = java.time.Instant.parse("2026-12-05T12:00:00Z");
        TimeWindow window = TimeWindow.retained(now, java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(90), "90d");
        Map<String, Object> old = new java.util.HashMap<>(valid());
        old.put("recordedAt", now.minus(java.time.Duration.ofDays(90)).minusSeconds(1).toString());
        Checked<LocationUpdate> refused = LocationUpdate.read(old, SHIPMENT, window);
        assertEquals(List.of(new Violation("recordedAt", "is older than the history retention of 90d")), refused.violations());
        old.put("recordedAt", now.minus(java.time.Duration.ofDays(90)).toString());
        assertEquals(List.of(), LocationUpdate.read(old, SHIPMENT, window).violations(), "exactly at the edge is kept");
        Checked<Checkpoint> scan = Checkpoint.read(Map.of("facility", "Berlin hub", "type", "ARRIVED",
            "at", "2026-01-01T00:00:00Z"), SHIPMENT, window);
        assertEquals(List.of(new Violation("at", "is older than the history retention of 90d")), scan.violations());
    }
}
