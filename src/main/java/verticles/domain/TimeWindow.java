package verticles.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The times a client may name: none before {@code earliest} (refused as {@code tooOld} says) and
 * none after {@code latest} (now plus the allowed clock skew).
 */
public record TimeWindow(Instant earliest, String tooOld, Instant latest) {

    private static final Instant Y2K = Instant.parse("2000-01-01T00:00:00Z");

    /** Any time from 2000 up to {@code latest}: for ranges asked of what is stored. */
    public static TimeWindow upTo(Instant latest) {
        return new TimeWindow(Y2K, "is before 2000", latest);
    }

    /**
     * A device time for history that keeps {@code retention} (named {@code retentionText} in the
     * refusal): no older than that, no later than {@code now} plus {@code skew}.
     */
    public static TimeWindow retained(Instant now, Duration skew, Duration retention, String retentionText) {
        Instant edge = now.minus(retention);
        return edge.isAfter(Y2K)
            ? new TimeWindow(edge, "is older than the history retention of " + retentionText, now.plus(skew))
            : upTo(now.plus(skew));
    }

    /** The earliest time any client may name: the default start of a range. */
    static Instant y2k() {
        return Y2K;
    }
}
