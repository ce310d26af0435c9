package verticles.shipments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import verticles.domain.shipment.Eta;
import verticles.platform.config.Keys;
import verticles.platform.events.EventJournal;
import verticles.platform.events.JournalEntry;
import verticles.platform.redis.HashSlots;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest state of each shipment in Redis: one hash with the fixed data ({@code doc}, owner
 * {@code t}), the newest position ({@code pos}, its device time {@code posAt}), the newest
 * checkpoint ({@code cp}, {@code cpAt}) and when any of it last changed ({@code upd}, the newest
 * server receipt, {@code updAt}). Every write goes through one Lua script that moves the
 * position and the checkpoint only forward in their own time, so late, duplicate or replayed
 * updates can never move a shipment backwards, whatever order writers run in.
 *
 * <p>Redis holds derived state only: an entry expires after the configured TTL, and a read that
 * misses (or finds a hash with no fixed data) rebuilds it from PostgreSQL.
 */
final class ShipmentCache {

    private final Redis client;
    private final RedisAPI redis;
    private final long ttlMillis;
    private final Journal journal;

    /** How long the journal keeps events: per shipment and per tenant, and for how long after the last. */
    record Journal(int shipmentEvents, int tenantEvents, Duration ttl) {
    }

    ShipmentCache(Redis client, Duration ttl, Journal journal) {
        this.client = client;
        this.redis = RedisAPI.api(client);
        this.ttlMillis = ttl.toMillis();
        this.journal = journal;
    }

    /** The cache with the TTL and journal retention the configuration sets. */
    static ShipmentCache from(Redis client, verticles.platform.config.MeridianConfig config) {
        return new ShipmentCache(client, config.get(ShipmentKeys.CACHE_SHIPMENT_TTL), new Journal(
            config.get(Keys.JOURNAL_ENTITY_EVENTS), config.get(Keys.JOURNAL_TENANT_EVENTS), config.get(Keys.JOURNAL_TTL)));
    }

    /** The shipment's entry, under its tenant's hash tag like the tenant's journal streams (one cluster slot). */
    static String key(String tenantId, String shipmentId) {
        return "meridian:" + HashSlots.tag(tenantId) + ":shipment:" + shipmentId;
    }

    /**
     * Who owns a shipment, for callers that know only its id (ingest, devices, links). It has a
     * key of its own, outside the tenant's slot, since finding the tenant is its purpose.
     */
    static String ownerKey(String shipmentId) {
        return "meridian:owner:" + shipmentId;
    }

    /** Writes a whole view (a refill from PostgreSQL, or a new shipment); older parts never win. Journals nothing. */
    Future<Void> put(ShipmentView view) {
        String shipmentId = view.fixed().getString("id");
        List<Scan> scans = view.lastCheckpoint() == null ? List.of() : List.of(new Scan(view.lastCheckpoint(), null));
        return run(List.of(new ForwardWrite(shipmentId, view.fixed(), view.tenantId(),
            view.position(), null, view.arrivingAt(), null, null, scans)))
            .compose(written -> rememberOwner(shipmentId, view.tenantId()));
    }

    /** The owning tenant, or null when not cached. */
    Future<String> owner(String shipmentId) {
        return redis.get(ownerKey(shipmentId)).map(r -> r == null ? null : r.toString());
    }

    /** Remembers a shipment's owner (it never changes) for as long as the cache keeps shipments. */
    Future<Void> rememberOwner(String shipmentId, String tenantId) {
        return redis.set(List.of(ownerKey(shipmentId), tenantId, "PX", String.valueOf(ttlMillis))).mapEmpty();
    }

    /**
     * A batch of moves, pipelined. Each position or checkpoint that moved forward is journaled
     * (its event's JSON is the move's {@code positionEvent} or {@code checkpointEvent}) on the
     * shipment's and the tenant's streams, in the same script, and answered as journal entries.
     */
    Future<List<Moved>> move(List<Move> moves) {
        List<ForwardWrite> writes = new ArrayList<>(moves.size());
        for (Move m : moves) {
            writes.add(new ForwardWrite(m.shipmentId(), null, m.tenantId(), m.position(), m.positionEvent(), m.arrivingAt(),
                m.arrivingEvent(), m.etaRevisedEvent(), m.scans()));
        }
        return run(writes).map(responses -> {
            List<Moved> moved = new ArrayList<>(responses.size());
            for (int i = 0; i < responses.size(); i++) {
                moved.add(writes.get(i).moved(responses.get(i)));
            }
            return moved;
        });
    }

