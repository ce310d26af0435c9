package verticles.push;

import verticles.platform.events.JournalEntry;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts a stream's live events back in journal order. Each event names its predecessor; one that
 * comes before its predecessor (it overtook another on the event bus, or a message was lost)
 * waits here, by the id of that predecessor, until the predecessor is sent or the stream gives
 * up and reads the gap from the journal. It also remembers the newest event seen while the
 * stream was not live, so the catch-up reads at least that far.
 */
final class LiveOrder {

    /** Out-of-order events a stream waits with before it reads the gap from the journal instead. */
    static final int MAX_EARLY = 256;

    private final Map<String, JournalEntry> early = new HashMap<>();
    private EventId newestSeen;

    /** Notes a live event that came while the stream was catching up. */
    void seen(EventId id) {
        if (newestSeen == null || id.isAfter(newestSeen)) {
            newestSeen = id;
        }
    }

    /** Keeps an event that came before its predecessor; true when too many wait and the stream should catch up. */
    boolean holdForPredecessor(JournalEntry event) {
        early.put(event.prev(), event);
        return early.size() > MAX_EARLY;
    }

    /** The waiting event that follows {@code cursor}, no longer waiting; null when none does. */
    JournalEntry after(EventId cursor) {
        return early.remove(cursor.toString());
    }

    boolean nothingWaits() {
        return early.isEmpty();
    }

    /** Gives up on the waiting events: the catch-up reads them from the journal, so only their ids are kept. */
    void giveUpWaiting() {
        early.values().forEach(waiting -> seen(EventId.parse(waiting.id())));
        early.clear();
    }

    /** Whether the catch-up has not yet read as far as the newest event seen meanwhile. */
    boolean behind(EventId cursor) {
        return newestSeen != null && newestSeen.isAfter(cursor);
    }

    /** The stream is live: what it saw meanwhile is read. */
    void caughtUp() {
        newestSeen = null;
    }

    void clear() {
        early.clear();
        newestSeen = null;
    }
}
