package verticles.shipments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import verticles.platform.events.EventJournal;
import verticles.platform.events.JournalEntry;
import verticles.platform.redis.LuaScript;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One write to a shipment's cached state, and the Lua script every such write goes through: it
 * moves the position and the checkpoint only forward in their own time, and journals what moved.
 * The fixed data and position are null when the write does not change them; an event that is
 * null journals nothing.
 */
record ForwardWrite(String shipmentId, JsonObject fixed, String tenantId, JsonObject position,
                    String positionEvent, String arrivingAt, String arrivingEvent, String etaRevisedEvent,
                    List<ShipmentCache.Scan> scans) {

    /**
     * KEYS: the shipment's hash, its journal stream, its tenant's journal stream. ARGV[1]: one
     * JSON object, this write with named fields (see {@link #argument}); times to compare
     * are microseconds as strings, exact in a Lua number until the year 2255. Answers a JSON
     * object: {@code positionMoved}, {@code checkpointMoved} (true when any moved forward), and
     * the journal entries written, each {@code {kind, index, shipment: [id, prev], tenant: [id,
     * prev]}} ({@code index}: the checkpoint's place in the write). The arrival is journaled only
     * the first time (the {@code arr} field is set once), an ETA revision whenever there is one;
     * every scan that moves forward is journaled, not only the newest: checkpoints are discrete
     * events, not a position to coalesce.
     */
    private static final LuaScript PUT = new LuaScript(EventJournal.APPEND_FUNCTION + """
        local key = KEYS[1]
        local w = cjson.decode(ARGV[1])
        local function forward(atField, valueField, at, value)
          if value == nil or value == cjson.null then return false end
          local current = tonumber(redis.call('HGET', key, atField))
          if current and current >= tonumber(at) then return false end
          redis.call('HSET', key, atField, at, valueField, value)
          return true
        end
        local function present(value) return value ~= nil and value ~= cjson.null end
        local out = {positionMoved = false, checkpointMoved = false, journaled = {}}
        local function publish(kind, index, data)
          local j = w.journal
          local s = journal(KEYS[2], j.shipmentEvents, j.ttlMillis, kind, w.shipmentId, data)
          local t = journal(KEYS[3], j.tenantEvents, j.ttlMillis, kind, w.shipmentId, data)
          table.insert(out.journaled, {kind = kind, index = index, shipment = s, tenant = t})
        end
        if present(w.fixed) then redis.call('HSET', key, 'doc', w.fixed, 't', w.tenantId) end
        if present(w.created) then forward('updAt', 'upd', w.created.micros, w.created.at) end
        local p = w.position
        if present(p) and forward('posAt', 'pos', p.atMicros, p.json) then
          out.positionMoved = true
          forward('updAt', 'upd', p.receivedAtMicros, p.receivedAt)
          if present(p.event) then publish('location', -1, p.event) end
        end
        local a = w.arrival
        if present(a) and redis.call('HSETNX', key, 'arr', a.at) == 1 and present(a.event) then
          publish('arriving', -1, a.event)
        end
        if present(w.etaRevised) then publish('eta-revised', -1, w.etaRevised) end
        for i, c in ipairs(w.checkpoints) do
          if forward('cpAt', 'cp', c.atMicros, c.json) then
            out.checkpointMoved = true
            forward('updAt', 'upd', c.receivedAtMicros, c.receivedAt)
            if present(c.event) then publish('checkpoint', i - 1, c.event) end
          end
        end
        redis.call('PEXPIRE', key, w.ttlMillis)
        return cjson.encode(out)""");

    /** Runs the script for each write, all in one pipeline. */
    static Future<List<Response>> run(Redis client, List<ForwardWrite> writes, long ttlMillis, ShipmentCache.Journal journal) {
        return PUT.pipeline(client, writes, 3, w -> ShipmentCache.key(w.tenantId(), w.shipmentId()),
            (request, w) -> addKeysAndArgs(request, w, ttlMillis, journal));
    }

    /** What the script answered for this write, with the events it journaled. */
    ShipmentCache.Moved moved(Response r) {
        JsonObject answer = new JsonObject(r.toString());
        List<JournalEntry> entries = new ArrayList<>(4);
        String shipmentStream = EventJournal.entityStream(shipmentId);
        String tenantStream = EventJournal.tenantStream(tenantId);
        // Lua's cjson writes an empty table as {}, so "nothing journaled" can come as an object.
        Object journaledList = answer.getValue("journaled");
        for (Object item : journaledList instanceof JsonArray list ? list : new JsonArray()) {
            JsonObject journaled = (JsonObject) item;
            String kind = journaled.getString("kind");
            String event = switch (kind) {
                case "location" -> positionEvent;
                case "arriving" -> arrivingEvent;
                case "eta-revised" -> etaRevisedEvent;
                default -> scans.get(journaled.getInteger("index")).event();
            };
            JsonArray shipment = journaled.getJsonArray("shipment");
            JsonArray tenant = journaled.getJsonArray("tenant");
            entries.add(new JournalEntry(shipmentStream, shipment.getString(0), shipment.getString(1), kind,
                shipmentId, event));
            entries.add(new JournalEntry(tenantStream, tenant.getString(0), tenant.getString(1), kind,
                shipmentId, event));
        }
        return new ShipmentCache.Moved(answer.getBoolean("positionMoved"), answer.getBoolean("checkpointMoved"), tenantId,
            entries);
    }

    private static void addKeysAndArgs(Request request, ForwardWrite w, long ttlMillis, ShipmentCache.Journal journal) {
        request.arg(ShipmentCache.key(w.tenantId(), w.shipmentId()))
            .arg(EventJournal.key(w.tenantId(), EventJournal.entityStream(w.shipmentId())))
            .arg(EventJournal.key(w.tenantId(), EventJournal.tenantStream(w.tenantId())))
            .arg(w.argument(ttlMillis, journal).encode());
    }

    /** The script's one argument: the write, every part named; a part it does not change is absent. */
    private JsonObject argument(long ttlMillis, ShipmentCache.Journal journal) {
        JsonArray checkpoints = new JsonArray();
        for (ShipmentCache.Scan scan : scans) {
            JsonObject checkpoint = scan.checkpoint();
            checkpoints.add(new JsonObject().put("json", checkpoint.encode()).put("atMicros", micros(checkpoint, "at"))
                .put("receivedAt", checkpoint.getString("receivedAt"))
                .put("receivedAtMicros", micros(checkpoint, "receivedAt")).put("event", scan.event()));
        }
        return new JsonObject()
            .put("shipmentId", shipmentId)
            .put("tenantId", tenantId)
            .put("ttlMillis", ttlMillis)
            .put("journal", new JsonObject().put("shipmentEvents", journal.shipmentEvents())
                .put("tenantEvents", journal.tenantEvents()).put("ttlMillis", journal.ttl().toMillis()))
            .put("fixed", fixed == null ? null : fixed.encode())
            .put("created", fixed == null ? null
                : new JsonObject().put("at", fixed.getString("createdAt")).put("micros", micros(fixed, "createdAt")))
            .put("position", position == null ? null : new JsonObject().put("json", position.encode())
                .put("atMicros", micros(position, "recordedAt")).put("receivedAt", position.getString("receivedAt"))
                .put("receivedAtMicros", micros(position, "receivedAt")).put("event", positionEvent))
            .put("arrival", arrivingAt == null ? null
                : new JsonObject().put("at", arrivingAt).put("event", arrivingEvent))
            .put("etaRevised", etaRevisedEvent)
            .put("checkpoints", checkpoints);
    }

    private static String micros(JsonObject part, String timeField) {
        return part == null ? "0" : String.valueOf(micros(part.getString(timeField)));
    }

    /** Device time in microseconds since the epoch: exact in a Lua number until the year 2255. */
    static long micros(String isoInstant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(isoInstant));
    }
}
