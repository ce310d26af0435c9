package verticles.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.util.List;

/**
 * Orders in Redis, one hash per order ({@code v}: version, {@code doc}: the JSON the API shows).
 * Every write is a compare-and-set on the version inside one Lua script, so a slow writer
 * holding an older version (a cache-aside refill racing a status change, say) can never
 * replace a newer one. Redis holds only derived state: a miss is refilled from PostgreSQL.
 */
final class OrderCache {

    private static final String PUT_IF_NEWER = """
        local current = tonumber(redis.call('HGET', KEYS[1], 'v'))
        if current and current >= tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[1], 'doc', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1""";

    private final RedisAPI redis;
    private final long ttlMillis;

    OrderCache(Redis client, Duration ttl) {
        this.redis = RedisAPI.api(client);
        this.ttlMillis = ttl.toMillis();
    }

    static String key(String tenantId, String orderId) {
        return "meridian:order:" + tenantId + ":" + orderId;
    }

    /** Stores the order unless Redis already holds this or a later version; true when stored. */
    Future<Boolean> putIfNewer(String tenantId, JsonObject order) {
        return redis.eval(List.of(PUT_IF_NEWER, "1", key(tenantId, order.getString("id")),
                String.valueOf(order.getInteger("version")), order.encode(), String.valueOf(ttlMillis)))
            .map(r -> r.toInteger() == 1);
    }

    Future<JsonObject> get(String tenantId, String orderId) {
        return redis.hget(key(tenantId, orderId), "doc")
            .map(r -> r == null ? null : new JsonObject(r.toBuffer()));
    }

    Future<Void> close() {
        redis.close();
        return Future.succeededFuture();
    }
}
