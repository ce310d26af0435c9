package verticles.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a decoded JSON tree (maps, lists, strings, numbers) field by field and collects every
 * violation with its path, so a request is refused once with all its problems listed.
 */
public final class Rules {
    private final List<Violation> violations = new ArrayList<>();

    public void add(String field, String message) {
        violations.add(new Violation(field, message));
    }

    /** True, with a violation recorded, when a required value is absent. */
    private boolean missing(Object value, String field) {
        if (value == null) {
            add(field, "is required");
            return true;
        }
        return false;
    }

    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
    }

    public void onlyKnown(Map<String, ?> object, String prefix, Set<String> known) {
        object.keySet().stream().filter(k -> !known.contains(k)).sorted()
            .forEach(k -> add(prefix + k, "is not a known field"));
    }

    @SuppressWarnings("unchecked")
    public Map<String, ?> object(Object value, String field) {
        if (missing(value, field)) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            add(field, "must be an object");
            return null;
        }
        return (Map<String, ?>) map;
    }

    public String text(Object value, String field, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            add(field, "must be a string");
            return null;
        }
        if (required && s.isBlank()) {
            add(field, "must not be blank");
            return null;
        }
        if (s.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return s;
    }

    public Integer wholeNumber(Object value, String field, int min, int max) {
        if (missing(value, field)) {
            return null;
        }
        boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short
            || value instanceof BigInteger;
        if (!integral) {
            add(field, "must be a whole number");
            return null;
        }
        BigInteger n = new BigInteger(value.toString());
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            add(field, "must be between " + min + " and " + max);
            return null;
        }
        return n.intValue();
    }

    public Double number(Object value, String field, double min, double max) {
        if (missing(value, field)) {
            return null;
        }
        return optionalNumber(value, field, min, max, false);
    }

    /** A number that may be absent (null); when present it must be finite and within range. */
    public Double optionalNumber(Object value, String field, double min, double max, boolean maxExclusive) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            add(field, "must be a number");
            return null;
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            add(field, "must be a finite number");
            return null;
        }
        if (d < min || (maxExclusive ? d >= max : d > max)) {
            add(field, maxExclusive ? "must be from " + min + " up to but not including " + max
                : "must be between " + min + " and " + max);
            return null;
        }
        return d;
    }

    /**
     * An ISO-8601 instant with a zone ({@code 2026-11-22T10:15:30Z}, or with an offset), no
     * later than {@code latest} (now plus the allowed clock skew) and no earlier than 2000,
     * truncated to microseconds.
     */
    public Instant instant(Object value, String field, Instant latest) {
        if (missing(value, field)) {
            return null;
        }
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

    /** One of a fixed set of exact names. */
    public String oneOf(Object value, String field, Set<String> allowed) {
        if (missing(value, field)) {
            return null;
        }
        if (!(value instanceof String s) || !allowed.contains(s)) {
            add(field, "must be one of " + allowed.stream().sorted().toList());
            return null;
        }
        return s;
    }

    /** A well-formed id of ours with the given prefix ({@code shp}). */
    public String id(Object value, String field, String prefix) {
        if (missing(value, field)) {
            return null;
        }
        if (!(value instanceof String s) || !Ids.isWellFormed(s, prefix)) {
            add(field, "must be a " + prefix + "_ id");
            return null;
        }
        return s;
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
