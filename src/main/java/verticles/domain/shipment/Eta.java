package verticles.domain.shipment;

import verticles.domain.geo.GreatCircle;
import verticles.domain.geo.GreatCircle.Point;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An estimated arrival: the great-circle distance left to the destination, the recent speed it
 * assumes, and when that speed would bring the courier there, counted from now: the courier is
 * taken to be where it last reported, so an estimate never lies in the past. A courier standing
 * still (slower than {@link #MOVING}) or of unknown speed has no arrival time, only a distance;
 * so has one whose last fix is {@code stale}, older than the staleness limit: where it is now
 * is unknown, and an arrival time from there would be a guess dressed as a fact.
 */
public record Eta(double remainingMeters, Double speed, Instant arrivesAt, boolean stale) {

    /** Below this speed (m/s, a slow walk) a courier counts as stopped. */
    static final double MOVING = 0.5;

    /**
     * The estimate at {@code now} from a fix at {@code position}, taken at {@code recordedAt},
     * with the courier's recent {@code speed} (m/s, null when unknown). A fix older than
     * {@code staleAfter} gives a distance but no arrival time.
     */
    public static Eta estimate(Point position, Instant recordedAt, Double speed, Point destination, Instant now,
                               Duration staleAfter) {
        double remaining = GreatCircle.meters(position, destination);
        boolean stale = isStale(recordedAt, now, staleAfter);
        Instant arrivesAt = stale || speed == null || speed < MOVING ? null
            : wholeSecondAfter(now.plus(Duration.ofMillis(Math.round(remaining / speed * 1000))));
        return new Eta(Math.round(remaining * 10) / 10.0, speed == null ? null : Math.round(speed * 100) / 100.0,
            arrivesAt, stale);
    }

    /** An estimate to the nanosecond is noise: the next whole second, so it still never lies before now. */
    private static Instant wholeSecondAfter(Instant at) {
        Instant whole = at.truncatedTo(ChronoUnit.SECONDS);
        return whole.equals(at) ? at : whole.plusSeconds(1);
    }

    /** True when a fix recorded at {@code recordedAt} is too old at {@code now} to say where the courier is. */
    public static boolean isStale(Instant recordedAt, Instant now, Duration staleAfter) {
        return Duration.between(recordedAt, now).compareTo(staleAfter) > 0;
    }
}
