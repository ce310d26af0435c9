package verticles.tracking;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import verticles.platform.config.Keys;
import verticles.platform.events.EventJournal;
import verticles.platform.events.JournalEntry;
import verticles.platform.redis.LuaScript;

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

    /**
     * KEYS: the shipment's hash, its journal stream, its tenant's journal stream. ARGV: the
     * fixed data and the position (each with its times), journal settings, the arrival (its
     * time and event, each '' when none), and then the checkpoints of the batch in time order,
     * five arguments each. Answers {@code {moved, positionIds..., arrivalIds..., checkpointIds...}}:
     * moved is 1 if the position moved, 2 if a checkpoint did, 3 if both; the position's journal
     * ids {@code shipmentId, shipmentPrev, tenantId, tenantPrev} ('' when it journaled nothing);
     * the same four for the arrival, which is journaled only the first time (the {@code arr}
     * field is set once); then, for each checkpoint journaled, its index in the batch and those
     * four ids. Every scan that moves forward is journaled, not only the newest: checkpoints are
     * discrete events, not a position to coalesce.
     */
    private static final LuaScript PUT = new LuaScript(EventJournal.APPEND_FUNCTION + """
        local key = KEYS[1]
        local function forward(atField, valueField, at, value)
          if value == '' then return 0 end
          local current = tonumber(redis.call('HGET', key, atField))
          if current and current >= tonumber(at) then return 0 end
          redis.call('HSET', key, atField, at, valueField, value)
          return 1
        end
        local out = {0, '', '', '', '', '', '', '', ''}
        local function publish(kind, data)
          local s = journal(KEYS[2], ARGV[11], ARGV[13], kind, ARGV[10], data)
          local t = journal(KEYS[3], ARGV[12], ARGV[13], kind, ARGV[10], data)
          return {s[1], s[2], t[1], t[2]}
        end
        if ARGV[2] ~= '' then redis.call('HSET', key, 'doc', ARGV[2], 't', ARGV[3]) end
        forward('updAt', 'upd', ARGV[6], ARGV[7])
        if forward('posAt', 'pos', ARGV[4], ARGV[5]) == 1 then
          out[1] = 1
          forward('updAt', 'upd', ARGV[8], ARGV[9])
          if ARGV[14] ~= '' then
            local ids = publish('location', ARGV[14])
            out[2] = ids[1]; out[3] = ids[2]; out[4] = ids[3]; out[5] = ids[4]
          end
        end
        if ARGV[15] ~= '' and redis.call('HSETNX', key, 'arr', ARGV[15]) == 1 and ARGV[16] ~= '' then
          local ids = publish('arriving', ARGV[16])
          out[6] = ids[1]; out[7] = ids[2]; out[8] = ids[3]; out[9] = ids[4]
        end
        for i = 0, tonumber(ARGV[17]) - 1 do
          local at = 18 + 5 * i
          if forward('cpAt', 'cp', ARGV[at], ARGV[at + 1]) == 1 then
            if out[1] < 2 then out[1] = out[1] + 2 end
            forward('updAt', 'upd', ARGV[at + 2], ARGV[at + 3])
            if ARGV[at + 4] ~= '' then
              local ids = publish('checkpoint', ARGV[at + 4])
              table.insert(out, i); table.insert(out, ids[1]); table.insert(out, ids[2])
              table.insert(out, ids[3]); table.insert(out, ids[4])
            end
          end
        end
        redis.call('PEXPIRE', key, ARGV[1])
        return out""");

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
        return new ShipmentCache(client, config.get(Keys.CACHE_SHIPMENT_TTL), new Journal(
            config.get(Keys.JOURNAL_ENTITY_EVENTS), config.get(Keys.JOURNAL_TENANT_EVENTS), config.get(Keys.JOURNAL_TTL)));
    }

    static String key(String shipmentId) {
        return "meridian:shipment:" + shipmentId;
    }

    /** Writes a whole view (a refill from PostgreSQL, or a new shipment); older parts never win. Journals nothing. */
    Future<Void> put(ShipmentView view) {
        List<Scan> scans = view.lastCheckpoint() == null ? List.of() : List.of(new Scan(view.lastCheckpoint(), null));
        return run(List.of(new Write(view.fixed().getString("id"), view.fixed(), view.tenantId(),
            view.position(), null, view.arrivingAt(), null, scans))).mapEmpty();
    }

    /**
     * A batch of moves, pipelined. Each position or checkpoint that moved forward is journaled
     * (its event's JSON is the move's {@code positionEvent} or {@code checkpointEvent}) on the
     * shipment's and the tenant's streams, in the same script, and answered as journal entries.
     */
    Future<List<Moved>> move(List<Move> moves) {
        List<Write> writes = new ArrayList<>(moves.size());
        for (Move m : moves) {
            writes.add(new Write(m.shipmentId(), null, m.tenantId(), m.position(), m.positionEvent(), m.arrivingAt(),
                m.arrivingEvent(), m.scans()));
        }
        return run(writes).map(responses -> {
            List<Moved> moved = new ArrayList<>(responses.size());
            for (int i = 0; i < responses.size(); i++) {
                moved.add(moved(writes.get(i), responses.get(i)));
            }
            return moved;
        });
    }

    private record Write(String shipmentId, JsonObject fixed, String tenantId, JsonObject position,
                         String positionEvent, String arrivingAt, String arrivingEvent, List<Scan> scans) {
    }

    /** A checkpoint as the shipment shows it, and the JSON of its live event (null: journal nothing). */
    record Scan(JsonObject checkpoint, String event) {
    }

    private Future<List<Response>> run(List<Write> writes) {
        return PUT.pipeline(client, writes, 3, this::addKeysAndArgs);
    }

    private static Moved moved(Write write, Response r) {
        List<JournalEntry> entries = new ArrayList<>(4);
        String shipmentStream = EventJournal.entityStream(write.shipmentId());
        String tenantStream = EventJournal.tenantStream(write.tenantId());
        if (!r.get(1).toString().isEmpty()) {
            entries.add(new JournalEntry(shipmentStream, r.get(1).toString(), r.get(2).toString(), "location",
                write.shipmentId(), write.positionEvent()));
            entries.add(new JournalEntry(tenantStream, r.get(3).toString(), r.get(4).toString(), "location",
                write.shipmentId(), write.positionEvent()));
        }
        if (!r.get(5).toString().isEmpty()) {
            entries.add(new JournalEntry(shipmentStream, r.get(5).toString(), r.get(6).toString(), "arriving",
                write.shipmentId(), write.arrivingEvent()));
            entries.add(new JournalEntry(tenantStream, r.get(7).toString(), r.get(8).toString(), "arriving",
                write.shipmentId(), write.arrivingEvent()));
        }
        for (int at = 9; at + 4 < r.size(); at += 5) {
            String event = write.scans().get(r.get(at).toInteger()).event();
            entries.add(new JournalEntry(shipmentStream, r.get(at + 1).toString(), r.get(at + 2).toString(),
                "checkpoint", write.shipmentId(), event));
            entries.add(new JournalEntry(tenantStream, r.get(at + 3).toString(), r.get(at + 4).toString(),
                "checkpoint", write.shipmentId(), event));
        }
        return new Moved(r.get(0).toInteger(), write.tenantId(), entries);
    }

    /** What one move changed: {@code flags} as the script answers, and the events it journaled for the tenant. */
    record Moved(int flags, String tenantId, List<JournalEntry> journaled) {
    }

    /**
     * A shipment's newest position in a batch, its arrival (when it is inside the geofence; null
     * otherwise) and its checkpoints in time order, with the JSON of their events (a null event
     * journals nothing).
     */
    record Move(String shipmentId, String tenantId, JsonObject position, String positionEvent, String arrivingAt,
                String arrivingEvent, List<Scan> scans) {
    }

    /** A shipment as the API shows it, already encoded, and its owner. */
    record Rendered(String tenantId, String json) {
    }

    /**
     * The cached shipment rendered straight from the stored JSON fragments (no parsing, no
     * copying), or null when Redis does not hold a complete one. The shape is
     * {@link ShipmentView#toJson()}'s, field for field.
     */
    Future<Rendered> get(String shipmentId) {
        return redis.hmget(List.of(key(shipmentId), "t", "doc", "pos", "cp", "upd", "arr")).map(r -> {
            if (r == null || r.get(0) == null || r.get(1) == null || r.get(4) == null) {
                return null;
            }
            String fixed = r.get(1).toString();
            String position = r.get(2) == null ? null : r.get(2).toString();
            String checkpoint = r.get(3) == null ? null : r.get(3).toString();
            String arriving = r.get(5) == null ? null : r.get(5).toString();
            String json = fixed.substring(0, fixed.lastIndexOf('}'))
                + ",\"status\":\"" + ShipmentView.status(position != null, arriving != null) + "\""
                + ",\"position\":" + position
                + ",\"lastCheckpoint\":" + checkpoint
                + ",\"arrivingAt\":" + (arriving == null ? "null" : "\"" + arriving + "\"")
                + ",\"updatedAt\":\"" + r.get(4).toString() + "\"}";
            return new Rendered(r.get(0).toString(), json);
        });
    }

    /** The owning tenant, or null when not cached. */
    Future<String> owner(String shipmentId) {
        return redis.hget(key(shipmentId), "t").map(r -> r == null ? null : r.toString());
    }

    private void addKeysAndArgs(Request request, Write w) {
        JsonObject fixed = w.fixed();
        JsonObject position = w.position();
        request.arg(key(w.shipmentId()))
            .arg(EventJournal.key(EventJournal.entityStream(w.shipmentId())))
            .arg(EventJournal.key(EventJournal.tenantStream(w.tenantId())))
            .arg(ttlMillis)
            .arg(fixed == null ? "" : fixed.encode())
            .arg(w.tenantId())
            .arg(micros(position, "recordedAt")).arg(position == null ? "" : position.encode())
            .arg(micros(fixed, "createdAt")).arg(fixed == null ? "" : fixed.getString("createdAt"))
            .arg(micros(position, "receivedAt")).arg(position == null ? "" : position.getString("receivedAt"))
            .arg(w.shipmentId())
            .arg(journal.shipmentEvents()).arg(journal.tenantEvents()).arg(journal.ttl().toMillis())
            .arg(w.positionEvent() == null ? "" : w.positionEvent())
            .arg(w.arrivingAt() == null ? "" : w.arrivingAt())
            .arg(w.arrivingEvent() == null ? "" : w.arrivingEvent())
            .arg(w.scans().size());
        for (Scan scan : w.scans()) {
            JsonObject checkpoint = scan.checkpoint();
            request.arg(micros(checkpoint, "at")).arg(checkpoint.encode())
                .arg(micros(checkpoint, "receivedAt")).arg(checkpoint.getString("receivedAt"))
                .arg(scan.event() == null ? "" : scan.event());
        }
    }

    private static String micros(JsonObject part, String timeField) {
        return part == null ? "0" : String.valueOf(micros(part.getString(timeField)));
    }

    /** Device time in microseconds since the epoch: exact in a Lua number until the year 2255. */
    static long micros(String isoInstant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(isoInstant));
    }

    Future<Void> close() {
        redis.close();
        return Future.succeededFuture();
    }
}