    /** A checkpoint as the shipment shows it, and the JSON of its live event (null: journal nothing). */
    record Scan(JsonObject checkpoint, String event) {
    }

    private Future<List<Response>> run(List<ForwardWrite> writes) {
        return ForwardWrite.run(client, writes, ttlMillis, journal);
    }

    /** What one move changed: whether its position and a checkpoint moved forward, and the events it journaled. */
    record Moved(boolean positionMoved, boolean checkpointMoved, String tenantId, List<JournalEntry> journaled) {
    }

    /**
     * A shipment's newest position in a batch, its arrival (when it is inside the geofence; null
     * otherwise), the revision of its ETA (null: none) and its checkpoints in time order, with the
     * JSON of their events (a null event journals nothing).
     */
    record Move(String shipmentId, String tenantId, JsonObject position, String positionEvent, String arrivingAt,
                String arrivingEvent, String etaRevisedEvent, List<Scan> scans) {
    }

    /**
     * A shipment as the API shows it, already encoded in three pieces (the JSON up to its
     * position, the position, and the rest), its owner, and its position's device time (null:
     * none). Kept in pieces so that marking a position stale re-reads the position alone, not the
     * whole shipment: a courier gone quiet is the common case, and its every read is marked.
     */
    record Rendered(String tenantId, String head, String position, String tail, Instant positionAt) {

        /** The shape of {@link ShipmentView#toJson()}, field for field, from each part's JSON (null: none). */
        static Rendered of(String tenantId, String fixed, String position, String checkpoint, String arrivingAt,
                           String updatedAt, Instant positionAt) {
            String head = fixed.substring(0, fixed.lastIndexOf('}'))
                + ",\"status\":\"" + ShipmentView.status(position != null, arrivingAt != null) + "\""
                + ",\"position\":";
            String tail = ",\"lastCheckpoint\":" + checkpoint
                + ",\"arrivingAt\":" + (arrivingAt == null ? "null" : "\"" + arrivingAt + "\"")
                + ",\"updatedAt\":\"" + updatedAt + "\"}";
            return new Rendered(tenantId, head, String.valueOf(position), tail, positionAt);
        }

        /**
         * The JSON a reader gets {@code now}: marked stale when its position is older than
         * {@code staleAfter}, and without fixes older than {@code keptSince} (null: all kept).
         */
        String shown(Instant now, Duration staleAfter, Instant keptSince) {
            boolean stale = positionAt != null && Eta.isStale(positionAt, now, staleAfter);
            String shown = head + (stale ? ShipmentView.markedStale(position) : position) + tail;
            return keptSince == null ? shown : ShipmentView.withoutOlderThan(shown, keptSince);
        }
    }

    /**
     * The cached shipment rendered straight from the stored JSON fragments (no parsing, no
     * copying), or null when Redis does not hold a complete one. The shape is
     * {@link ShipmentView#toJson()}'s, field for field.
     */
    Future<Rendered> get(String tenantId, String shipmentId) {
        return redis.hmget(List.of(key(tenantId, shipmentId), "t", "doc", "pos", "cp", "upd", "arr", "posAt")).map(r -> {
            if (r == null || r.get(0) == null || r.get(1) == null || r.get(4) == null) {
                return null;
            }
            Instant positionAt = r.get(6) == null ? null : Instant.EPOCH.plus(r.get(6).toLong(), ChronoUnit.MICROS);
            return Rendered.of(r.get(0).toString(), r.get(1).toString(), text(r.get(2)), text(r.get(3)), text(r.get(5)),
                r.get(4).toString(), positionAt);
        });
    }

    private static String text(Response field) {
        return field == null ? null : field.toString();
    }

    Future<Void> close() {
        redis.close();
        return Future.succeededFuture();
    }
}
