package verticles.platform.events;

import verticles.platform.redis.HashSlots;

/**
 * The event journal the live streams are served from: one capped Redis stream per shipment, per
 * order and per tenant. Writers append an event to every stream it belongs to inside the same
 * Lua script that applies the change, so an event is journaled exactly when its change took
 * effect, and always before it is published on the event bus.
 *
 * <p>Each entry names the entry before it ({@code p}; {@code "0"} for a stream's first), so a
 * reader can tell for certain whether it has seen every event up to a given id: a client resuming
 * from an id whose successor no longer points back at it has missed trimmed events and is given
 * a fresh snapshot instead. Entry fields: {@code p} previous id, {@code t} event type ({@code
 * location}, {@code checkpoint}, {@code status}), {@code s} the entity the event is about,
 * {@code d} the event's JSON.
 *
 * <p>Streams are trimmed to a configured length on every append and expire after a configured
 * time without events, so the journal never grows without bound.
 */
public final class EventJournal {

    /** The event id a stream has before its first event; a snapshot of such a stream carries it. */
    public static final String BEFORE_FIRST = "0";

    /**
     * {@code journal(stream, maxlen, ttlMillis, type, subject, data)} appends one entry and returns
     * {@code {id, previousId}}. Scripts that journal include this text before their own.
     */
    public static final String APPEND_FUNCTION = """
        local function journal(stream, maxlen, ttl, kind, subject, data)
          local top = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
          local prev = '0'
          if top[1] then prev = top[1][1] end
          local id = redis.call('XADD', stream, 'MAXLEN', maxlen, '*', 'p', prev, 't', kind, 's', subject, 'd', data)
          redis.call('PEXPIRE', stream, ttl)
          return {id, prev}
        end
        """;

    private EventJournal() {
    }

    /** The stream name of one shipment or order: its id. */
    public static String entityStream(String entityId) {
        return entityId;
    }

    /** The stream name of a tenant's feed (every order and shipment of the tenant). */
    public static String tenantStream(String tenantId) {
        return "tenant:" + tenantId;
    }

    /**
     * The Redis key holding a stream of the tenant's. It carries the tenant's hash tag, so a
     * script can append to a shipment's or order's stream and the tenant's feed, and change the
     * shipment's cache entry, all on one Redis Cluster node.
     */
    public static String key(String tenantId, String stream) {
        return "meridian:" + HashSlots.tag(tenantId) + ":events:" + stream;
    }
}
