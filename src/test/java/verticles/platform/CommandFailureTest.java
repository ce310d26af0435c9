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
}
