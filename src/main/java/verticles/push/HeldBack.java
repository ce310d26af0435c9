package verticles.push;

import verticles.platform.events.JournalEntry;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The events held back from a client that reads slower than they come, in id order. A
 * shipment's positions are coalesced to its newest (only where it is now matters); status and
 * checkpoint events are kept, and counted, since each is news of its own.
 */
final class HeldBack {

    /** What holding one more event did. */
    enum Held { ADDED, REPLACED_OLDER_POSITION, TOO_MANY_KEPT }

    private final TreeMap<EventId, JournalEntry> events = new TreeMap<>();
    private final Map<String, EventId> positions = new HashMap<>();
    private final int maxKept;
    private int kept;

    HeldBack(int maxKept) {
        this.maxKept = maxKept;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** Holds an event; past {@code maxKept} kept events it holds nothing more and says so. */
    Held hold(JournalEntry event) {
        EventId id = EventId.parse(event.id());
        Held outcome = Held.ADDED;
        if ("location".equals(event.type())) {
            EventId replaced = positions.put(event.subject(), id);
            if (replaced != null) {
                events.remove(replaced);
                outcome = Held.REPLACED_OLDER_POSITION;
            }
        } else if (++kept > maxKept) {
            return Held.TOO_MANY_KEPT;
        }
        events.put(id, event);
        return outcome;
    }

    /** The oldest event held, no longer held; null when none is. */
    JournalEntry next() {
        Map.Entry<EventId, JournalEntry> first = events.pollFirstEntry();
        if (first == null) {
            return null;
        }
        if ("location".equals(first.getValue().type())) {
            positions.remove(first.getValue().subject(), first.getKey());
        } else {
            kept--;
        }
        return first.getValue();
    }

    void clear() {
        events.clear();
        positions.clear();
        kept = 0;
    }
}
