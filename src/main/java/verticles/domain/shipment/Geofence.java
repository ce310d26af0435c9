package verticles.domain.shipment;

import java.time.Duration;
import java.time.Instant;

/**
 * The destination's geofence, with hysteresis and a minimum dwell, so that GPS jitter at its
 * edge raises one arrival, not several, and one wild fix inside raises none. A courier enters
 * at {@code enterMeters} from the destination and leaves only beyond {@code leaveMeters}; it
 * has arrived once it stayed inside for {@code dwell} of device time, and it arrived when it
 * entered. Fixes older than the newest one seen change nothing, so a late fix never raises or
 * takes back an arrival; once arrived, a shipment stays arrived.
 */
public record Geofence(double enterMeters, double leaveMeters, Duration dwell) {

    /** How much farther out than the entry radius a courier must go to count as having left. */
    static final double LEAVE_FACTOR = 1.5;

    /** A geofence of {@code radiusMeters}, left at {@link #LEAVE_FACTOR} times that, with this dwell. */
    public static Geofence of(double radiusMeters, Duration dwell) {
        return new Geofence(radiusMeters, radiusMeters * LEAVE_FACTOR, dwell);
    }

    /**
     * Where one shipment stands: the device time of the newest fix seen, since when it is inside
     * (null: outside) and when it arrived (null: not yet).
     */
    public record Standing(Instant newestAt, Instant insideSince, Instant arrivedAt) {

        public static final Standing UNKNOWN = new Standing(null, null, null);

        /** A shipment known to have arrived at {@code at} (an arrival recorded before). */
        public static Standing arrived(Instant at) {
            return new Standing(at, at, at);
        }
    }

    /** The standing after a fix {@code meters} from the destination, recorded at {@code at}. */
    public Standing next(Standing standing, double meters, Instant at) {
        if (standing.newestAt() != null && !at.isAfter(standing.newestAt())) {
            return standing;
        }
        if (standing.arrivedAt() != null) {
            return new Standing(at, standing.insideSince(), standing.arrivedAt());
        }
        Instant insideSince = standing.insideSince();
        if (insideSince == null && meters <= enterMeters) {
            insideSince = at;
        } else if (insideSince != null && meters > leaveMeters) {
            insideSince = null;
        }
        boolean dwelt = insideSince != null && Duration.between(insideSince, at).compareTo(dwell) >= 0;
        return new Standing(at, insideSince, dwelt ? insideSince : null);
    }
}
