package verticles.platform.resilience;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.CommandFailure;
import verticles.platform.Failures;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Circuit breakers around what Meridian depends on (vertx-circuit-breaker): after
 * {@code breakers.max-failures} failures in a row a circuit opens and calls fail at once (503
 * at the edge, or the fallback the caller chose, such as reading PostgreSQL when Redis is out)
 * instead of each waiting for a timeout; after {@code breakers.reset-after} one trial call goes
 * through, and a success closes it again. Each verticle instance has its own breakers; the gauge
 * {@code meridian_circuit_breakers{dependency, state}} counts a node's breakers in each state.
 */
public final class Breakers {

    private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);
    private static final Map<MeterRegistry, Map<String, Map<CircuitBreakerState, AtomicInteger>>> COUNTS =
        Collections.synchronizedMap(new WeakHashMap<>());

    private Breakers() {
    }

    /**
     * A breaker whose calls may also be timed out ({@code breakers.call-timeout}): only for calls
     * that are safe to abandon, such as cache reads and version-checked cache writes. Writes to
     * PostgreSQL are never timed out by the breaker, because a write abandoned here could still
     * commit after its caller was told it failed.
     */
    public static CircuitBreaker timed(Vertx vertx, String dependency, MeridianConfig config, MeterRegistry registry) {
        return create(vertx, dependency, config, registry, config.get(Keys.BREAKER_TIMEOUT).toMillis());
    }

    /** A breaker that leaves timeouts to the client it guards (the pool's wait, an HTTP request's). */
    public static CircuitBreaker create(Vertx vertx, String dependency, MeridianConfig config, MeterRegistry registry) {
        return create(vertx, dependency, config, registry, -1);
    }

    private static CircuitBreaker create(Vertx vertx, String dependency, MeridianConfig config, MeterRegistry registry,
                                         long timeoutMs) {
        CircuitBreaker breaker = CircuitBreaker.create("meridian-" + dependency, vertx, new CircuitBreakerOptions()
            .setMaxFailures(config.get(Keys.BREAKER_MAX_FAILURES))
            .setResetTimeout(config.get(Keys.BREAKER_RESET).toMillis())
            .setTimeout(timeoutMs)
            // No event-bus notifications: the state is in the metrics, and in a cluster they
            // would be broadcast to every node.
            .setNotificationAddress(null));
        // A refusal (404, 409, 422…) or a value the store will not take is the dependency working as
        // it should, and a full pool is this node being busy: none of them is the dependency failing.
        breaker.<Object>failurePolicy(outcome -> outcome.failed() && !(outcome.cause() instanceof CommandFailure)
            && Failures.isTransient(outcome.cause()) && !CommandFailure.isBusy(outcome.cause()));
        Map<CircuitBreakerState, AtomicInteger> counts = counts(registry, dependency);
        AtomicReference<CircuitBreakerState> last = new AtomicReference<>(CircuitBreakerState.CLOSED);
        counts.get(CircuitBreakerState.CLOSED).incrementAndGet();
        breaker.openHandler(v -> {
            move(counts, last, CircuitBreakerState.OPEN);
            LOG.warn("circuit to {} opened: calls fail at once for {} ms", dependency,
                config.get(Keys.BREAKER_RESET).toMillis());
        });
        breaker.halfOpenHandler(v -> move(counts, last, CircuitBreakerState.HALF_OPEN));
        breaker.closeHandler(v -> {
            if (move(counts, last, CircuitBreakerState.CLOSED) != CircuitBreakerState.CLOSED) {
                LOG.info("circuit to {} closed again", dependency);
            }
        });
        return breaker;
    }

    /**
     * Logs a failed call, except one refused by an open circuit: the opening was logged once,
     * and a line per refused call would flood the log while a store is down.
     */
    public static void warnUnlessOpen(Logger log, Throwable failure, String what) {
        if (!(failure instanceof OpenCircuitException)) {
            log.warn("{}: {}", what, failure.toString());
        }
    }

    /** Forgets a breaker that is no longer used (its count leaves the gauge). */
    public static void retire(CircuitBreaker breaker, String dependency, MeterRegistry registry) {
        counts(registry, dependency).get(breaker.state()).decrementAndGet();
        breaker.close();
    }

    private static CircuitBreakerState move(Map<CircuitBreakerState, AtomicInteger> counts,
                                            AtomicReference<CircuitBreakerState> last, CircuitBreakerState next) {
        CircuitBreakerState previous = last.getAndSet(next);
        if (previous != next) {
            counts.get(previous).decrementAndGet();
            counts.get(next).incrementAndGet();
        }
        return previous;
    }

    private static Map<CircuitBreakerState, AtomicInteger> counts(MeterRegistry registry, String dependency) {
        synchronized (COUNTS) {
            return COUNTS.computeIfAbsent(registry, r -> new java.util.HashMap<>()).computeIfAbsent(dependency, d -> {
                Map<CircuitBreakerState, AtomicInteger> byState = new EnumMap<>(CircuitBreakerState.class);
                for (CircuitBreakerState state : CircuitBreakerState.values()) {
                    AtomicInteger count = new AtomicInteger();
                    byState.put(state, count);
                    Gauge.builder("meridian.circuit.breakers", count, AtomicInteger::get)
                        .description("circuit breakers on this node in each state, by the dependency they guard")
                        .tag("dependency", dependency)
                        .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry);
                }
                return byState;
            });
        }
    }
}
