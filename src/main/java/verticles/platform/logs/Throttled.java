package verticles.platform.logs;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A warning that repeats while something stays broken (a store that is down, polled every few
 * hundred milliseconds) is logged at most once per interval, with how many were held back, so an
 * outage writes a few lines a minute instead of a few a second.
 */
public final class Throttled {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicReference<Long> lastNanos = new AtomicReference<>(null);
    private final AtomicLong heldBack = new AtomicLong();

    public Throttled(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code message} (with {@code {}} arguments) unless one was logged within the interval. */
    public void warn(String message, Object... arguments) {
        long now = System.nanoTime();
        Long last = lastNanos.get();
        if ((last == null || now - last >= intervalNanos) && lastNanos.compareAndSet(last, now)) {
            long skipped = heldBack.getAndSet(0);
            if (skipped > 0) {
                log.atWarn().addKeyValue("repeatsHeldBack", skipped).log(message, arguments);
            } else {
                log.warn(message, arguments);
            }
        } else {
            heldBack.incrementAndGet();
        }
    }
}
