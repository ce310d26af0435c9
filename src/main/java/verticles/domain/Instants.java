package verticles.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The rule every time a client sends obeys: a zoned ISO-8601 instant inside a {@link TimeWindow}. */
public final class Instants {

    private Instants() {
    }

    /** Like {@link #read(Object, String, TimeWindow)} for any time from 2000 to {@code latest}. */
    public static Checked<Instant> read(Object value, String field, Instant latest) {
        return read(value, field, TimeWindow.upTo(latest));
    }

    /**
     * Reads {@code value} ({@code 2026-11-22T10:15:30Z}, or with an offset) as an instant inside
     * {@code window}, truncated to microseconds; otherwise the violation, named {@code field}.
     */
    public static Checked<Instant> read(Object value, String field, TimeWindow window) {
        if (!(value instanceof String text)) {
            return Checked.invalid(field, "must be an ISO-8601 time string");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return Checked.invalid(field, "must be an ISO-8601 time with a zone, like 2026-11-22T10:15:30Z");
        }
        if (at.isAfter(window.latest())) {
            return Checked.invalid(field, "is in the future");
        }
        if (at.isBefore(window.earliest())) {
            return Checked.invalid(field, window.tooOld());
        }
        // PostgreSQL keeps microseconds; cut here, so every copy (Kafka, Redis, history) agrees.
        return Checked.valid(at.truncatedTo(ChronoUnit.MICROS));
    }

    /** The earliest time any client may name: the default start of a range. */
    public static Instant earliest() {
        return TimeWindow.y2k();
    }
}
