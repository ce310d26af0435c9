package verticles.tracking;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

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

    /** Returns 1 if the position moved, 2 if the checkpoint moved, 3 if both, 0 if neither. */
    private static final String PUT = """
        local key = KEYS[1]
        local function forward(atField, valueField, at, value)
          if value == '' then return 0 end
          local current = tonumber(redis.call('HGET', key, atField))
          if current and current >= tonumber(at) then return 0 end
          redis.call('HSET', key, atField, at, valueField, value)
          return 1
        end
        if ARGV[2] ~= '' then redis.call('HSET', key, 'doc', ARGV[2], 't', ARGV[3]) end
        local movedPosition = forward('posAt', 'pos', ARGV[4], ARGV[5])
        local movedCheckpoint = forward('cpAt', 'cp', ARGV[6], ARGV[7])
        forward('updAt', 'upd', ARGV[8], ARGV[9])
        if movedPosition == 1 then forward('updAt', 'upd', ARGV[10], ARGV[11]) end
        if movedCheckpoint == 1 then forward('updAt', 'upd', ARGV[12], ARGV[13]) end
        redis.call('PEXPIRE', key, ARGV[1])
        return movedPosition + 2 * movedCheckpoint""";

    private final Redis client;
    private final RedisAPI redis;
    private final long ttlMillis;
    /** The script's SHA-1 once Redis has it, so each call sends 40 bytes rather than the script. */
    private volatile String scriptSha;

    ShipmentCache(Redis client, Duration ttl) {
        this.client = client;
        this.redis = RedisAPI.api(client);
        this.ttlMillis = ttl.toMillis();
    }

    static String key(String shipmentId) {
        return "meridian:shipment:" + shipmentId;
    }

    /** Writes a whole view (a refill from PostgreSQL, or a new shipment); older parts never win. */
    Future<Void> put(ShipmentView view) {
        return run(List.of(new Write(view.fixed().getString("id"), view.fixed(), view.tenantId(),
            view.position(), view.lastCheckpoint()))).mapEmpty();
    }

    /** A batch of moves, pipelined; each answer says what moved (see {@link #PUT}). */
    Future<List<Integer>> move(List<Move> moves) {
        List<Write> writes = new ArrayList<>(moves.size());
        for (Move m : moves) {
            writes.add(new Write(m.shipmentId(), null, null, m.position(), m.checkpoint()));
        }
        return run(writes);
    }

    private record Write(String shipmentId, JsonObject fixed, String tenantId, JsonObject position,
                         JsonObject checkpoint) {
    }

    /**
     * Runs the script once per write in one pipeline, by its SHA; when Redis does not know the
     * script (first use, or after a restart), loads it and runs the writes once more. Rerunning
     * is safe: every write only moves state forward.
     */
    private Future<List<Integer>> run(List<Write> writes) {
        String sha = scriptSha;
        Future<List<Integer>> attempt = sha == null ? Future.failedFuture("NOSCRIPT not loaded yet") : pipeline(sha, writes);
        return attempt.recover(e -> String.valueOf(e.getMessage()).contains("NOSCRIPT")
            ? redis.script(List.of("LOAD", PUT)).compose(loaded -> {
                scriptSha = loaded.toString();
                return pipeline(scriptSha, writes);
            })
            : Future.failedFuture(e));
    }

    private Future<List<Integer>> pipeline(String sha, List<Write> writes) {
        List<Request> requests = new ArrayList<>(writes.size());
        for (Write w : writes) {
            requests.add(putRequest(sha, w.shipmentId(), w.fixed(), w.tenantId(), w.position(), w.checkpoint()));
        }
        return client.batch(requests).map(responses -> {
            List<Integer> moved = new ArrayList<>(responses.size());
            for (Response r : responses) {
                moved.add(r.toInteger());
            }
            return moved;
        });
    }

    record Move(String shipmentId, JsonObject position, JsonObject checkpoint) {
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
        return redis.hmget(List.of(key(shipmentId), "t", "doc", "pos", "cp", "upd")).map(r -> {
            if (r == null || r.get(0) == null || r.get(1) == null || r.get(4) == null) {
                return null;
            }
            String fixed = r.get(1).toString();
            String position = r.get(2) == null ? null : r.get(2).toString();
            String checkpoint = r.get(3) == null ? null : r.get(3).toString();
            String json = fixed.substring(0, fixed.lastIndexOf('}'))
                + ",\"status\":\"" + (position == null ? "CREATED" : "IN_TRANSIT") + "\""
                + ",\"position\":" + position
                + ",\"lastCheckpoint\":" + checkpoint
                + ",\"updatedAt\":\"" + r.get(4).toString() + "\"}";
            return new Rendered(r.get(0).toString(), json);
        });
    }

    /** The owning tenant, or null when not cached. */
    Future<String> owner(String shipmentId) {
        return redis.hget(key(shipmentId), "t").map(r -> r == null ? null : r.toString());
    }

    private Request putRequest(String sha, String shipmentId, JsonObject fixed, String tenantId, JsonObject position,
                               JsonObject checkpoint) {
        return Request.cmd(io.vertx.redis.client.Command.EVALSHA)
            .arg(sha).arg(1).arg(key(shipmentId))
            .arg(ttlMillis)
            .arg(fixed == null ? "" : fixed.encode())
            .arg(tenantId == null ? "" : tenantId)
            .arg(micros(position, "recordedAt")).arg(position == null ? "" : position.encode())
            .arg(micros(checkpoint, "at")).arg(checkpoint == null ? "" : checkpoint.encode())
            .arg(micros(fixed, "createdAt")).arg(fixed == null ? "" : fixed.getString("createdAt"))
            .arg(micros(position, "receivedAt")).arg(position == null ? "" : position.getString("receivedAt"))
            .arg(micros(checkpoint, "receivedAt")).arg(checkpoint == null ? "" : checkpoint.getString("receivedAt"));
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
