package verticles.api;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a node remembers of failed authentication, so that guessing keys costs it next to nothing
 * and cannot crowd PostgreSQL (whose pool readiness shares):
 * <ul>
 *   <li>a key found unknown is remembered for {@code auth.unknown-key-ttl}, so trying it again is
 *       answered 401 without a lookup;</li>
 *   <li>each client address may fail {@code auth.failures-per-second} times a second, in bursts of
 *       {@code auth.failure-burst} (a token bucket per address); past that, a key this node does not
 *       already know is answered 429 with Retry-After, without a lookup. A key it knows goes on
 *       working, so clients sharing the address with a guesser keep their service.</li>
 * </ul>
 * One per node, shared by its API verticles; both memories are bounded.
 */
final class FailedAuthentication implements Shareable {

    private static final int MAX_ENTRIES = 100_000;

    private final double perSecond;
    private final int burst;
    private final long unknownTtlNanos;
    private final LongSupplier clock;
    private final Map<String, long[]> unknown = bounded();
    private final Map<String, Bucket> buckets = bounded();

    /** An address's tokens, as of {@code at} (nanos). */
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    FailedAuthentication(int perSecond, int burst, Duration unknownTtl, LongSupplier clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.unknownTtlNanos = unknownTtl.toNanos();
        this.clock = clock;
    }

    static FailedAuthentication forNode(Vertx vertx, int perSecond, int burst, Duration unknownTtl) {
        LocalMap<String, FailedAuthentication> map = vertx.sharedData().getLocalMap("meridian.auth.failures");
        FailedAuthentication made = new FailedAuthentication(perSecond, burst, unknownTtl, System::nanoTime);
        FailedAuthentication existing = map.putIfAbsent("failures", made);
        return existing == null ? made : existing;
    }

    /** Whether this key hash was found unknown lately. */
    synchronized boolean isKnownUnknown(String keyHash) {
        long[] until = unknown.get(keyHash);
        if (until == null) {
            return false;
        }
        if (until[0] - clock.getAsLong() > 0) {
            return true;
        }
        unknown.remove(keyHash);
        return false;
    }

    synchronized void rememberUnknown(String keyHash) {
        unknown.put(keyHash, new long[] {clock.getAsLong() + unknownTtlNanos});
    }

    /** Whether this address may still fail: its bucket holds at least one token. */
    synchronized boolean mayTry(String address) {
        return refilled(address).tokens >= 1;
    }

    /** Takes a token from the address's bucket. */
    synchronized void failed(String address) {
        Bucket bucket = refilled(address);
        bucket.tokens = Math.max(0, bucket.tokens - 1);
    }

    /** Whole seconds until the address may fail again. */
    synchronized long retryAfterSeconds(String address) {
        double missing = 1 - refilled(address).tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / perSecond);
    }

    /** The address's bucket, topped up for the time since it was last seen. */
    private Bucket refilled(String address) {
        long now = clock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
        bucket.at = now;
        return bucket;
    }

    /** Least recently used first out, past {@value #MAX_ENTRIES} entries: guessing cannot fill the memory. */
    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(1_024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
