package verticles.platform.jobs;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a worker may still rely on jobs it claimed with a lease ({@link JobQueue#claim}).
 * The database starts the lease when it runs the claim, which is after the worker sent it; so,
 * by the worker's own clock, the lease cannot run out before the moment the claim was sent plus
 * its length, however late the answer comes back. An answer held up on its way (a link down
 * while TCP retransmits) can arrive with the lease nearly gone, when another worker may already
 * be taking the same jobs: a job is then not started unless it can end before the lease does.
 */
public final class Lease {

    private final LongSupplier nanoClock;
    private final long endsAtNanos;

    Lease(LongSupplier nanoClock, Duration length) {
        this.nanoClock = nanoClock;
        this.endsAtNanos = nanoClock.getAsLong() + length.toNanos();
    }

    /** The lease of a claim about to be sent now. */
    public static Lease claimedNow(Duration length) {
        return new Lease(System::nanoTime, length);
    }

    /** Whether work that takes at most {@code work} from now ends before the lease can have run out. */
    public boolean covers(Duration work) {
        return endsAtNanos - nanoClock.getAsLong() >= work.toNanos();
    }
}
