package verticles.push;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.events.JournalEntry;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Events held back from a slow client, and live events put back in order")
class HeldBackTest {

    private static JournalEntry event(long n, long prev, String type, String subject) {
        return new JournalEntry("s", "1700000000000-" + n, "1700000000000-" + prev, type, subject, "{}");
    }

    @Test
    @DisplayName("coalesce a shipment's positions to its newest, keep every status, and give them back in id order")
    void coalescesPositionsKeepsStatuses() {
        HeldBack held = new HeldBack(10);
        assertEquals(HeldBack.Held.ADDED, held.hold(event(1, 0, "location", "shp_a")));
        assertEquals(HeldBack.Held.ADDED, held.hold(event(2, 1, "status", "ord_a")));
        assertEquals(HeldBack.Held.ADDED, held.hold(event(3, 2, "location", "shp_b")));
        assertEquals(HeldBack.Held.REPLACED_OLDER_POSITION, held.hold(event(4, 3, "location", "shp_a")));
        List<String> out = new ArrayList<>();
        for (JournalEntry next = held.next(); next != null; next = held.next()) {
            out.add(next.id());
        }
        assertEquals(List.of("1700000000000-2", "1700000000000-3", "1700000000000-4"), out);
        assertTrue(held.isEmpty());
    }

    @Test
    @DisplayName("say when more kept events are held than allowed; positions never count")
    void boundsKeptEvents() {
        HeldBack held = new HeldBack(2);
        held.hold(event(1, 0, "status", "ord_a"));
        held.hold(event(2, 1, "checkpoint", "shp_a"));
        for (int i = 3; i < 50; i++) {
            assertEquals(i == 3 ? HeldBack.Held.ADDED : HeldBack.Held.REPLACED_OLDER_POSITION,
                held.hold(event(i, i - 1, "location", "shp_a")));
        }
        assertEquals(HeldBack.Held.TOO_MANY_KEPT, held.hold(event(50, 49, "status", "ord_a")));
        held.next();
        held.next();
        assertEquals(HeldBack.Held.ADDED, held.hold(event(51, 50, "status", "ord_b")), "sent events no longer count");
    }

    @Test
    @DisplayName("hold an early live event until its predecessor is sent, and remember the newest seen meanwhile")
    void liveOrder() {
        LiveOrder order = new LiveOrder();
        EventId cursor = EventId.parse("1700000000000-1");
        JournalEntry third = event(3, 2, "status", "ord_a");
        assertTrue(!order.holdForPredecessor(third));
        assertNull(order.after(cursor), "the second has not come");
        assertEquals(third, order.after(EventId.parse("1700000000000-2")));
        assertTrue(order.nothingWaits());

        order.holdForPredecessor(event(9, 8, "status", "ord_a"));
        order.giveUpWaiting();
        assertTrue(order.nothingWaits());
        assertTrue(order.behind(cursor), "the catch-up must read up to the event it gave up waiting for");
        assertTrue(!order.behind(EventId.parse("1700000000000-9")));
        for (int i = 0; i < LiveOrder.MAX_EARLY; i++) {
            assertTrue(!order.holdForPredecessor(event(100 + i, 1000 + i, "status", "ord_a")));
        }
        assertTrue(order.holdForPredecessor(event(999, 5000, "status", "ord_a")), "past the bound the stream catches up instead");
    }
}
