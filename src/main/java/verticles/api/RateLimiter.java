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
import verticles.platform.redis.LuaScript;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request rates per API key, shared by every node: a token bucket in Redis per key, refilled at
 * the tenant's rate (or {@code ratelimit.per-second}) up to its burst. Every answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}; past the
 * limit the answer is 429 with {@code Retry-After}. When Redis cannot be asked, requests pass:
 * the limit protects the service, and an outage of Redis is no reason to refuse the traffic
 * that Kafka and PostgreSQL can still take.
 */
final class RateLimiter implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    /**
     * KEYS: the bucket. ARGV: rate per second, burst, now in ms. Answers {@code {allowed (1|0),
     * tokens left, seconds until full, seconds until one token}}.
     */
    private static final LuaScript TAKE = new LuaScript("""
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local now = tonumber(ARGV[3])
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1])
        local at = tonumber(bucket[2])
        if not tokens then tokens = burst; at = now end
        tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
        local allowed = 0
        if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
        local retry = 0
        if allowed == 0 then retry = math.ceil((1 - tokens) / rate) end
        return {allowed, math.floor(tokens), math.ceil((burst - tokens) / rate), retry}""");

    private final Redis redis;
    private final int defaultPerSecond;
    private final int defaultBurst;
    private final Counter limited;
    private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - 60_000_000_000L);

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
        TAKE.call(redis, List.of("meridian:ratelimit:" + quota.bucket()),
                List.of(String.valueOf(perSecond), String.valueOf(burst), String.valueOf(System.currentTimeMillis())))
            .onComplete(ar -> {
                if (ar.failed()) {
                    warnOncePerMinute(ar.cause());
                    rc.next();
                    return;
                }
                var answer = ar.result();
                rc.response()
                    .putHeader("RateLimit-Limit", String.valueOf(burst))
                    .putHeader("RateLimit-Remaining", answer.get(1).toString())
                    .putHeader("RateLimit-Reset", answer.get(2).toString());
                if (answer.get(0).toInteger() == 1) {
                    rc.next();
                    return;
                }
                limited.increment();
                rc.response().putHeader("Retry-After", String.valueOf(Math.max(1, answer.get(3).toInteger())));
                Problem.send(rc, 429, "Too Many Requests", "this API key is over its rate of " + perSecond
                    + " requests a second (bursts of " + burst + "); retry after the time in Retry-After");
            });
    }

    private void warnOncePerMinute(Throwable failure) {
        long now = System.nanoTime();
        long last = lastWarningNanos.get();
        if (now - last > 60_000_000_000L && lastWarningNanos.compareAndSet(last, now)) {
            LOG.warn("rate limits not applied: Redis did not answer ({}); requests pass meanwhile", failure.toString());
        }
    }
}
