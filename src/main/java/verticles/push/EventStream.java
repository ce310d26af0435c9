package verticles.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.events.JournalEntry;

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
 * <p>Live events are put back in order by {@link LiveOrder}; the writing, and holding back for a
 * slow client (which is disconnected when it stays slow, and can resume), is {@link StreamOutput}'s.
 * Only live events are ever coalesced for a slow client; a catch-up sends every missed event.
 */
final class EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private enum Phase { OPENING, CATCHING_UP, LIVE, CLOSED }

    /** What every stream of a node is configured with. */
    record Settings(int pageSize, long reorderWaitMs, long slowTimeoutNanos, int maxHeldKept, long heartbeatNanos) {
    }

    final String stream;
    final String tenantId;
    private final Vertx vertx;
    private final HttpServerResponse response;
    private final StreamOutput output;
    private final JournalReader journal;
    private final Supplier<Future<String>> snapshot;
    private final Settings settings;
    private final StreamLimits limits;
    private final Runnable onClosed;

    private Phase phase = Phase.OPENING;
    private EventId cursor = EventId.BEFORE_FIRST;
    private final LiveOrder order = new LiveOrder();
    private long reorderTimer = -1;

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
        this.output = new StreamOutput(response, settings, limits, this::disconnectSlow);
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
            order.seen(id);
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
        if (order.holdForPredecessor(event)) {
            catchUp();
        } else if (reorderTimer < 0) {
            reorderTimer = vertx.setTimer(settings.reorderWaitMs(), t -> {
                reorderTimer = -1;
                if (phase == Phase.LIVE && !order.nothingWaits()) {
                    catchUp();
                }
            });
        }
    }

    private void deliverEarlyOnes() {
        JournalEntry next;
        while (phase == Phase.LIVE && (next = order.after(cursor)) != null) {
            deliver(next);
        }
        if (order.nothingWaits()) {
            cancelReorderTimer();
        }
    }

    private void catchUp() {
        phase = Phase.CATCHING_UP;
        cancelReorderTimer();
        order.giveUpWaiting();
        readPage();
    }

    private void readPage() {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (output.busy()) {
            output.whenDrained(this::readPage);
            return;
        }
        journal.after(tenantId, stream, cursor, settings.pageSize()).onComplete(ar -> {
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
            if (!page.entries().isEmpty()) {
                cursor = EventId.parse(page.entries().get(page.entries().size() - 1).id());
                output.sendAll(page.entries());
            }
            // Live only once the client has what it missed: until then it reads the journal,
            // paced by its own reading, so a slow reader catching up is never coalesced either.
            if (page.entries().size() == settings.pageSize() || output.busy()) {
                readPage();
            } else {
                goLive();
            }
        });
    }

    private void resetAndSnapshot() {
        journal.newest(tenantId, stream).compose(id -> snapshot.get().map(json -> {
            if (phase != Phase.CLOSED) {
                output.reset();
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
        if (order.behind(cursor)) {
            phase = Phase.CATCHING_UP;
            readPage();
            return;
        }
        order.caughtUp();
        phase = Phase.LIVE;
    }

    private void writeSnapshot(EventId id, String json) {
        cursor = id;
        output.snapshot(id, json);
    }

    private void deliver(JournalEntry event) {
        cursor = EventId.parse(event.id());
        output.send(event);
    }

    /** Called about once a second: disconnects a client slow for too long, keeps an idle one alive. */
    void tick(long nowNanos) {
        if (phase != Phase.CLOSED && phase != Phase.OPENING) {
            output.tick(nowNanos);
        }
    }

    private void disconnectSlow() {
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
        order.clear();
        output.clear();
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

}
