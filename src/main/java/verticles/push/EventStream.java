package verticles.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.events.JournalEntry;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One client's Server-Sent Event stream. It is confined to the event loop that accepted it.
 *
 * <p>Everything it sends comes in journal order, and it always knows the id of the last event
 * it sent (its cursor). A live event is sent when it names the cursor as its predecessor;
 * one that does not (it overtook another on the event bus, or a message was lost) waits
 * briefly for the missing one and otherwise the stream reads the gap from the journal. The
 * same catch-up serves a client resuming with {@code Last-Event-ID}, and answers a resume
 * whose events were trimmed away with {@code reset} and a fresh {@code snapshot}.
 *
 * <p>When the client reads slower than events come (its write queue is full), events are held
 * back in id order: a shipment's positions are coalesced to its newest, status and checkpoint
 * events are kept. A client that stays slow too long, or holds back too many kept events, is
 * disconnected; it can resume.
 */
final class EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final Buffer HEARTBEAT = Buffer.buffer(": keep-alive\n\n");
    /** Out-of-order events a stream waits with before it reads the gap from the journal instead. */
    private static final int MAX_EARLY = 256;

    private enum Phase { OPENING, CATCHING_UP, LIVE, CLOSED }

    /** What every stream of a node is configured with. */
    record Settings(int pageSize, long reorderWaitMs, long slowTimeoutNanos, int maxHeldKept, long heartbeatNanos) {
    }

    final String stream;
    final String tenantId;
    private final Vertx vertx;
    private final HttpServerResponse response;
    private final JournalReader journal;
    private final Supplier<Future<String>> snapshot;
    private final Settings settings;
    private final StreamLimits limits;
    private final Runnable onClosed;

    private Phase phase = Phase.OPENING;
    private EventId cursor = EventId.BEFORE_FIRST;
    /** The newest live event noticed while not live: the catch-up must read at least that far. */
    private EventId newestSeen;
    /** Live events that arrived before their predecessor, by the id of that predecessor. */
    private final Map<String, JournalEntry> early = new HashMap<>();
    private long reorderTimer = -1;
    private boolean readWhenDrained;
    /** Events held back from a slow client, in id order; its positions by shipment, to coalesce. */
    private final TreeMap<EventId, JournalEntry> held = new TreeMap<>();
    private final Map<String, EventId> heldPositions = new HashMap<>();
    private int heldKept;
    private long slowSinceNanos;
    private long lastWriteNanos = System.nanoTime();

    EventStream(Vertx vertx, String stream, String tenantId, HttpServerResponse response, JournalReader journal,
                Supplier<Future<String>> snapshot, Settings settings, StreamLimits limits, Runnable onClosed) {
        this.vertx = vertx;
        this.stream = stream;
        this.tenantId = tenantId;
        this.response = response;
        this.journal = journal;
        this.snapshot = snapshot;
        this.settings = settings;
        this.limits = limits;
        this.onClosed = onClosed;
        response.drainHandler(v -> onDrain());
    }

    /** Starts sending: the snapshot, then live events; the stream is registered for live events already. */
    void startWithSnapshot(EventId snapshotId, String snapshotJson) {
        writeSnapshot(snapshotId, snapshotJson);
        goLive();
    }

    /**
     * Starts sending from a client's {@code Last-Event-ID}: the events after it, or reset and a
     * snapshot when they are gone or the id is not one of this stream's (null).
     */
    void startAfter(EventId lastSeen) {
        if (lastSeen == null) {
            // Not an id this server ever sent: nothing to resume from, so start afresh.
            phase = Phase.CATCHING_UP;
            limits.resets.increment();
            resetAndSnapshot();
            return;
        }
        cursor = lastSeen;
        catchUp();
    }

    /** A live event for this stream, from the event bus. */
    void offer(JournalEntry event) {
        if (phase == Phase.CLOSED) {
            return;
        }
        EventId id = EventId.parse(event.id());
        if (phase != Phase.LIVE) {
            if (newestSeen == null || id.isAfter(newestSeen)) {
                newestSeen = id;
            }
            return;
        }
        if (!id.isAfter(cursor)) {
            return;
        }
        if (event.prev().equals(cursor.toString())) {
            deliver(event);
            deliverEarlyOnes();
            return;
        }
        early.put(event.prev(), event);
        if (early.size() > MAX_EARLY) {
            catchUp();
        } else if (reorderTimer < 0) {
            reorderTimer = vertx.setTimer(settings.reorderWaitMs(), t -> {
                reorderTimer = -1;
                if (phase == Phase.LIVE && !early.isEmpty()) {
                    catchUp();
                }
            });
        }
    }

    private void deliverEarlyOnes() {
        JournalEntry next;
        while (phase == Phase.LIVE && (next = early.remove(cursor.toString())) != null) {
            deliver(next);
        }
        if (early.isEmpty()) {
            cancelReorderTimer();
        }
    }

    private void catchUp() {
        phase = Phase.CATCHING_UP;
        cancelReorderTimer();
        for (JournalEntry waiting : early.values()) {
            EventId id = EventId.parse(waiting.id());
            if (newestSeen == null || id.isAfter(newestSeen)) {
                newestSeen = id;
            }
        }
        early.clear();
        readPage();
    }

    private void readPage() {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (response.writeQueueFull() || !held.isEmpty()) {
            readWhenDrained = true;
            return;
        }
        journal.after(stream, cursor, settings.pageSize()).onComplete(ar -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("stream {}: reading the journal failed, closing so the client resumes: {}", stream,
                    ar.cause().toString());
                close();
                return;
            }
            JournalReader.Page page = ar.result();
            if (page.reset()) {
                limits.resets.increment();
                resetAndSnapshot();
                return;
            }
            page.entries().forEach(this::deliver);
            if (page.entries().size() == settings.pageSize()) {
                readPage();
            } else {
                goLive();
            }
        });
    }

    private void resetAndSnapshot() {
        journal.newest(stream).compose(id -> snapshot.get().map(json -> {
            if (phase != Phase.CLOSED) {
                write(Buffer.buffer("event: reset\ndata: {}\n\n"));
                writeSnapshot(id, json);
                goLive();
            }
            return null;
        })).onFailure(e -> {
            LOG.warn("stream {}: no snapshot for the reset, closing so the client retries: {}", stream, e.toString());
            close();
        });
    }

    private void goLive() {
        if (newestSeen != null && newestSeen.isAfter(cursor)) {
            phase = Phase.CATCHING_UP;
            readPage();
            return;
        }
        newestSeen = null;
        phase = Phase.LIVE;
    }

    private void writeSnapshot(EventId id, String json) {
        cursor = id;
        write(Buffer.buffer("id: " + id + "\nevent: snapshot\ndata: " + json + "\n\n"));
    }

    private void deliver(JournalEntry event) {
        cursor = EventId.parse(event.id());
        if (!held.isEmpty() || response.writeQueueFull()) {
            hold(event);
        } else {
            write(frame(event));
        }
    }

    private void hold(JournalEntry event) {
        if (slowSinceNanos == 0) {
            slowSinceNanos = System.nanoTime();
        }
        EventId id = EventId.parse(event.id());
        if ("location".equals(event.type())) {
            EventId replaced = heldPositions.put(event.subject(), id);
            if (replaced != null) {
                held.remove(replaced);
                limits.coalesced.increment();
            }
        } else if (++heldKept > settings.maxHeldKept()) {
            disconnectSlow();
            return;
        }
        held.put(id, event);
    }

    private void onDrain() {
        while (!held.isEmpty() && !response.writeQueueFull() && phase != Phase.CLOSED) {
            Map.Entry<EventId, JournalEntry> first = held.pollFirstEntry();
            JournalEntry event = first.getValue();
            if ("location".equals(event.type())) {
                heldPositions.remove(event.subject(), first.getKey());
            } else {
                heldKept--;
            }
            write(frame(event));
        }
        if (held.isEmpty() && !response.writeQueueFull()) {
            slowSinceNanos = 0;
            if (readWhenDrained) {
                readWhenDrained = false;
                readPage();
            }
        }
    }

    /** Called about once a second: disconnects a client slow for too long, keeps an idle one alive. */
    void tick(long nowNanos) {
        if (phase == Phase.CLOSED || phase == Phase.OPENING) {
            return;
        }
        if (response.writeQueueFull() && slowSinceNanos == 0) {
            slowSinceNanos = nowNanos;
        }
        if (slowSinceNanos != 0 && nowNanos - slowSinceNanos > settings.slowTimeoutNanos()) {
            disconnectSlow();
        } else if (!response.writeQueueFull() && nowNanos - lastWriteNanos >= settings.heartbeatNanos()) {
            write(HEARTBEAT);
        }
    }

    private void disconnectSlow() {
        limits.slowDisconnects.increment();
        LOG.info("stream {}: closing a client that has been reading too slowly; it can resume", stream);
        close();
        response.reset();
    }

    /** Releases everything the stream holds; safe to call more than once. */
    void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        cancelReorderTimer();
        early.clear();
        held.clear();
        heldPositions.clear();
        onClosed.run();
    }

    /** Ends the stream as a server that is stopping does: the client reconnects elsewhere and resumes. */
    void end() {
        close();
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }

    private void cancelReorderTimer() {
        if (reorderTimer >= 0) {
            vertx.cancelTimer(reorderTimer);
            reorderTimer = -1;
        }
    }

    private void write(Buffer frame) {
        lastWriteNanos = System.nanoTime();
        response.write(frame);
    }

    private static Buffer frame(JournalEntry event) {
        return Buffer.buffer(("id: " + event.id() + "\nevent: " + event.type() + "\ndata: " + event.data() + "\n\n")
            .getBytes(StandardCharsets.UTF_8));
    }
}
