package verticles.platform.jobs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A claim's lease, by the claimer's clock")
class LeaseTest {

    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(20).toNanos());

    @Test
    @DisplayName("covers work that ends before the lease runs out, counted from when the claim was sent")
    void coversWorkEndingInTime() {
        Lease lease = new Lease(now::get, Duration.ofSeconds(45));
        assertTrue(lease.covers(Duration.ofSeconds(45)), "all of it, at once");
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertTrue(lease.covers(Duration.ofSeconds(15)), "what is left");
        assertFalse(lease.covers(Duration.ofSeconds(15).plusNanos(1)), "not a nanosecond more");
    }

    @Test
    @DisplayName("covers nothing once an answer came back later than the lease lasts")
    void coversNothingAfterALateAnswer() {
        Lease lease = new Lease(now::get, Duration.ofSeconds(45));
        now.addAndGet(Duration.ofSeconds(51).toNanos());
        assertFalse(lease.covers(Duration.ZERO));
    }
}
