package verticles.platform;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Overload")
class CommandFailureTest {

    @Test
    @DisplayName("is told apart from breakage, however deep the cause")
    void recognisesOverload() {
        assertTrue(CommandFailure.isOverload(new ConnectionPoolTooBusyException("queue full")));
        assertTrue(CommandFailure.isOverload(new RuntimeException("wrapped", new TimeoutException("late"))));
        assertFalse(CommandFailure.isOverload(new IllegalStateException("a bug")));
        assertFalse(CommandFailure.isOverload(new RuntimeException("wrapped", new NullPointerException())));
    }

    @Test
    @DisplayName("covers a pool's wait for a connection, an open circuit and a refused connection")
    void recognisesUnavailableStores() {
        Throwable poolWait = new io.vertx.core.VertxException("Timeout waiting for connection");
        assertTrue(CommandFailure.isOverload(poolWait));
        assertTrue(CommandFailure.isBusy(poolWait));
        assertFalse(CommandFailure.isBusy(new io.vertx.core.VertxException("Timeout is a word in this error")),
            "the SQL pool's two texts exactly, not any message that starts alike");
        assertTrue(CommandFailure.isOverload(io.vertx.circuitbreaker.OpenCircuitException.INSTANCE));
        assertTrue(CommandFailure.isOverload(new RuntimeException(new java.net.ConnectException("refused"))));
        // A store that refuses connections is down, not busy: it counts toward opening its circuit.
        assertFalse(CommandFailure.isBusy(new java.net.ConnectException("refused")));
        assertFalse(CommandFailure.isOverload(new io.vertx.core.VertxException("duplicate key value")));
    }
}
