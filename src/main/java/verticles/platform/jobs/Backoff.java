package verticles.platform.jobs;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try a failed job again: the base delay doubled for each attempt made, capped,
 * then spread by ±25 % so that receivers that failed together are not retried together.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;

    public Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** The delay after the {@code attempts}-th failed attempt (1 for the first). */
    public Duration after(int attempts, RandomGenerator random) {
        long exponential = base.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        long capped = Math.min(exponential <= 0 ? Long.MAX_VALUE : exponential, max.toMillis());
        double spread = 0.75 + random.nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(1, Math.round(capped * spread)));
    }
}
