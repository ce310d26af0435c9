package verticles.domain.shipment;

import org.junit.jupiter.api.Test;
import verticles.domain.geo.GreatCircle;
import verticles.domain.geo.GreatCircle.Point;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EtaTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Point DEPOT = new Point(52.5200, 13.4050);

    @Test
    void arrivalIsTheRemainingDistanceAtTheRecentSpeed() {
        Point oneKmSouth = new Point(DEPOT.lat() - 1000 / 111_195.0, DEPOT.lon());
        Eta eta = Eta.estimate(oneKmSouth, T0, 10.0, DEPOT, 200);
        assertEquals(1000, eta.remainingMeters(), 1);
        assertEquals(10.0, eta.speed());
        assertEquals(100, Duration.between(T0, eta.arrivesAt()).toSeconds(), 1);
        assertFalse(eta.arriving());
    }

    @Test
    void aStoppedOrUnknownCourierHasADistanceButNoArrivalTime() {
        Point far = new Point(48.1351, 11.5820);
        assertNull(Eta.estimate(far, T0, 0.2, DEPOT, 200).arrivesAt());
        assertNull(Eta.estimate(far, T0, null, DEPOT, 200).arrivesAt());
        assertEquals(GreatCircle.meters(far, DEPOT), Eta.estimate(far, T0, null, DEPOT, 200).remainingMeters(), 0.1);
    }

    @Test
    void insideTheGeofenceIsArriving() {
        Point near = new Point(DEPOT.lat() + 150 / 111_195.0, DEPOT.lon());
        assertTrue(Eta.estimate(near, T0, 5.0, DEPOT, 200).arriving());
        assertFalse(Eta.estimate(near, T0, 5.0, DEPOT, 100).arriving());
        assertTrue(Eta.estimate(DEPOT, T0, null, DEPOT, 0).arriving());
    }
}
