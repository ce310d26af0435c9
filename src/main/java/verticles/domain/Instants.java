package verticles.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The rule every time a client sends obeys: a zoned ISO-8601 instant, from 2000 to now plus the allowed skew. */
public final class Instants {

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private Instants() {
    }

    /**
     * Reads {@code value} ({@code 2026-11-22T10:15:30Z}, or with an offset) as an instant no later
     * than {@code latest} (now plus the allowed clock skew) and no earlier than 2000, truncated to
     * microseconds; otherwise the violation, named {@code field}.
     */
    public static Checked<Instant> read(Object value, String field, Instant latest) {
        if (!(value instanceof String text)) {
            return Checked.invalid(field, "must be an ISO-8601 time string");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return Checked.invalid(field, "must be an ISO-8601 time with a zone, like 2026-11-22T10:15:30Z");
        }
        if (at.isAfter(latest)) {
            return Checked.invalid(field, "is in the future");
        }
        if (at.isBefore(EARLIEST)) {
            return Checked.invalid(field, "is before 2000");
        }
        // PostgreSQL keeps microseconds; cut here, so every copy (Kafka, Redis, history) agrees.
        return Checked.valid(at.truncatedTo(ChronoUnit.MICROS));
    }

    /** The earliest time any client may name: the default start of a range. */
    public static Instant earliest() {
        return EARLIEST;
    }
}
