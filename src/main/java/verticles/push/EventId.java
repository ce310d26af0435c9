package verticles.push;

/**
 * A journal entry's id as Redis writes it ({@code <milliseconds>-<sequence>}), ordered as Redis
 * orders them. {@code "0"} is the id before a stream's first event.
 */
record EventId(long millis, long sequence) implements Comparable<EventId> {

    static final EventId BEFORE_FIRST = new EventId(0, 0);

    /** The id, or null when the text is not one (a client may send any Last-Event-ID). */
    static EventId parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 41) {
            return null;
        }
        int dash = text.indexOf('-');
        try {
            long millis = Long.parseLong(dash < 0 ? text : text.substring(0, dash));
            long sequence = dash < 0 ? 0 : Long.parseLong(text.substring(dash + 1));
            return millis < 0 || sequence < 0 ? null : new EventId(millis, sequence);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int compareTo(EventId other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    boolean isAfter(EventId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return millis == 0 && sequence == 0 ? "0" : millis + "-" + sequence;
    }
}
