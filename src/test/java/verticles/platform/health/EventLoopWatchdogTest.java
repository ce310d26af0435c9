package verticles.platform.health;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The event-loop watchdog behind liveness")
class EventLoopWatchdogTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3)
        .setBlockedThreadCheckInterval(60_000));

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("sees one stuck event loop among turning ones, and forgets it once it turns again")
    void seesAStuckLoop() throws Exception {
        EventLoopWatchdog watchdog = EventLoopWatchdog.forNode(vertx);
        assertSame(watchdog, EventLoopWatchdog.forNode(vertx), "one watchdog per node");
        assertEquals(3, watchdog.loops());
        Thread.sleep(1_500);
        assertTrue(watchdog.longestStall().compareTo(Duration.ofMillis(500)) < 0,
            "every loop turns: " + watchdog.longestStall());

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        ((VertxInternal) vertx).createEventLoopContext().runOnContext(v -> {
            blocked.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        Thread.sleep(3_500);
        Duration stuck = watchdog.longestStall();
        release.countDown();
        assertTrue(stuck.compareTo(Duration.ofMillis(1_500)) > 0, "the blocked loop is seen stuck: " + stuck);

        Thread.sleep(2_000);
        assertTrue(watchdog.longestStall().compareTo(Duration.ofMillis(500)) < 0,
            "turning again, it is not stuck any more: " + watchdog.longestStall());
    }
}
