package verticles.domain.shipment;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("An announced ETA is revised openly, only when it moved more than the threshold or was broken")
class EtaHistoryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T14:00:00Z");
    private static final Duration THRESHOLD = Duration.ofMinutes(5);
    private static final Instant T1420 = NOW.plus(Duration.ofMinutes(20));

    @Test
    void theFirstEstimateIsAnnouncedAsItIs() {
        EtaHistory.Step first = EtaHistory.NONE.next(T1420, NOW, THRESHOLD);
        assertFalse(first.revised());
        assertTrue(first.changedFrom(EtaHistory.NONE));
        assertEquals(new EtaHistory(T1420, T1420, null, null), first.history());
    }

    @Test
    void smallMovesKeepTheAnnouncedTime() {
        EtaHistory told = EtaHistory.NONE.next(T1420, NOW, THRESHOLD).history();
        EtaHistory.Step step = told.next(T1420.plus(Duration.ofMinutes(4)), NOW.plusSeconds(60), THRESHOLD);
        assertFalse(step.revised());
        assertFalse(step.changedFrom(told));
        assertEquals(T1420, step.history().shown(NOW.plusSeconds(60)));
    }

    @Test
    void aMoveBeyondTheThresholdIsARevisionThatKeepsTheOriginalAndThePrevious() {
        EtaHistory told = EtaHistory.NONE.next(T1420, NOW, THRESHOLD).history();
        Instant t1435 = T1420.plus(Duration.ofMinutes(15));
        Instant at = NOW.plusSeconds(120);
        EtaHistory.Step step = told.next(t1435, at, THRESHOLD);
        assertTrue(step.revised());
        assertEquals(new EtaHistory(T1420, t1435, T1420, at), step.history());
        EtaHistory again = step.history().next(T1420.plusSeconds(30), at.plusSeconds(60), THRESHOLD).history();
        assertEquals(T1420, again.original(), "the original is never replaced");
        assertEquals(t1435, again.previous());
    }

    @Test
    void aBrokenPromiseIsRevisedUnderTheThresholdButNotForSeconds() {
        EtaHistory told = EtaHistory.NONE.next(T1420, NOW, THRESHOLD).history();
        Instant late = T1420.plusSeconds(60);
        EtaHistory.Step step = told.next(late.plusSeconds(60), late, THRESHOLD);
        assertTrue(step.revised(), "two minutes late, under the five-minute threshold");
        assertEquals(late.plusSeconds(60), step.history().announced());
        assertFalse(told.next(T1420.plusSeconds(40), T1420.plusSeconds(10), THRESHOLD).revised(), "due now: no news");
    }

    @Test
    void noEstimateChangesNothingAndAPassedTimeIsNoLongerShown() {
        EtaHistory told = EtaHistory.NONE.next(T1420, NOW, THRESHOLD).history();
        assertEquals(told, told.next(null, NOW, THRESHOLD).history());
        assertEquals(T1420, told.shown(NOW));
        assertNull(told.shown(T1420.plusSeconds(1)));
        assertNull(EtaHistory.NONE.shown(NOW));
    }
}
