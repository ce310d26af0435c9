package verticles.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The request rules a schema cannot state, collected with their field paths so a request is
 * refused once with all its problems listed. Shape, types, ranges and unknown fields are the API
 * contract's (openapi/meridian.yaml, checked by ContractCheck); what is left here needs the
 * clock or knowledge of the system.
 */
public final class Rules {
    private final List<Violation> violations = new ArrayList<>();

    public void add(String field, String message) {
        violations.add(new Violation(field, message));
    }

    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
    }

    /**
     * An ISO-8601 instant with a zone ({@code 2026-11-22T10:15:30Z}, or with an offset), no
     * later than {@code latest} (now plus the allowed clock skew) and no earlier than 2000,
     * truncated to microseconds.
     */
    public Instant instant(Object value, String field, Instant latest) {
        if (!(value instanceof String s)) {
            add(field, "must be an ISO-8601 time string");
            return null;
        }
        Instant at;
        try {
            at = java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            add(field, "must be an ISO-8601 time with a zone, like 2026-11-22T10:15:30Z");
            return null;
        }
        if (at.isAfter(latest)) {
            add(field, "is in the future");
            return null;
        }
        if (at.isBefore(EARLIEST)) {
            add(field, "is before 2000");
            return null;
        }
        // PostgreSQL keeps microseconds; cut here, so every copy (Kafka, Redis, history) agrees.
        return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** How many violations so far: a reader compares before and after to tell if its part failed. */
    public int size() {
        return violations.size();
    }

    public java.util.List<Violation> violations() {
        return List.copyOf(violations);
    }

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
}
