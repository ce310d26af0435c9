package verticles.deadletters;

/**
 * The dead-letter store's event-bus addresses: list and replay. Every message body is a {@code JsonObject}, so it
 * crosses nodes without custom codecs.
 */
public final class DeadLetterAddresses {

    private DeadLetterAddresses() {
    }

    public static final String DEAD_LETTERS_LIST = "dead-letters.list";
    public static final String DEAD_LETTERS_REPLAY = "dead-letters.replay";
}
