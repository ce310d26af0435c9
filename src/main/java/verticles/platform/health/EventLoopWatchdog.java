package verticles.platform.health;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Tells a wedged process from a busy or cut-off one, for the liveness probe. Each of the node's
 * event loops stamps the time once a second; a loop whose stamp is older than the allowed stall
 * is stuck (a blocking call, a deadlock, an endless loop), and only a restart cures that. A store
 * being down never stops a loop from turning, so it never fails liveness.
 *
 * <p>The ticks are scheduled on Netty's event loops themselves, not as Vert.x timers, so no
 * verticle's undeployment cancels them and a loop serving no verticle is watched too.
 */
public final class EventLoopWatchdog implements Shareable {

    private static final long TICK_MS = 1_000;

    private final List<AtomicLong> lastTicks = new ArrayList<>();
    private final LongSupplier clock;

    EventLoopWatchdog(Iterable<EventExecutor> loops, LongSupplier clock) {
        this.clock = clock;
        for (EventExecutor loop : loops) {
            AtomicLong lastTick = new AtomicLong(clock.getAsLong());
            lastTicks.add(lastTick);
            loop.scheduleAtFixedRate(() -> lastTick.set(clock.getAsLong()), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The node's watchdog, started by whichever caller asks first. */
    public static EventLoopWatchdog forNode(Vertx vertx) {
        LocalMap<String, EventLoopWatchdog> map = vertx.sharedData().getLocalMap("meridian.health.watchdog");
        synchronized (EventLoopWatchdog.class) {
            EventLoopWatchdog existing = map.get("watchdog");
            if (existing != null) {
                return existing;
            }
            EventLoopWatchdog made = new EventLoopWatchdog(((VertxInternal) vertx).nettyEventLoopGroup(), System::nanoTime);
            map.put("watchdog", made);
            return made;
        }
    }

    /** How long the most stuck event loop has gone without turning (zero when every loop is turning). */
    public Duration longestStall() {
        long now = clock.getAsLong();
        long worst = 0;
        for (AtomicLong lastTick : lastTicks) {
            worst = Math.max(worst, now - lastTick.get() - TimeUnit.MILLISECONDS.toNanos(TICK_MS));
        }
        return Duration.ofNanos(Math.max(0, worst));
    }

    /** The number of event loops watched. */
    public int loops() {
        return lastTicks.size();
    }
}
