package verticles.platform.jobs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A failed job's backoff")
class BackoffTest {

    @Test
    @DisplayName("grows exponentially with jitter, capped")
    void backsOff() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));
        Random random = new Random(7);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long expected = Math.min(2_000L << (attempt - 1), 600_000L);
            long delay = backoff.after(attempt, random).toMillis();
            assertTrue(delay >= expected * 0.75 - 1 && delay <= expected * 1.25 + 1, attempt + ": " + delay);
        }
        assertTrue(backoff.after(40, random).toMillis() <= 750_000);
    }
}
