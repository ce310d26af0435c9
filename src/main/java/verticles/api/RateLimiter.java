package verticles.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.http.Caller;
import verticles.platform.http.Problem;
import verticles.platform.logs.Throttled;
import verticles.platform.redis.LuaScript;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Request rates per API key, shared by every node: a token bucket in Redis per key, refilled at
 * the tenant's rate (or {@code ratelimit.per-second}) up to its burst. Every answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}; past the
 * limit the answer is 429 with {@code Retry-After}.
 *
 * <p>Asking Redis on every request would cost a round trip each (a quarter of the node's
 * throughput here), so each event loop takes tokens in small leases: up to a twentieth of a
 * second's worth (and a quarter of the burst), spent locally within a second and then dropped.
 * Tokens are only ever taken from the shared bucket, so a key never gets more than its limit;
 * at most it gets slightly less. Keys with low rates lease one token at a time, exactly.
 *
 * <p>When Redis cannot be asked, requests pass: the limit protects the service, and an outage
 * of Redis is no reason to refuse the traffic that Kafka and PostgreSQL can still take.
 */
final class RateLimiter implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final long LEASE_NANOS = 1_000_000_000L;
    private static final int MAX_LEASES = 10_000;

    /**
     * KEYS: the bucket. ARGV: rate per second, burst, now in ms, tokens wanted. Takes up to the
     * wanted tokens (at least one when there is one) and answers {@code {tokens granted, tokens
     * left, seconds until full, seconds until one token}}.
     */
    private static final LuaScript TAKE = new LuaScript("""
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local now = tonumber(ARGV[3])
        local wanted = tonumber(ARGV[4])
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1])
        local at = tonumber(bucket[2])
        if not tokens then tokens = burst; at = now end
        tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
        local granted = math.min(wanted, math.floor(tokens))
        tokens = tokens - granted
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
        local retry = 0
        if granted == 0 then retry = math.ceil((1 - tokens) / rate) end
        return {granted, math.floor(tokens), math.ceil((burst - tokens) / rate), retry}""");

    /**
     * Tokens this event loop holds for a bucket and what Redis last said of the bucket; while a
     * lease is being fetched, the requests that need it wait here rather than each asking Redis.
     */
    private static final class Lease {
        int tokens;
        long expiresAtNanos;
        long bucketLeft;
        long resetSeconds;
        boolean fetching;
        final ArrayDeque<RoutingContext> waiting = new ArrayDeque<>();
    }

    private final Redis redis;
    private final int defaultPerSecond;
    private final int defaultBurst;
    private final Counter limited;
    private final Map<String, Lease> leases = new HashMap<>();
    private final Throttled redisDown = new Throttled(LOG, java.time.Duration.ofMinutes(1));

    RateLimiter(Redis redis, int defaultPerSecond, int defaultBurst, MeterRegistry registry) {
        this.redis = redis;
        this.defaultPerSecond = defaultPerSecond;
        this.defaultBurst = defaultBurst;
        this.limited = Counter.builder("meridian.requests.rate.limited")
            .description("requests answered 429 because their API key was over its rate").register(registry);
    }

    @Override
    public void handle(RoutingContext rc) {
        Caller.Quota quota = Caller.quota(rc);
        int perSecond = quota == null || quota.perSecond() == null ? defaultPerSecond : quota.perSecond();
        int burst = quota == null || quota.burst() == null ? Math.max(defaultBurst, perSecond) : quota.burst();
        if (quota == null || perSecond <= 0) {
            rc.next();
            return;
        }
        String bucket = quota.bucket() + ":" + perSecond + ":" + burst;
        Lease lease = leases.get(bucket);
        if (lease == null) {
            if (leases.size() >= MAX_LEASES) {
                leases.values().removeIf(l -> !l.fetching);
            }
            lease = new Lease();
            leases.put(bucket, lease);
        }
        if (lease.tokens > 0 && lease.expiresAtNanos - System.nanoTime() > 0) {
            lease.tokens--;
            allow(rc, burst, lease);
            return;
        }
        lease.waiting.add(rc);
        if (!lease.fetching) {
            fetch(lease, quota.bucket(), perSecond, burst);
        }
    }

    /** Takes a lease from the shared bucket, then lets the waiting requests through while it lasts; the rest get 429. */
    private void fetch(Lease lease, String bucket, int perSecond, int burst) {
        lease.fetching = true;
        int wanted = Math.max(lease.waiting.size(), Math.max(1, Math.min(perSecond / 20, burst / 4)));
        TAKE.call(redis, List.of("meridian:ratelimit:" + bucket), List.of(String.valueOf(perSecond),
                String.valueOf(burst), String.valueOf(System.currentTimeMillis()), String.valueOf(wanted)))
            .onComplete(ar -> {
                lease.fetching = false;
                if (ar.failed()) {
                    warnOncePerMinute(ar.cause());
                    RoutingContext waiting;
                    while ((waiting = lease.waiting.poll()) != null) {
                        waiting.next();
                    }
                    return;
                }
                var answer = ar.result();
                lease.tokens = answer.get(0).toInteger();
                lease.expiresAtNanos = System.nanoTime() + LEASE_NANOS;
                lease.bucketLeft = answer.get(1).toLong();
                lease.resetSeconds = answer.get(2).toLong();
                int retryAfter = Math.max(1, answer.get(3).toInteger());
                RoutingContext waiting;
                while ((waiting = lease.waiting.poll()) != null) {
                    if (lease.tokens > 0) {
                        lease.tokens--;
                        allow(waiting, burst, lease);
                    } else if (lease.bucketLeft > 0) {
                        // More waited than this lease held, and the bucket has more: lease again.
                        lease.waiting.addFirst(waiting);
                        fetch(lease, bucket, perSecond, burst);
                        return;
                    } else {
                        refuse(waiting, perSecond, burst, lease, retryAfter);
                    }
                }
            });
    }

    private static void allow(RoutingContext rc, int burst, Lease lease) {
        rc.response()
            .putHeader("RateLimit-Limit", String.valueOf(burst))
            .putHeader("RateLimit-Remaining", String.valueOf(lease.bucketLeft + lease.tokens))
            .putHeader("RateLimit-Reset", String.valueOf(lease.resetSeconds));
        rc.next();
    }

    private void refuse(RoutingContext rc, int perSecond, int burst, Lease lease, int retryAfter) {
        limited.increment();
        rc.response()
            .putHeader("RateLimit-Limit", String.valueOf(burst))
            .putHeader("RateLimit-Remaining", "0")
            .putHeader("RateLimit-Reset", String.valueOf(lease.resetSeconds))
            .putHeader("Retry-After", String.valueOf(retryAfter));
        Problem.send(rc, 429, "Too Many Requests", "this API key is over its rate of " + perSecond
            + " requests a second (bursts of " + burst + "); retry after the time in Retry-After");
    }

    private void warnOncePerMinute(Throwable failure) {
        redisDown.warn("rate limits not applied: Redis did not answer ({}); requests pass meanwhile", failure.toString());
    }
}
