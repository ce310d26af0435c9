package verticles.domain.device;

import verticles.domain.Violation;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A position as a device sends it over the OsmAnd protocol (OsmAnd's live tracking, Traccar
 * Client and the GPS units that copy them), read into the body of Meridian's own location update
 * ({@code lat}, {@code lon}, {@code recordedAt}, {@code speed} in m/s, {@code heading},
 * {@code accuracy}), so that the API's contract and rules judge it like any other fix. Two
 * generations of clients:
 * <ul>
 *   <li>parameters, in the query or a form body: {@code id} (or {@code deviceid}), {@code lat} and
 *   {@code lon} (or {@code location=lat,lon}), {@code timestamp} in seconds, milliseconds or as a
 *   date ({@code 2026-12-05T10:00:00Z}, {@code 2026-12-05 10:00:00} in UTC), {@code speed} in
 *   knots, {@code bearing} (or {@code heading}), {@code altitude}, {@code accuracy}, {@code batt};</li>
 *   <li>Traccar Client 9's JSON: {@code device_id}, {@code location.timestamp},
 *   {@code location.coords.{latitude, longitude, speed (m/s), heading, accuracy, altitude}},
 *   {@code location.battery}, {@code location.activity}; a negative speed or heading means
 *   unknown.</li>
 * </ul>
 * Altitude, battery and activity are read but not kept: a shipment's position has no place for
 * them. A value that is not a number is a violation, never guessed.
 */
public final class OsmAnd {

    /** One knot in metres per second: a nautical mile (1,852 m) an hour. */
    public static final double METERS_PER_SECOND_PER_KNOT = 1852.0 / 3600.0;

    /** Seconds since the epoch below this, milliseconds above: the same rule as Traccar's decoder. */
    private static final long LARGEST_SECONDS = Integer.MAX_VALUE;
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** What a request said: the device's identifier (null: none), the fix as Meridian's update body, and what was wrong. */
    public record Reading(String identifier, Map<String, Object> update, List<Violation> violations) {

        public boolean isValid() {
            return violations.isEmpty();
        }
    }

    private OsmAnd() {
    }

    /**
     * Reads the parameter form. A fix without a time is taken now, as Traccar does: a device that
     * sends none reports where it is.
     */
    public static Reading fromParameters(Map<String, String> parameters, Instant now) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> update = new LinkedHashMap<>();
        String identifier = parameters.containsKey("id") ? parameters.get("id") : parameters.get("deviceid");
        String location = parameters.get("location");
        if (location != null && !parameters.containsKey("lat")) {
            String[] parts = location.split(",", -1);
            if (parts.length != 2) {
                violations.add(new Violation("location", "must be lat,lon"));
            } else {
                putIfPresent(update, "lat", number(parts[0], "location", violations));
                putIfPresent(update, "lon", number(parts[1], "location", violations));
            }
        } else {
            putIfPresent(update, "lat", number(parameters.get("lat"), "lat", violations));
            putIfPresent(update, "lon", number(parameters.get("lon"), "lon", violations));
        }
        requirePosition(update, violations);
        String timestamp = parameters.get("timestamp");
        update.put("recordedAt", timestamp == null ? now.toString() : time(timestamp, violations));
        Double knots = number(parameters.get("speed"), "speed", violations);
        if (knots != null) {
            update.put("speed", knots * METERS_PER_SECOND_PER_KNOT);
        }
        String bearing = parameters.containsKey("bearing") ? parameters.get("bearing") : parameters.get("heading");
        putIfPresent(update, "heading", number(bearing, "bearing", violations));
        putIfPresent(update, "accuracy", number(parameters.get("accuracy"), "accuracy", violations));
        number(parameters.get("altitude"), "altitude", violations);
        number(parameters.get("batt"), "batt", violations);
        return new Reading(identifier, update, violations);
    }

    /** Reads Traccar Client 9's JSON body (already parsed into maps and lists). */
    public static Reading fromJson(Map<String, Object> body) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> update = new LinkedHashMap<>();
        Object identifier = body.get("device_id");
        Map<String, Object> location = object(body.get("location"), "location", violations);
        Map<String, Object> coords = location == null ? null : object(location.get("coords"), "location.coords", violations);
        if (coords != null) {
            putIfPresent(update, "lat", jsonNumber(coords.get("latitude"), "location.coords.latitude", violations));
            putIfPresent(update, "lon", jsonNumber(coords.get("longitude"), "location.coords.longitude", violations));
            Double speed = jsonNumber(coords.get("speed"), "location.coords.speed", violations);
            if (speed != null && speed >= 0) {
                update.put("speed", speed);
            }
            Double heading = jsonNumber(coords.get("heading"), "location.coords.heading", violations);
            if (heading != null && heading >= 0) {
                update.put("heading", heading);
            }
            Double accuracy = jsonNumber(coords.get("accuracy"), "location.coords.accuracy", violations);
            if (accuracy != null && accuracy >= 0) {
                update.put("accuracy", accuracy);
            }
            jsonNumber(coords.get("altitude"), "location.coords.altitude", violations);
            requirePosition(update, violations);
        }
        if (location != null) {
            Object timestamp = location.get("timestamp");
            if (timestamp instanceof String text) {
                update.put("recordedAt", time(text, violations));
            } else {
                violations.add(new Violation("location.timestamp", "is required, as an ISO 8601 time"));
            }
        }
        if (identifier != null && !(identifier instanceof String)) {
            violations.add(new Violation("device_id", "must be a string"));
            identifier = null;
        }
        return new Reading((String) identifier, update, violations);
    }

    /** A timestamp in any of the protocol's forms, as an ISO instant; a violation and null when none fits. */
    static String time(String value, List<Violation> violations) {
        try {
            long number = Long.parseLong(value.trim());
            return Instant.ofEpochMilli(number < LARGEST_SECONDS ? number * 1000 : number).toString();
        } catch (NumberFormatException | java.time.DateTimeException notANumber) {
            try {
                return value.contains("T") ? java.time.OffsetDateTime.parse(value).toInstant().toString()
                    : LocalDateTime.parse(value, SPACED).toInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException e) {
                violations.add(new Violation("timestamp", "must be seconds or milliseconds since 1970, or a date and time"));
                return null;
            }
        }
    }

    private static void requirePosition(Map<String, Object> update, List<Violation> violations) {
        if (!update.containsKey("lat") || !update.containsKey("lon")) {
            violations.add(new Violation("lat", "a fix needs a latitude and a longitude"));
        }
    }

    private static void putIfPresent(Map<String, Object> update, String field, Double number) {
        if (number != null) {
            update.put(field, number);
        }
    }

    private static Double number(String value, String name, List<Violation> violations) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            double number = Double.parseDouble(value.trim());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        violations.add(new Violation(name, "must be a number"));
        return null;
    }

    private static Double jsonNumber(Object value, String name, List<Violation> violations) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        violations.add(new Violation(name, "must be a number"));
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String name, List<Violation> violations) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        violations.add(new Violation(name, "is required, as an object"));
        return null;
    }
}
