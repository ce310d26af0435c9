package verticles.domain.shipment;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.geo.GreatCircle;
import verticles.domain.geo.GreatCircle.Point;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("An ETA is the distance left at the recent speed, counted from now, and none from a stale fix")
class EtaTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final Point DEPOT = new Point(52.5200, 13.4050);
    private static final Point ONE_KM_SOUTH = new Point(DEPOT.lat() - 1000 / 111_195.0, DEPOT.lon());

    @Test
    void arrivalIsTheRemainingDistanceAtTheRecentSpeedFromNow() {
        Eta eta = Eta.estimate(ONE_KM_SOUTH, NOW.minusSeconds(30), 10.0, DEPOT, NOW, STALE_AFTER);
        assertEquals(1000, eta.remainingMeters(), 1);
        assertEquals(10.0, eta.speed());
        assertEquals(100, Duration.between(NOW, eta.arrivesAt()).toSeconds(), 1, "from now, not from the fix");
        assertEquals(0, eta.arrivesAt().getNano(), "to the second");
        assertFalse(eta.stale());
    }

    @Test
    void aStoppedOrUnknownCourierHasADistanceButNoArrivalTime() {
        Point far = new Point(48.1351, 11.5820);
        assertNull(Eta.estimate(far, NOW, 0.2, DEPOT, NOW, STALE_AFTER).arrivesAt());
        assertNull(Eta.estimate(far, NOW, null, DEPOT, NOW, STALE_AFTER).arrivesAt());
        assertEquals(GreatCircle.meters(far, DEPOT), Eta.estimate(far, NOW, null, DEPOT, NOW, STALE_AFTER).remainingMeters(), 0.1);
    }

    @Test
    void aFixOlderThanTheStalenessLimitIsStaleAndGivesNoArrivalTime() {
        Eta twoHoursOld = Eta.estimate(ONE_KM_SOUTH, NOW.minus(Duration.ofHours(2)), 10.0, DEPOT, NOW, STALE_AFTER);
        assertTrue(twoHoursOld.stale());
        assertNull(twoHoursOld.arrivesAt());
        assertEquals(1000, twoHoursOld.remainingMeters(), 1);
        assertFalse(Eta.estimate(ONE_KM_SOUTH, NOW.minus(STALE_AFTER), 10.0, DEPOT, NOW, STALE_AFTER).stale(),
            "exactly at the limit is still fresh");
    }

    @Test
    void noEstimateEverLiesInThePast() {
        for (int minutesOld = 0; minutesOld <= 180; minutesOld += 7) {
            Instant now = NOW.plusMillis(minutesOld * 37L);
            Eta eta = Eta.estimate(ONE_KM_SOUTH, now.minus(Duration.ofMinutes(minutesOld)), 30.0, DEPOT, now, STALE_AFTER);
            assertTrue(eta.arrivesAt() == null || !eta.arrivesAt().isBefore(now), () -> "arrives at " + eta.arrivesAt());
        }
    }
}
