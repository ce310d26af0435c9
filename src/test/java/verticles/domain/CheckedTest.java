package verticles.domain;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("A checked request")
class CheckedTest {

    private static final Instant LATEST = Instant.parse("2026-11-22T12:00:30Z");

    @Test
    @DisplayName("combines two parts, keeping every violation of both in order")
    void combinesBothParts() {
        Checked<Instant> from = Instants.read("1999-01-01T00:00:00Z", "from", LATEST);
        Checked<Instant> to = Instants.read("2030-01-01T00:00:00Z", "to", LATEST);
        Checked<String> both = Checked.both(from, to, (a, b) -> a + "/" + b);
        assertEquals(List.of(new Violation("from", "is before 2000"), new Violation("to", "is in the future")),
            both.violations());
        Checked<String> fine = Checked.both(Checked.valid(1), Checked.valid(2), (a, b) -> a + "/" + b);
        assertEquals(new Checked.Valid<>("1/2"), fine);
    }

    @Test
    @DisplayName("maps only a valid value, and names fields under a batch item's position")
    void mapsAndPrefixes() {
        assertEquals(new Checked.Valid<>(4), Checked.valid(2).map(n -> n * 2));
        Checked<Integer> bad = Checked.<Integer>invalid("recordedAt", "is in the future").map(n -> n * 2);
        assertEquals(List.of(new Violation("[7].recordedAt", "is in the future")), bad.under("[7].").violations());
        assertEquals(List.of(), Checked.valid(1).under("[7].").violations());
    }

    @Test
    @DisplayName("cannot be invalid without naming a violation")
    void invalidNamesAViolation() {
        assertThrows(IllegalArgumentException.class, () -> new Checked.Invalid<>(List.of()));
    }

    @Test
    @DisplayName("reads a zoned time, cut to microseconds, and refuses one without a zone")
    void readsTimes() {
        assertEquals(new Checked.Valid<>(Instant.parse("2026-11-22T10:15:30.123456Z")),
            Instants.read("2026-11-22T11:15:30.123456789+01:00", "at", LATEST));
        assertEquals(List.of("at"), Instants.read("2026-11-22T10:15:30", "at", LATEST).violations().stream()
            .map(Violation::field).toList());
        assertEquals(List.of("at"), Instants.read(42, "at", LATEST).violations().stream().map(Violation::field).toList());
    }
}
