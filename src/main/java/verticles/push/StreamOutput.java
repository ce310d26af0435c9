package verticles.push;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import verticles.platform.events.JournalEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The writing side of one stream: frames events onto the response and, when the client reads
 * slower than live events come (its write queue is full), holds them back ({@link HeldBack}) and
 * writes them as it drains. A page read from the journal is written whole, as the client drains,
 * and never coalesced: it is what the client missed, and a catch-up of a few hundred events fills
 * the write queue at once even for a client that reads promptly. A client slow for longer than
 * allowed, or holding back too many kept events, is given up on ({@code onTooSlow}); an idle one
 * gets a heartbeat.
 */
final class StreamOutput {

    private static final Buffer HEARTBEAT = Buffer.buffer(": keep-alive\n\n");

    private final HttpServerResponse response;
    private final EventStream.Settings settings;
    private final StreamLimits limits;
    private final HeldBack held;
    /** The rest of a journal page that did not fit in the write queue; at most one page. */
    private final ArrayDeque<JournalEntry> replaying = new ArrayDeque<>();
    private final Runnable onTooSlow;
    private Runnable whenDrained;
    private long slowSinceNanos;
    private long lastWriteNanos = System.nanoTime();

    StreamOutput(HttpServerResponse response, EventStream.Settings settings, StreamLimits limits, Runnable onTooSlow) {
        this.response = response;
        this.settings = settings;
        this.limits = limits;
        this.onTooSlow = onTooSlow;
        this.held = new HeldBack(settings.maxHeldKept());
        response.drainHandler(v -> onDrain());
    }

    /** Whether the client is behind: anything written now would wait. */
    boolean busy() {
        return response.writeQueueFull() || !held.isEmpty() || !replaying.isEmpty();
    }

    /** Runs {@code next} once the client has caught up with everything written and held. */
    void whenDrained(Runnable next) {
        whenDrained = next;
    }

    /** Sends an event now, or holds it back behind those already held. */
    void send(JournalEntry event) {
        if (busy()) {
            hold(event);
        } else {
            write(frame(event));
        }
    }

    /**
     * Sends every event of a page read from the journal, in order: what fits now, the rest as the
     * client drains. The stream reads a page only once the client has drained ({@link #busy}), so
     * nothing else is waiting and at most one page does.
     */
    void sendAll(List<JournalEntry> page) {
        replaying.addAll(page);
        writeReplaying();
    }

    void snapshot(EventId id, String json) {
        write(Buffer.buffer("id: " + id + "\nevent: snapshot\ndata: " + json + "\n\n"));
    }

    /** Tells the client to forget what it has: a snapshot follows. */
    void reset() {
        write(Buffer.buffer("event: reset\ndata: {}\n\n"));
    }

    /** Called about once a second: gives up on a client slow for too long, keeps an idle one alive. */
    void tick(long nowNanos) {
        if (response.writeQueueFull() && slowSinceNanos == 0) {
            slowSinceNanos = nowNanos;
        }
        if (slowSinceNanos != 0 && nowNanos - slowSinceNanos > settings.slowTimeoutNanos()) {
            limits.slowDisconnects.increment();
            onTooSlow.run();
        } else if (!response.writeQueueFull() && nowNanos - lastWriteNanos >= settings.heartbeatNanos()) {
            write(HEARTBEAT);
        }
    }

    void clear() {
        held.clear();
        replaying.clear();
        whenDrained = null;
    }

    private void hold(JournalEntry event) {
        if (slowSinceNanos == 0) {
            slowSinceNanos = System.nanoTime();
        }
        switch (held.hold(event)) {
            case REPLACED_OLDER_POSITION -> limits.coalesced.increment();
            case TOO_MANY_KEPT -> {
                limits.slowDisconnects.increment();
                onTooSlow.run();
            }
            case ADDED -> { }
        }
    }

    private void onDrain() {
        writeReplaying();
        JournalEntry next;
        while (replaying.isEmpty() && !response.writeQueueFull() && (next = held.next()) != null) {
            write(frame(next));
        }
        if (!busy()) {
            slowSinceNanos = 0;
            Runnable then = whenDrained;
            whenDrained = null;
            if (then != null) {
                then.run();
            }
        }
    }

    private void writeReplaying() {
        JournalEntry next;
        while (!response.writeQueueFull() && (next = replaying.poll()) != null) {
            write(frame(next));
        }
    }

    private static Buffer frame(JournalEntry event) {
        return Buffer.buffer(("id: " + event.id() + "\nevent: " + event.type() + "\ndata: " + event.data() + "\n\n")
            .getBytes(StandardCharsets.UTF_8));
    }

    private void write(Buffer frame) {
        lastWriteNanos = System.nanoTime();
        response.write(frame);
    }
}
