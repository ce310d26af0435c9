package verticles.platform;

/**
 * The event-bus addresses of the platform itself: the journal's per-tenant fan-out and the
 * outbox relay's nudge. Each feature declares its own (for example {@code OrderAddresses});
 * every message body is a {@code JsonObject}, so it crosses nodes without custom codecs.
 */
public final class Addresses {

    private Addresses() {
    }

    /**
     * Published with the journal entries a writer appended for a tenant's shipments and orders
     * (see {@link verticles.platform.events.JournalEntry}). Push nodes listen on it while they
     * serve a stream of the tenant and route each entry to the streams it belongs to; a
     * per-entity address would cost a cluster-wide subscription for every connected client.
     */
    public static String tenantChanged(String tenantId) {
        return "tenant.changed." + tenantId;
    }

    /** Local nudge: the outbox has new rows, publish them now rather than at the next poll. */
    public static final String OUTBOX_PENDING = "outbox.pending";

    /** Runs the maintenance now: {@code {}} → what each upkeep did, or 409 while another node runs it. */
    public static final String MAINTENANCE_RUN = "maintenance.run";
}
