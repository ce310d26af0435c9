package verticles.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, instead of sleeping and hoping. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls until {@code value} satisfies {@code done}; fails with the last value seen. */
    public static <T> T await(Duration deadline, Supplier<T> value, java.util.function.Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = value.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("not reached within " + deadline + "; last seen: " + last);
    }
}
