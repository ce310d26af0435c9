package verticles.domain.shipment;

import java.time.Duration;
import java.time.Instant;

/**
 * What a shipment's customer has been told about its arrival: the first estimate
 * ({@code original}), the one told now ({@code announced}), the one it replaced ({@code previous})
 * and when it was replaced ({@code revisedAt}). A fresh estimate replaces the announced one only
 * when it moved by more than the revision threshold, so the customer sees a steady time that is
 * revised openly ("was 14:20, now 14:35"), not one that flickers with every fix.
 */
public record EtaHistory(Instant original, Instant announced, Instant previous, Instant revisedAt) {

    public static final EtaHistory NONE = new EtaHistory(null, null, null, null);

    /** How late a passed time must be estimated before it is revised: less is "due now", not news. */
    static final Duration LEAST_SLIP = Duration.ofMinutes(1);

    /** The history after an estimate, and whether the estimate revised what was announced. */
    public record Step(EtaHistory history, boolean revised) {

        /** True when there is something new to keep: a first estimate or a revision. */
        public boolean changedFrom(EtaHistory before) {
            return !history.equals(before);
        }
    }

    /**
     * Takes a fresh {@code estimate} (null: none, as for a stopped courier or a stale fix, which
     * changes nothing) made at {@code now}. The first one is announced as it is; a later one
     * replaces the announced time when it differs by more than {@code threshold}, or when the
     * announced time has passed and the estimate is at least {@link #LEAST_SLIP} later: a promise
     * already broken is revised even when the slip is under the threshold.
     */
    public Step next(Instant estimate, Instant now, Duration threshold) {
        if (estimate == null) {
            return new Step(this, false);
        }
        if (announced == null) {
            return new Step(new EtaHistory(estimate, estimate, null, null), false);
        }
        boolean broken = announced.isBefore(now) && Duration.between(announced, estimate).compareTo(LEAST_SLIP) >= 0;
        if (!broken && Duration.between(announced, estimate).abs().compareTo(threshold) <= 0) {
            return new Step(this, false);
        }
        return new Step(new EtaHistory(original, estimate, announced, now), true);
    }

    /**
     * The arrival time to show at {@code now}: the announced one, unless it has passed without a
     * fresh estimate to replace it (the courier stopped, or went silent), when it is unknown.
     */
    public Instant shown(Instant now) {
        return announced == null || announced.isBefore(now) ? null : announced;
    }
}
