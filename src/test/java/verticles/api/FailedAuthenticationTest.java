package verticles.api;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Failed authentication")
class FailedAuthenticationTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FailedAuthentication failures = new FailedAuthentication(10, 50, Duration.ofSeconds(30), now::get);

    @Test
    @DisplayName("lets an address fail a burst, then refuses it until its bucket refills at the configured rate")
    void perAddressBucket() {
        for (int i = 0; i < 50; i++) {
            assertTrue(failures.mayTry("10.0.0.1"), "failure " + i);
            failures.failed("10.0.0.1");
        }
        assertFalse(failures.mayTry("10.0.0.1"));
        assertEquals(1, failures.retryAfterSeconds("10.0.0.1"));
        assertTrue(failures.mayTry("10.0.0.2"), "another address has a bucket of its own");
        now.addAndGet(150_000_000L); // 0.15 s: one and a half tokens back
        assertTrue(failures.mayTry("10.0.0.1"));
        failures.failed("10.0.0.1");
        assertFalse(failures.mayTry("10.0.0.1"));
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 50; i++) {
            assertTrue(failures.mayTry("10.0.0.1"));
            failures.failed("10.0.0.1");
        }
        assertFalse(failures.mayTry("10.0.0.1"), "the bucket holds a burst at most, however long it waited");
    }

    @Test
    @DisplayName("remembers an unknown key for its time, and forgets it after")
    void unknownKeys() {
        assertFalse(failures.isKnownUnknown("h1"));
        failures.rememberUnknown("h1");
        assertTrue(failures.isKnownUnknown("h1"));
        assertFalse(failures.isKnownUnknown("h2"));
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertFalse(failures.isKnownUnknown("h1"));
    }

    @Test
    @DisplayName("keeps at most 100,000 unknown keys: guessing cannot fill the memory")
    void bounded() {
        for (int i = 0; i < 150_000; i++) {
            failures.rememberUnknown("h" + i);
        }
        assertFalse(failures.isKnownUnknown("h0"), "the oldest went first");
        assertTrue(failures.isKnownUnknown("h149999"));
    }
}
