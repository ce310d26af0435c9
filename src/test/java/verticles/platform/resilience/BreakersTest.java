package verticles.platform.resilience;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.CommandFailure;
import verticles.platform.config.MeridianConfig;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayName("A circuit breaker")
class BreakersTest {

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MeridianConfig config = MeridianConfig.withOverrides(new JsonObject(), Map.of(
        "MERIDIAN_BREAKERS_MAX_FAILURES", "3", "MERIDIAN_BREAKERS_RESET_AFTER", "300ms"));

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    @DisplayName("opens after max-failures failures, then fails at once without calling, then closes after a success")
    void opensAndCloses() throws Exception {
        CircuitBreaker breaker = Breakers.create(vertx, "store", config, registry);
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            call(breaker, () -> {
                calls.incrementAndGet();
                return Future.failedFuture(new java.net.ConnectException("Connection refused"));
            });
        }
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
        assertEquals(1, gauge("store", "open"));
        Exception refused = call(breaker, () -> {
            calls.incrementAndGet();
            return Future.succeededFuture("never");
        });
        assertInstanceOf(OpenCircuitException.class, refused);
        assertEquals(3, calls.get(), "an open circuit does not call");

        Thread.sleep(500);
        assertNull(call(breaker, () -> Future.succeededFuture("back")));
        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
        assertEquals(1, gauge("store", "closed"));
        assertEquals(0, gauge("store", "open"));
    }

    @Test
    @DisplayName("does not count refusals (404, 409…) as failures: the dependency answered")
    void refusalsAreNotFailures() throws Exception {
        CircuitBreaker breaker = Breakers.create(vertx, "refusing", config, registry);
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(CommandFailure.class, call(breaker, () -> CommandFailure.fail(409, "no")));
        }
        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    }

    @Test
    @DisplayName("does not count a value the store refuses or a bug as failures: only a store that is down opens it")
    void permanentFailuresAreNotOutages() throws Exception {
        CircuitBreaker breaker = Breakers.create(vertx, "picky", config, registry);
        for (int i = 0; i < 10; i++) {
            call(breaker, () -> Future.failedFuture(new io.vertx.pgclient.PgException("invalid byte sequence", "ERROR",
                "22021", "")));
            call(breaker, () -> Future.failedFuture(new ClassCastException("a bug")));
        }
        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    }

    private static Exception call(CircuitBreaker breaker, java.util.function.Supplier<Future<Object>> work) {
        try {
            breaker.execute(work).await(5, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private double gauge(String dependency, String state) {
        return registry.get("meridian.circuit.breakers").tag("dependency", dependency).tag("state", state).gauge().value();
    }
}
