package verticles.domain.shipment;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayName("The geofence raises one arrival, after a dwell, however the fixes jitter or come late")
class GeofenceTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Geofence FENCE = Geofence.of(300, Duration.ofSeconds(20));

    @Test
    void arrivesWhenItStayedInsideForTheDwellAndArrivedWhenItEntered() {
        Geofence.Standing s = FENCE.next(Geofence.Standing.UNKNOWN, 1000, T0);
        s = FENCE.next(s, 290, T0.plusSeconds(10));
        assertNull(s.arrivedAt(), "inside, but not for the dwell yet");
        s = FENCE.next(s, 200, T0.plusSeconds(30));
        assertEquals(T0.plusSeconds(10), s.arrivedAt());
    }

    @Test
    void oneWildFixInsideRaisesNothing() {
        Geofence.Standing s = FENCE.next(Geofence.Standing.UNKNOWN, 100, T0);
        s = FENCE.next(s, 2000, T0.plusSeconds(10));
        s = FENCE.next(s, 2000, T0.plusSeconds(60));
        assertNull(s.arrivedAt());
        assertNull(s.insideSince());
    }

    @Test
    void jitterAcrossTheEdgeKeepsTheCourierInside() {
        Geofence.Standing s = FENCE.next(Geofence.Standing.UNKNOWN, 299, T0);
        s = FENCE.next(s, 320, T0.plusSeconds(5));
        s = FENCE.next(s, 299, T0.plusSeconds(10));
        s = FENCE.next(s, 430, T0.plusSeconds(20));
        assertEquals(T0, s.arrivedAt(), "inside since the first fix: the jitter stayed within the leave radius");
    }

    @Test
    void aLateFixChangesNothing() {
        Geofence.Standing s = FENCE.next(Geofence.Standing.UNKNOWN, 1000, T0.plusSeconds(60));
        Geofence.Standing late = FENCE.next(s, 10, T0);
        assertEquals(s, late);
        Geofence.Standing arrived = Geofence.Standing.arrived(T0);
        assertEquals(T0, FENCE.next(arrived, 5000, T0.plusSeconds(100)).arrivedAt(), "an arrival is never taken back");
    }

    /** Whatever order the fixes come in and however they jitter, the arrival time only ever goes from none to one. */
    @Test
    void anArrivalOnceRaisedNeverChanges() {
        Random random = new Random(22);
        for (int run = 0; run < 2_000; run++) {
            Geofence.Standing s = Geofence.Standing.UNKNOWN;
            Instant raised = null;
            for (int fix = 0; fix < 40; fix++) {
                s = FENCE.next(s, random.nextDouble() * 800, T0.plusSeconds(random.nextInt(600)));
                if (raised == null) {
                    raised = s.arrivedAt();
                } else {
                    assertEquals(raised, s.arrivedAt(), "run " + run + ", fix " + fix);
                }
            }
        }
    }
}
